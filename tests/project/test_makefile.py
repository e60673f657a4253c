"""`make run` installs what running needs, `make test` adds the test tools, in either order,
and nothing is installed twice. The Makefile runs for real in a scratch folder, with a stand-in
Python that notes each command instead of running it."""

import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

STAND_IN = """#!/bin/sh
# Notes its arguments; `-m venv DIR` makes DIR a virtualenv of stand-ins.
echo "$(basename "$0") $*" >> "$COMMANDS"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && cp "$0" "$3/bin/ruff"
fi
"""


@pytest.fixture
def make(tmp_path):
    """Runs `make TARGET` on a copy of the Makefile and requirements; returns the pip installs
    it ran, by requirements file, and whether it made the virtualenv."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(REPO / name, tmp_path / name)
    python = tmp_path / "python3"
    python.write_text(STAND_IN)
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    commands = tmp_path / "commands.log"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env |= {"COMMANDS": str(commands), "PYTHON": str(python)}

    def run(target: str) -> tuple[list[str], bool]:
        commands.write_text("")
        subprocess.run(["make", "--no-print-directory", target], cwd=tmp_path, env=env, check=True)
        ran = commands.read_text().splitlines()
        installs = [
            line.split(" -r ")[1] for line in ran if " pip install " in line and " -r " in line
        ]
        return installs, any(" -m venv " in line for line in ran)

    return run


def installed_yesterday(folder: Path) -> None:
    """As if the requirements were written two days ago, and installed yesterday."""
    now = time.time()
    for path in folder.glob("requirements*.txt"):
        os.utime(path, (now - 2 * 86_400, now - 2 * 86_400))
    for path in (folder / ".venv").rglob("*"):
        os.utime(path, (now - 86_400, now - 86_400))


def test_run_installs_only_what_running_needs(make):
    assert make("run") == (["requirements.txt"], True)


def test_run_then_test_adds_the_test_tools_alone(make):
    make("run")

    assert make("test") == (["requirements-dev.txt"], False)
    assert make("run") == ([], False)


def test_test_then_run_installs_nothing_more(make):
    assert make("test") == (["requirements.txt", "requirements-dev.txt"], True)
    assert make("run") == ([], False)
    assert make("test") == ([], False)


def test_a_changed_requirements_file_is_installed_again(make, tmp_path):
    make("test")
    installed_yesterday(tmp_path)
    (tmp_path / "requirements.txt").touch()

    assert make("run") == (["requirements.txt"], False)
    assert make("test") == ([], False)

    installed_yesterday(tmp_path)
    (tmp_path / "requirements-dev.txt").touch()
    assert make("test") == (["requirements-dev.txt"], False)
