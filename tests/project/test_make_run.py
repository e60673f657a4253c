"""`make run` runs the site, the worker beside it and the periodic command on a timer, and one
Ctrl-C stops them all. The Makefile runs for real in a scratch folder, with a stand-in Python
whose site and worker wait for a signal and whose periodic command fails."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

STAND_IN = f"""#!{sys.executable}
import os, signal, sys, time
command = " ".join(sys.argv[1:])
def note(line):
    with open(os.environ["COMMANDS"], "a") as log:
        log.write(line + "\\n")
note(command)
def stop(signum, frame):
    note(f"{{command}}: {{signal.Signals(signum).name}}")
    sys.exit(0)
if "runserver" in command or "db_worker" in command:
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    time.sleep(60)
sys.exit(1 if "run_periodic" in command else 0)
"""


def test_run_serves_the_site_with_the_worker_and_periodic_work_until_ctrl_c(tmp_path):
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(REPO / name, tmp_path / name)
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(STAND_IN)
    python.chmod(0o755)
    (tmp_path / ".venv" / ".installed-runtime").touch()  # installed already
    commands = tmp_path / "commands.log"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["COMMANDS"] = str(commands)

    make = subprocess.Popen(
        ["make", "--no-print-directory", "run", "PERIODIC_SECONDS=1"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a terminal's process group of its own, for Ctrl-C
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        time.sleep(3.5)
        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C
        make.wait(timeout=10)
        deadline = time.monotonic() + 5
        while running_in_group(make.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        lines = commands.read_text().splitlines()
        left = running_in_group(make.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signal.SIGKILL)

    assert lines[:2] == ["manage.py migrate --noinput", "manage.py load_courses"]
    for process in ("runserver 127.0.0.1:8000", "db_worker --no-reload --no-startup-delay"):
        assert f"manage.py {process}" in lines
        assert f"manage.py {process}: SIGINT" in lines
    # Run at once, then once a second although it fails: no faster, and no more after Ctrl-C.
    assert 3 <= lines.count("manage.py run_periodic") <= 5
    assert left == []


def running_in_group(group: int) -> list[str]:
    """The processes of a process group still running (zombies, already ended, aside)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                running.append(stat.parent.name)
    return running
