"""Which app may import which: the lessons app knows nothing of quizzes (quizzes add themselves
to its outline and admin), and the quiz pages share page helpers with the lesson pages through
jsnlearn/pages.py, never by importing the lesson views."""

from pathlib import Path

from tests.helpers import imported

ROOT = Path(__file__).resolve().parents[2]


def imports_of(path: Path) -> set[str]:
    package = ".".join(path.relative_to(ROOT).parent.parts)
    return imported(path.read_text(encoding="utf-8"), package)


def reaches(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


def test_the_quiz_views_do_not_import_the_lesson_views():
    found = imports_of(ROOT / "quizzes" / "views.py")

    assert "jsnlearn.pages" in found  # what the two share
    assert not [name for name in found if reaches(name, "lessons.views")]


def test_the_lessons_app_never_imports_quizzes():
    offending = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "lessons").rglob("*.py")
        for name in imports_of(path)
        if reaches(name, "quizzes")
    )

    assert offending == []


def test_an_import_of_the_lesson_views_in_any_form_is_found():
    sources = [
        "from lessons.views import catalog\n",
        "from lessons import views\n",
        "import lessons.views\n",
        "def page():\n    from lessons import views as lesson_views\n",
    ]

    for source in sources:
        found = imported(source, "quizzes")
        assert [name for name in found if reaches(name, "lessons.views")], source
