"""The bundle format (docs/course-bundles.md): its files, their keys, and the model fields
each key sets.

One list of `Key`s per kind of file drives the reader's checks, the exporter's output (keys in
this order) and the importer's writes, so the three cannot disagree. A spec holds one object's
model field values as read from a bundle or from the database (`values`), plus its children.
"""

from dataclasses import dataclass, field

from lessons.pictures import Resized
from quizzes.grading import Kind
from quizzes.models import Quiz

COURSE_FILE = "course.yaml"
MODULE_FILE = "module.yaml"
LESSON_SUFFIX = ".md"
QUIZ_SUFFIX = ".quiz.yaml"  # what the exporter writes; any name ending in .yaml is read
FRONT_MATTER = "---"

# Far above any real quiz, low enough that one uploaded file cannot keep an import (and every
# attempt page) busy with tens of thousands of rows.
MAX_QUESTIONS = 200  # in a quiz
MAX_OPTIONS = 100  # options, accepted answers, items or pairs in a question

# Every number in a bundle is stored in a small integer column: PostgreSQL caps those here,
# SQLite does not, so the reader applies the cap itself and a bundle reads alike on both.
MAX_NUMBER = 32767

REQUIRED = object()

TEXT, BOOL, INT, OPTIONAL_INT, NAMES, LIST = "text", "bool", "int", "int?", "names", "list"
# A list of one-line texts, stored in one text field, one per line (a module's objectives).
LINES = "lines"


@dataclass(frozen=True)
class Key:
    name: str  # as written in the bundle
    type: str
    field: str = ""  # the model field it sets; "" for the structure (lists of files, questions)
    default: object = REQUIRED
    choices: tuple[str, ...] = ()
    omit_empty: bool = False  # the exporter leaves it out when its field is ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


COURSE_KEYS = (
    Key("slug", TEXT, "slug"),
    Key("title", TEXT, "title"),
    Key("summary", TEXT, "summary"),
    Key("published", BOOL, "is_published", default=False),
    Key("sequential", BOOL, "sequential", default=False),
    Key("description", TEXT, "description", default=""),
    Key("picture", TEXT, default="", omit_empty=True),  # a picture file beside course.yaml
    Key("picture_alt", TEXT, "picture_alt", default="", omit_empty=True),
    Key("modules", NAMES),
)
MODULE_KEYS = (
    Key("slug", TEXT, "slug"),
    Key("title", TEXT, "title"),
    Key("summary", TEXT, "summary", default=""),
    Key("objectives", LINES, "objectives", default=[], omit_empty=True),
    Key("published", BOOL, "is_published", default=False),
    Key("picture", TEXT, default="", omit_empty=True),  # a picture file beside module.yaml
    Key("picture_alt", TEXT, "picture_alt", default="", omit_empty=True),
    Key("lessons", NAMES, default=[]),
    Key("quizzes", NAMES, default=[]),
)
LESSON_KEYS = (  # the front matter; the body follows it
    Key("slug", TEXT, "slug"),
    Key("title", TEXT, "title"),
    Key("minutes", INT, "estimated_minutes", default=5),
    Key("published", BOOL, "is_published", default=False),
)
QUIZ_KEYS = (
    Key("slug", TEXT, "slug"),
    Key("title", TEXT, "title"),
    Key("pass_percent", INT, "pass_percent", default=70),
    Key("max_attempts", OPTIONAL_INT, "max_attempts", default=None),
    Key("shuffle_questions", BOOL, "shuffle_questions", default=False),
    Key("shuffle_choices", BOOL, "shuffle_choices", default=True),
    Key("reveal_answers", TEXT, "reveal_answers", default="when_done", choices=Quiz.Reveal.values),
    Key("published", BOOL, "is_published", default=False),
    Key("intro", TEXT, "intro", default=""),
    Key("questions", LIST, default=[]),
)
QUESTION_KEYS = (  # then the kind's list of options (OPTION_LISTS)
    Key("kind", TEXT, "kind", choices=Kind.values),
    Key("points", INT, "points", default=1),
    Key("prompt", TEXT, "prompt"),
    Key("explanation", TEXT, "explanation", default="", omit_empty=True),
)

# How each kind writes its options: the list's key, and each item's keys (None: each item is
# plain text, the option's `text`).
CHOICE_KEYS = (
    Key("text", TEXT, "text"),
    Key("correct", BOOL, "is_correct", default=False),
    Key("feedback", TEXT, "feedback", default="", omit_empty=True),
)
PAIR_KEYS = (Key("left", TEXT, "text"), Key("right", TEXT, "match_text"))


@dataclass(frozen=True)
class OptionList:
    key: str
    item_keys: tuple[Key, ...] | None
    noun: str  # one item, in words


OPTION_LISTS = {
    Kind.SINGLE: OptionList("options", CHOICE_KEYS, "option"),
    Kind.MULTIPLE: OptionList("options", CHOICE_KEYS, "option"),
    Kind.TRUE_FALSE: OptionList("options", CHOICE_KEYS, "option"),
    Kind.SHORT_TEXT: OptionList("answers", None, "accepted answer"),
    Kind.ORDERING: OptionList("items", None, "item"),
    Kind.MATCHING: OptionList("pairs", PAIR_KEYS, "pair"),
}
# What a bundle does not say about an option: every Choice field is always set, so a bundle
# decides the whole row. Short-text answers, ordering items and matching pairs are all part of
# the right answer (grading ignores their "correct"); only choices show feedback.
OPTION_DEFAULTS = {"is_correct": True, "feedback": "", "match_text": ""}


def option_values(written: dict) -> dict:
    """All of a Choice's fields, from those the bundle wrote."""
    return {**OPTION_DEFAULTS, **written}


# What a bundle describes, read from its files or from the database.


@dataclass
class OptionSpec:
    values: dict  # text, is_correct, feedback, match_text
    # Where each field was written ("questions[2].pairs[1].right"), for problems.
    at: dict = field(default_factory=dict, compare=False)


@dataclass
class QuestionSpec:
    values: dict  # kind, points, prompt, explanation
    options: list[OptionSpec]
    at: str = field(default="", compare=False)  # "questions[2]"

    @property
    def kind(self) -> str:
        return self.values["kind"]


@dataclass
class LessonSpec:
    name: str  # the file's name in its module folder
    values: dict  # the front matter's fields and the body

    @property
    def slug(self) -> str:
        return self.values["slug"]


@dataclass
class QuizSpec:
    name: str
    values: dict
    questions: list[QuestionSpec]

    @property
    def slug(self) -> str:
        return self.values["slug"]


@dataclass
class ModuleSpec:
    name: str  # the folder's name
    values: dict
    lessons: list[LessonSpec]
    quizzes: list[QuizSpec]
    picture: Resized | None = None

    @property
    def slug(self) -> str:
        return self.values["slug"]

    def path(self, item) -> str:
        """Where a lesson or quiz of this module is, from the bundle's root."""
        return f"{self.name}/{item.name}"


@dataclass
class CourseSpec:
    values: dict
    modules: list[ModuleSpec]
    picture: Resized | None = None

    @property
    def slug(self) -> str:
        return self.values["slug"]


# A picture is written into its folder under this name, read from the name its key gives.
PICTURE_FILE = "picture.webp"


def lines_field(items: list[str]) -> str:
    """A LINES key's list as its model field holds it: one item per line."""
    return "\n".join(items)


def lines_list(text: str) -> list[str]:
    """A LINES field as its key lists it."""
    return text.split("\n") if text else []


def fields_of(keys: tuple[Key, ...]) -> list[str]:
    """The model fields a file's keys set."""
    return [key.field for key in keys if key.field]


def key_for(keys: tuple[Key, ...], model_field: str) -> str:
    """The bundle's name for `model_field` ("is_published" -> "published")."""
    return next((key.name for key in keys if key.field == model_field), model_field)
