"""A copy of the example bundle to edit, its files as bytes, and the database as rows."""

import shutil
from pathlib import Path

from jsnlearn.bundles.importer import import_bundle
from lessons.models import Course, Lesson, LessonCompletion, Module
from quizzes.models import Attempt, Choice, Question, Quiz, Response

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "course-bundles" / "example"
SLUG = "cards-and-chats"
CONTENT = (Course, Module, Lesson, Quiz, Question, Choice, LessonCompletion, Attempt, Response)


def copy_example(tmp_path: Path, name: str = "bundle") -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / name))


def import_example(**options):
    return import_bundle(root=EXAMPLE, **options)


def files_of(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by its path from there, with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) by `new` in the file at `path`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def snapshot() -> dict[str, list[dict]]:
    """Every row of every content and progress table, to compare before and after."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in CONTENT}
