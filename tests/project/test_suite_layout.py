"""The suite's own rule: what several test files share lives in a helpers module (tests/helpers.py,
a folder's helpers.py, tests/factories.py, the browser's steps), never in a test file or a
conftest. Importing a test file runs its tests' module again under another name, and conftests
are pytest's to load."""

from pathlib import Path

from tests.helpers import imported

TESTS = Path(__file__).resolve().parents[1]


def package_of(path: Path) -> str:
    return ".".join(path.relative_to(TESTS.parent).parent.parts)


def is_test_module(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return name.startswith("tests.") and (last.startswith("test_") or last == "conftest")


def test_no_test_file_imports_another_test_file_or_a_conftest():
    offending = sorted(
        f"{path.relative_to(TESTS.parent)} imports {name}"
        for path in TESTS.rglob("*.py")
        for name in imported(path.read_text(encoding="utf-8"), package_of(path))
        if is_test_module(name)
    )

    assert offending == []


def test_the_rule_reads_every_way_of_importing():
    source = (
        "from tests.lessons.test_views import text\n"
        "from tests.reports import test_csv, helpers\n"
        "import tests.quizzes.test_flow\n"
        "from .conftest import staff\n"
        "from .. import factories\n"
        "from . import helpers\n"
    )

    found = {name for name in imported(source, "tests.bundle_admin") if is_test_module(name)}

    assert found == {
        "tests.lessons.test_views",
        "tests.reports.test_csv",
        "tests.quizzes.test_flow",
        "tests.bundle_admin.conftest",
    }
