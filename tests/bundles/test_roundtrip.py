"""Whatever text a course holds survives export -> import -> export, byte for byte."""

import tempfile
from pathlib import Path

import pytest
import yaml
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jsnlearn.bundles import yamltext
from jsnlearn.bundles.exporter import bundle_files, export_course
from jsnlearn.bundles.format import (
    CourseSpec,
    LessonSpec,
    ModuleSpec,
    OptionSpec,
    QuestionSpec,
    QuizSpec,
    option_values,
)
from jsnlearn.bundles.importer import import_bundle
from jsnlearn.bundles.reader import read_bundle
from lessons.models import Course, Lesson, Module
from quizzes.grading import Kind
from quizzes.models import Choice, Question, Quiz
from tests.bundles.helpers import files_of

# What trips up hand-written YAML: indicators, look-alikes of other types, quotes, line breaks
# of every kind, leading and trailing spaces, characters that must be escaped.
TRICKY = [
    ": ",
    ":",
    "#",
    " #",
    "- ",
    "? ",
    '"',
    "'",
    "\\",
    "\n",
    "\n\n",
    "\t",
    " ",
    "yes",
    "null",
    "~",
    "1.5",
    "0o17",
    "2024-01-01",
    "|",
    ">",
    "&a",
    "*a",
    "!x",
    "%",
    "@",
    "`",
    "---",
    "...",
    "[",
    "{",
    "\x85",
    "\u2028",
    "\ufeff",
    "\x7f",
    "\x1b",
    "名刺",
    "ﾒｲｼ",
    "🙇",
    "é",
]
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00\r")
TEXT = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(CHARACTERS, max_size=6)), max_size=8
).map("".join)


def text(max_size: int, *, blank=False):
    return TEXT.filter(lambda value: (blank or value) and len(value) <= max_size)


@given(st.text())
def test_yaml_written_for_any_text_reads_back_as_it(value):
    document = yamltext.dump({"text": value, "list": [value, {"item": value}]})

    assert yaml.safe_load(document) == {"text": value, "list": [value, {"item": value}]}


# One line of text, as a module's objectives are written: no line feed or carriage return
# inside, nothing to strip around it.
objective = (
    text(200).map(str.strip).filter(lambda line: line and "\n" not in line and "\r" not in line)
)


def option(value: str, **fields) -> OptionSpec:
    return OptionSpec(option_values({"text": value, **fields}))


@st.composite
def courses(draw) -> CourseSpec:
    """A course of one module, one lesson and one quiz, its text drawn from TEXT."""
    short, long = text(120), text(300)
    questions = [
        QuestionSpec(
            {
                "kind": Kind.SINGLE,
                "points": 1,
                "prompt": draw(text(500)),
                "explanation": draw(text(200, blank=True)),
            },
            [
                option(draw(long), is_correct=True, feedback=draw(text(90, blank=True))),
                option(draw(long), is_correct=False, feedback=""),
            ],
        ),
        QuestionSpec(
            {"kind": Kind.SHORT_TEXT, "points": 2, "prompt": draw(short), "explanation": ""},
            [option("a" + draw(text(200)))],
        ),
        QuestionSpec(
            {"kind": Kind.MATCHING, "points": 1, "prompt": draw(short), "explanation": ""},
            [option(draw(long), match_text=f"{n}" + draw(text(200))) for n in range(2)],
        ),
    ]
    quiz = {
        "slug": "check",
        "title": draw(text(160)),
        "pass_percent": 70,
        "max_attempts": None,
        "shuffle_questions": False,
        "shuffle_choices": True,
        "reveal_answers": "always",
        "is_published": True,
        "intro": draw(text(300, blank=True)),
    }
    lesson = {
        "slug": "first",
        "title": draw(text(160)),
        "estimated_minutes": 3,
        "is_published": True,
        "body": draw(text(2000)),
    }
    module = {
        "slug": "m",
        "title": draw(short),
        "summary": draw(text(300, blank=True)),
        "objectives": "\n".join(draw(st.lists(objective, max_size=4))),
        "is_published": True,
        "picture_alt": draw(st.sampled_from(["", "A stack of business cards"])),
    }
    course = {
        "slug": "c",
        "title": draw(short),
        "summary": draw(text(300)),
        "is_published": False,
        "sequential": True,
        "description": draw(text(900, blank=True)),
        "picture_alt": "",
    }
    return CourseSpec(
        course,
        [
            ModuleSpec(
                "m",
                module,
                [LessonSpec("first.md", lesson)],
                [QuizSpec("check.quiz.yaml", quiz, questions)],
            )
        ],
    )


def write(files: dict[str, str], root: Path) -> Path:
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content.encode())
    return root


@settings(max_examples=30, deadline=None)
@given(courses())
def test_the_files_of_any_course_read_back_as_the_same_course(course):
    files = bundle_files(course)
    with tempfile.TemporaryDirectory() as folder:
        read = read_bundle(write(files, Path(folder)))

    assert read == course
    assert bundle_files(read) == files


@pytest.mark.django_db
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(courses(), st.sampled_from(["\n", "\r\n"]))
def test_a_course_edited_in_the_admin_exports_the_same_after_a_round_trip(course, newline):
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder, "first"), Path(folder, "second")
        export_course(course=save(course, newline), out_dir=first)
        Course.objects.all().delete()

        import_bundle(root=first)
        export_course(course=Course.objects.get(), out_dir=second)

        assert files_of(second) == files_of(first)
        transaction.set_rollback(True)


def save(spec: CourseSpec, newline: str) -> Course:
    """`spec` written to the database as the admin would, its line breaks as `newline`."""

    def typed(values: dict) -> dict:
        return {k: v.replace("\n", newline) if isinstance(v, str) else v for k, v in values.items()}

    course = Course.objects.create(**typed(spec.values))
    for m, module_spec in enumerate(spec.modules):
        module = Module.objects.create(course=course, position=m, **typed(module_spec.values))
        for n, lesson in enumerate(module_spec.lessons):
            Lesson.objects.create(module=module, position=n, **typed(lesson.values))
        for n, quiz_spec in enumerate(module_spec.quizzes):
            quiz = Quiz.objects.create(module=module, position=n, **typed(quiz_spec.values))
            for q, question_spec in enumerate(quiz_spec.questions):
                question = Question.objects.create(
                    quiz=quiz, position=q, **typed(question_spec.values)
                )
                for c, option_spec in enumerate(question_spec.options):
                    Choice.objects.create(
                        question=question, position=c, **typed(option_spec.values)
                    )
    return course
