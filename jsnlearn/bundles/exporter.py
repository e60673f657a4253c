"""Write a course as a bundle: deterministic bytes, so export -> import -> export is identical.

Names follow the slugs (a module's folder is its slug, a lesson `<slug>.md`, a quiz
`<slug>.quiz.yaml`); keys come in the format's order; text is written by `yamltext.dump`, which
checks that it reads back unchanged. Line breaks are "\\n" (the admin's "\\r\\n" included).
"""

from pathlib import Path

from jsnlearn.bundles import yamltext
from jsnlearn.bundles.files import normalized
from jsnlearn.bundles.format import (
    COURSE_FILE,
    COURSE_KEYS,
    FRONT_MATTER,
    LESSON_KEYS,
    LESSON_SUFFIX,
    LINES,
    MODULE_FILE,
    MODULE_KEYS,
    OPTION_LISTS,
    PICTURE_FILE,
    QUESTION_KEYS,
    QUIZ_KEYS,
    QUIZ_SUFFIX,
    CourseSpec,
    Key,
    LessonSpec,
    ModuleSpec,
    OptionSpec,
    QuestionSpec,
    QuizSpec,
    fields_of,
    lines_list,
)
from lessons.models import Course, Picture
from lessons.pictures import Resized


def export_course(*, course, out_dir: Path) -> None:
    """Write `course` as bundle files under `out_dir`, which must be missing or empty but for
    names starting with a dot, which bundles leave out (`.git`). FileExistsError otherwise: an
    export never mixes with other files."""
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or _visible(out_dir)):
        raise FileExistsError(f"{out_dir} is not an empty folder")
    for path, content in bundle_files(course_spec(course)).items():
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _visible(folder: Path) -> bool:
    return any(not entry.name.startswith(".") for entry in folder.iterdir())


def course_spec(course: Course) -> CourseSpec:
    """What `course` holds, as the bundle format describes it (one query per level)."""
    course = Course.objects.prefetch_related(
        "modules__lessons", "modules__quizzes__questions__choices"
    ).get(pk=course.pk)
    modules = list(course.modules.all())
    pictures = {
        picture.pk: Resized(bytes(picture.large), bytes(picture.small))
        for picture in Picture.objects.filter(
            pk__in={course.picture_id} | {module.picture_id for module in modules}
        )
    }
    return CourseSpec(
        _values(course, COURSE_KEYS),
        [
            ModuleSpec(
                module.slug,
                _values(module, MODULE_KEYS),
                [
                    LessonSpec(lesson.slug + LESSON_SUFFIX, _values(lesson, LESSON_KEYS, "body"))
                    for lesson in module.lessons.all()
                ],
                [_quiz_spec(quiz) for quiz in module.quizzes.all()],
                pictures.get(module.picture_id),
            )
            for module in modules
        ],
        pictures.get(course.picture_id),
    )


def _quiz_spec(quiz) -> QuizSpec:
    questions = [
        QuestionSpec(
            _values(question, QUESTION_KEYS),
            [
                OptionSpec(_values(choice, (), "text", "is_correct", "feedback", "match_text"))
                for choice in question.choices.all()
            ],
        )
        for question in quiz.questions.all()
    ]
    return QuizSpec(quiz.slug + QUIZ_SUFFIX, _values(quiz, QUIZ_KEYS), questions)


def _values(instance, keys: tuple[Key, ...], *extra: str) -> dict:
    names = [*fields_of(keys), *extra]
    return {name: normalized(getattr(instance, name)) for name in names}


def bundle_files(course: CourseSpec) -> dict[str, str | bytes]:
    """Each file of the bundle (path from its root) and its text (a picture: its bytes, the
    large size as stored, which reads back to the same picture)."""
    written: dict[str, str | bytes] = {
        COURSE_FILE: yamltext.dump(
            _mapping(
                COURSE_KEYS,
                course.values,
                picture=PICTURE_FILE if course.picture else "",
                modules=[m.name for m in course.modules],
            )
        )
    }
    if course.picture:
        written[PICTURE_FILE] = course.picture.large
    for module in course.modules:
        written[f"{module.name}/{MODULE_FILE}"] = yamltext.dump(
            _mapping(
                MODULE_KEYS,
                module.values,
                picture=PICTURE_FILE if module.picture else "",
                lessons=[lesson.name for lesson in module.lessons],
                quizzes=[quiz.name for quiz in module.quizzes],
            )
        )
        if module.picture:
            written[f"{module.name}/{PICTURE_FILE}"] = module.picture.large
        for lesson in module.lessons:
            written[module.path(lesson)] = lesson_text(lesson)
        for quiz in module.quizzes:
            written[module.path(quiz)] = yamltext.dump(
                _mapping(QUIZ_KEYS, quiz.values, questions=list(map(_question, quiz.questions)))
            )
    return written


def lesson_text(lesson: LessonSpec) -> str:
    """Front matter between two --- lines, a blank line, the body, a final newline."""
    front_matter = yamltext.dump(_mapping(LESSON_KEYS, lesson.values))
    return f"{FRONT_MATTER}\n{front_matter}{FRONT_MATTER}\n\n{lesson.values['body']}\n"


def _question(question: QuestionSpec) -> dict:
    shape = OPTION_LISTS[question.kind]
    if shape.item_keys is None:
        options = [option.values["text"] for option in question.options]
    else:
        options = [_mapping(shape.item_keys, option.values) for option in question.options]
    return {**_mapping(QUESTION_KEYS, question.values), shape.key: options}


def _mapping(keys: tuple[Key, ...], values: dict, **structure) -> dict:
    """The keys to write, in the format's order: model fields from `values`, the rest (lists
    of files, questions) from `structure`."""
    written = {}
    for key in keys:
        value = values[key.field] if key.field else structure[key.name]
        if key.omit_empty and value == "":
            continue
        written[key.name] = lines_list(value) if key.type == LINES else value
    return written
