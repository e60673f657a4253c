"""Read a bundle folder into specs, checking everything before anything is written.

Every problem found is collected (file, field, message and, where known, the line) and raised
together as BundleInvalid, so an author fixes a bundle in one pass. Checks, in order: the
folder itself (files.py), each file's YAML and keys (types, unknown keys with a suggestion),
the order lists against the files present (missing, listed twice, not listed), the models' own
field rules (lengths, slugs, ranges, through `clean_fields`), slugs that repeat, and whether
each question can be graded (`quizzes.grading.problems`).
"""

import difflib
import re
import unicodedata
from pathlib import Path

from django.core.exceptions import ValidationError

from jsnlearn.bundles import files, yamltext
from jsnlearn.bundles.errors import BundleInvalid, Problem, complete
from jsnlearn.bundles.format import (
    BOOL,
    COURSE_FILE,
    COURSE_KEYS,
    FRONT_MATTER,
    INT,
    LESSON_KEYS,
    LESSON_SUFFIX,
    LINES,
    LIST,
    MAX_NUMBER,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MODULE_FILE,
    MODULE_KEYS,
    NAMES,
    OPTION_LISTS,
    OPTIONAL_INT,
    QUESTION_KEYS,
    QUIZ_KEYS,
    TEXT,
    CourseSpec,
    Key,
    LessonSpec,
    ModuleSpec,
    OptionSpec,
    QuestionSpec,
    QuizSpec,
    lines_field,
    option_values,
)
from lessons.models import Course, Lesson, Module
from lessons.pictures import Resized, resize_upload
from quizzes import grading
from quizzes.models import Choice, Question, Quiz

_CLOSING_LINE = re.compile(rf"^{FRONT_MATTER}[ \t]*$", re.MULTILINE)
_OPTION_LIST_KEYS = sorted({shape.key for shape in OPTION_LISTS.values()})  # every kind's list key


def read_bundle(root: Path) -> CourseSpec:
    """The course the bundle at `root` describes; raises BundleInvalid with every problem."""
    reader = _Reader(Path(root))
    course = reader.course()
    complete(reader.problems)
    return course


def read_course_slug(root: Path) -> str:
    """Which course the bundle at `root` is, from course.yaml alone (cheap)."""
    problems: list[Problem] = []
    root = Path(root)
    if (root / COURSE_FILE).is_symlink() or not (root / COURSE_FILE).is_file():
        raise BundleInvalid([Problem(COURSE_FILE, "", _MISSING_COURSE_FILE)])
    document = _Document.read(root, COURSE_FILE, problems)
    data = document.data if document else None
    slug = data.get("slug") if isinstance(data, dict) else None
    if document and not problems and not (isinstance(slug, str) and _is_slug(slug)):
        document.problem("slug", "must be the course's slug (letters, digits, - and _)")
    complete(problems)
    return slug


_MISSING_COURSE_FILE = "is missing: a bundle's folder starts with its course.yaml"


def _is_slug(text: str) -> bool:
    return bool(re.fullmatch(r"[-a-zA-Z0-9_]+", text))


class _Document:
    """One YAML text of the bundle (a file, or a lesson's front matter) and where its fields are."""

    def __init__(self, path: str, data, lines: dict[str, int], problems: list[Problem]):
        self.path, self.data, self.lines, self.problems = path, data, lines, problems

    @classmethod
    def read(cls, root: Path, path: str, problems: list[Problem]) -> "_Document | None":
        text = files.read_text(root, path, problems)
        return None if text is None else cls.parse(path, text, problems)

    @classmethod
    def parse(
        cls, path: str, text: str, problems: list[Problem], *, first_line: int = 1
    ) -> "_Document | None":
        try:
            data, lines, twice = yamltext.load(text, first_line=first_line)
        except yamltext.YAMLProblem as error:
            problems.append(Problem(path, "", str(error)))
            return None
        document = cls(path, data, lines, problems)
        for field, message in twice:
            document.problem(field, message)
        return document

    def problem(self, field: str, message: str) -> None:
        line = self.lines.get(field)
        if line and field:
            message = f"{message.removesuffix('.')} (line {line})"
        self.problems.append(Problem(self.path, field, message))

    def mapping(self, data, keys: tuple[Key, ...], at: str = "", *, also=()) -> dict | None:
        """`data`'s values by model field, checked against `keys` (structure keys by name);
        None when anything is wrong. `also`: further key names allowed, read by the caller."""
        if not isinstance(data, dict):
            self.problem(at, f"must be a set of keys and values (key: value), not {_kind(data)}")
            return None
        known = [key.name for key in keys] + list(also)
        ok = True
        for name in data:
            if name not in known:
                ok = False
                self.problem(_join(at, str(name)), _unknown(name, known))
        values = {}
        for key in keys:
            where = _join(at, key.name)
            if key.name not in data:
                if key.required:
                    ok = False
                    self.problem(where, "is missing")
                value = key.default
            else:
                value = data[key.name]
                message = _type_problem(key, value)
                if message:
                    ok = False
                    self.problem(where, message)
                    continue
            if key.type == LINES:
                value = self.line_items(value, where)
                if value is None:
                    ok = False
                    continue
            if key.field:  # the structure (lists of files, questions) is read by the caller
                values[key.field] = files.normalized(value)
        return values if ok else None

    def line_items(self, items: list, where: str) -> str | None:
        """A LINES key's items as its field holds them; None, with a problem for each item
        that is not one line of text."""
        found, ok = [], True
        for number, item in enumerate(items, start=1):
            message = _line_problem(item)
            if message:
                ok = False
                self.problem(f"{where}[{number}]", message)
            else:
                found.append(item.strip())
        return lines_field(found) if ok else None


def _line_problem(item) -> str | None:
    if not isinstance(item, str):
        return f"must be text, not {_kind(item)}; put it in quotes"
    if not item.strip():
        return "is empty; write the item, or leave it out"
    if "\n" in item or "\r" in item:
        return "must be one line: write each item as its own '- ' line"
    return _text_problem(item)


def _places(keys: tuple[Key, ...], at: str = "") -> dict[str, str]:
    """Where each model field is written: {"is_published": "questions[2].published"}."""
    return {key.field: _join(at, key.name) for key in keys if key.field}


def _join(at: str, name: str) -> str:
    return f"{at}.{name}" if at else name


def _unknown(name, known: list[str]) -> str:
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else "expected one of " + ", ".join(known)
    return f"is not a key here ({hint})"


def _kind(value) -> str:
    """What YAML made of a value, in words."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of keys"
    return f"a {type(value).__name__} ({value})"  # dates and times


def _type_problem(key: Key, value) -> str | None:
    """Why `value` does not fit `key`'s type, in words; None when it does."""
    if value is None and key.type != OPTIONAL_INT:
        empty = {TEXT: '""', NAMES: "[]", LIST: "[]", LINES: "[]"}.get(key.type)
        return f"is empty (write {empty} for none)" if empty and not key.required else "is empty"
    if key.type == TEXT:
        if not isinstance(value, str):
            return f"must be text, not {_kind(value)}; put it in quotes"
        if key.choices and value not in key.choices:
            return f"must be one of {', '.join(key.choices)}, not {value!r}"
        return _text_problem(value)
    if key.type == BOOL and not isinstance(value, bool):
        return f"must be true or false, not {_kind(value)}"
    whole = isinstance(value, int) and not isinstance(value, bool)
    if key.type == INT and not whole:
        return f"must be a whole number, not {_kind(value)}"
    if key.type == OPTIONAL_INT and not (whole or value is None):
        return f"must be a whole number, or null for no limit, not {_kind(value)}"
    if whole and value > MAX_NUMBER:
        return f"must be at most {MAX_NUMBER:,}"
    if key.type in (NAMES, LIST, LINES) and not isinstance(value, list):
        return f"must be a list (one '- ' line per item), not {_kind(value)}"
    return None


def _too_many(count: int, limit: int, nouns: str) -> str:
    return f"has {count:,} {nouns}; a bundle allows at most {limit}"


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return "contains a null character"
    if any(unicodedata.category(char) == "Cs" for char in text):
        return "contains a character that is not Unicode text (a lone surrogate)"
    return None


class _Reader:
    def __init__(self, root: Path):
        self.problems: list[Problem] = []
        self.listing = files.list_bundle(root, self.problems)
        self.listed: set[str] = set()  # what the order lists name
        self.ordered: set[str] = set()  # folders whose order lists could be read ("" the root)

    def course(self) -> CourseSpec | None:
        if self.listing is None:
            return None
        opened = self._open(COURSE_FILE, COURSE_KEYS, _MISSING_COURSE_FILE)
        if opened is None:
            return None
        document, values, data = opened
        picture = self._picture(document, data.get("picture"), "")
        names = self._names(document, data.get("modules"), "modules", "", self.listing.folders)
        modules = [module for module in map(self._module, names) if module]
        self._check_not_listed()
        if values is None:
            return None
        self._check_fields(document, Course, values, _places(COURSE_KEYS))
        _check_unique(
            self.problems,
            [(f"{module.name}/{MODULE_FILE}", module.slug) for module in modules],
            "module slugs must differ within a course",
        )
        return CourseSpec(values, modules, picture)

    def _picture(self, document, name, folder: str) -> Resized | None:
        """The picture file `name` (from a `picture:` key) in `folder`, checked and resized as
        an upload in the admin is; None, with a problem when it can't be used."""
        if name is None or name == "":
            return None
        message = files.name_problem(name)
        path = f"{folder}/{name}" if folder else str(name)
        if message:
            document.problem("picture", message)
            return None
        if not name.lower().endswith(files.PICTURE_SUFFIXES):
            kinds = ", ".join(files.PICTURE_SUFFIXES)
            document.problem("picture", f"names {name!r}; a picture is a file ending in {kinds}")
            return None
        if path in self.listing.refused:
            return None  # the file itself is the problem, reported already
        if path not in self.listing.files:
            document.problem("picture", f"names {path!r}, which is not in the bundle")
            return None
        self.listed.add(path)
        data = files.read_bytes(self.listing.root, path, self.problems)
        if data is None:
            return None
        try:
            return resize_upload(data)
        except ValidationError as error:
            document.problem("picture", f"{path}: {error.messages[0]}")
            return None

    def _read(self, path: str) -> _Document | None:
        return _Document.read(self.listing.root, path, self.problems)

    def _open(self, path: str, keys: tuple[Key, ...], missing: str):
        """A course.yaml or module.yaml: (its document, its values or None, its keys as
        read); None, and a problem, when it is missing or not YAML."""
        if path in self.listing.refused:
            return None  # there, but refused (too big, a link): that problem is reported
        if path not in self.listing.files:
            self.problems.append(Problem(path, "", missing))
            return None
        self.listed.add(path)
        document = self._read(path)
        if document is None:
            return None
        data = document.data if isinstance(document.data, dict) else {}
        return document, document.mapping(document.data, keys), data

    def _names(self, document, names, key: str, folder: str, present: set[str], suffix=""):
        """The names listed under `key` that are in `present`; problems for the others."""
        if not isinstance(names, list):
            return []  # missing or not a list: the key check said so
        self.ordered.add(folder)
        found = []
        for number, name in enumerate(names, start=1):
            where = f"{key}[{number}]"
            message = files.name_problem(name)
            path = f"{folder}/{name}" if folder else name
            if message:
                document.problem(where, message)
            elif not name.endswith(suffix):
                document.problem(where, f"names {name!r}; {key} are files ending in {suffix}")
            elif name == MODULE_FILE:
                document.problem(where, f"{MODULE_FILE} is the module's own file, not a quiz")
            elif path in self.listing.refused:
                continue  # the file itself is the problem, reported already
            elif path not in present:
                document.problem(where, f"names {path!r}, which is not in the bundle")
            elif path in self.listed:
                document.problem(where, f"lists {name!r} a second time")
            else:
                self.listed.add(path)
                found.append(name)
        return found

    def _module(self, name: str) -> ModuleSpec | None:
        missing = "is missing: each module folder has one (slug, title, order)"
        opened = self._open(f"{name}/{MODULE_FILE}", MODULE_KEYS, missing)
        if opened is None:
            return None
        document, values, data = opened
        picture = self._picture(document, data.get("picture"), name)
        present = self.listing.files
        lesson_names = self._names(
            document, data.get("lessons"), "lessons", name, present, LESSON_SUFFIX
        )
        quiz_names = self._names(document, data.get("quizzes"), "quizzes", name, present, ".yaml")
        lessons = [self._lesson(f"{name}/{lesson}") for lesson in lesson_names]
        quizzes = [self._quiz(f"{name}/{quiz}") for quiz in quiz_names]
        if values is None:
            return None
        self._check_fields(document, Module, values, _places(MODULE_KEYS))
        module = ModuleSpec(
            name, values, [x for x in lessons if x], [x for x in quizzes if x], picture
        )
        for items in (module.lessons, module.quizzes):
            _check_unique(
                self.problems,
                [(module.path(item), item.slug) for item in items],
                "slugs must differ within a module",
            )
        return module

    def _lesson(self, path: str) -> LessonSpec | None:
        text = files.read_text(self.listing.root, path, self.problems)
        if text is None:
            return None
        split = _split_front_matter(text)
        if split is None:
            self.problems.append(Problem(path, "", _NO_FRONT_MATTER))
            return None
        front_matter, body = split
        document = _Document.parse(path, front_matter, self.problems, first_line=2)
        if document is None:
            return None
        values = document.mapping(document.data, LESSON_KEYS)
        if values is None:
            return None
        values["body"] = body
        self._check_fields(document, Lesson, values, _places(LESSON_KEYS))
        return LessonSpec(path.rpartition("/")[2], values)

    def _quiz(self, path: str) -> QuizSpec | None:
        document = self._read(path)
        if document is None:
            return None
        values = document.mapping(document.data, QUIZ_KEYS)
        data = document.data if isinstance(document.data, dict) else {}
        raw = data.get("questions")
        if isinstance(raw, list) and len(raw) > MAX_QUESTIONS:
            document.problem("questions", _too_many(len(raw), MAX_QUESTIONS, "questions"))
            return None
        questions = [
            self._question(document, item, f"questions[{number}]")
            for number, item in enumerate(raw if isinstance(raw, list) else [], start=1)
        ]
        if values is None or None in questions:
            return None
        self._check_fields(document, Quiz, values, _places(QUIZ_KEYS))
        if values["is_published"] and not questions:
            document.problem(
                "questions", "a published quiz needs questions; add some, or set published: false"
            )
        return QuizSpec(path.rpartition("/")[2], values, questions)

    def _question(self, document: _Document, data, at: str) -> QuestionSpec | None:
        kind = data.get("kind") if isinstance(data, dict) else None
        shape = OPTION_LISTS.get(kind)
        values = document.mapping(data, QUESTION_KEYS, at, also=_OPTION_LIST_KEYS)
        if shape is None:  # not a question, or not a kind: the mapping check said so
            return None
        misplaced = [key for key in _OPTION_LIST_KEYS if key in data and key != shape.key]
        for key in misplaced:
            document.problem(
                f"{at}.{key}", f"a {kind} question lists its {shape.noun}s under {shape.key}"
            )
        if misplaced:
            return None
        where = f"{at}.{shape.key}"
        items = data.get(shape.key)
        if not isinstance(items, list):
            document.problem(where, f"is missing: a {kind} question lists its {shape.noun}s here")
            return None
        if len(items) > MAX_OPTIONS:
            document.problem(where, _too_many(len(items), MAX_OPTIONS, f"{shape.noun}s"))
            return None
        options = [
            self._option(document, shape, item, f"{where}[{number}]")
            for number, item in enumerate(items, start=1)
        ]
        if values is None or None in options:
            return None
        question = QuestionSpec(values, options, at)
        if self._check_fields(document, Question, values, _places(QUESTION_KEYS, at)):
            self._check_gradable(document, question, where)
        return question

    def _option(self, document: _Document, shape, item, at: str) -> OptionSpec | None:
        if shape.item_keys is None:
            message = _type_problem(Key(shape.noun, TEXT), item)
            if message:
                document.problem(at, message)
                return None
            written, places = {"text": files.normalize_newlines(item)}, {"text": at}
        else:
            written = document.mapping(item, shape.item_keys, at)
            if written is None:
                return None
            places = _places(shape.item_keys, at)
        option = OptionSpec(option_values(written), places)
        self._check_fields(document, Choice, option.values, places)
        return option

    def _check_fields(self, document, model, values: dict, places: dict[str, str]) -> bool:
        """The model's own rules for these values (lengths, slugs, ranges), each problem at
        its field's place in the file; True if all pass."""
        errors = _field_errors(model, values)
        for field, messages in errors.items():
            for message in messages:
                document.problem(places.get(field, field), message)
        return not errors

    def _check_gradable(self, document, question: QuestionSpec, where: str) -> None:
        options = tuple(
            grading.Option(
                id=number,
                text=option.values["text"],
                is_correct=option.values["is_correct"],
                match_text=option.values["match_text"],
            )
            for number, option in enumerate(question.options, start=1)
        )
        spec = grading.Spec(kind=question.kind, points=question.values["points"], options=options)
        for message in grading.problems(spec):
            document.problem(where, message)

    def _check_not_listed(self) -> None:
        """Every file and folder belongs to the course: report what no order list names."""
        reported: list[str] = []
        for path in sorted(self.listing.files | self.listing.folders):
            if path in self.listed or any(path.startswith(f"{top}/") for top in reported):
                continue
            folder, _, _ = path.rpartition("/")
            if folder not in self.ordered:
                continue  # its folder's order could not be read: that is the problem to fix
            if path in self.listing.folders and folder:
                message = "is a folder inside a module folder; modules hold files only"
            elif path in self.listing.folders:
                message = f"is not listed in {COURSE_FILE} (modules); list it or remove it"
            elif not folder:
                message = (
                    f"is not part of the course: only {COURSE_FILE} and module folders go here"
                )
            else:
                message = f"is not listed in {folder}/{MODULE_FILE}; list it or remove it"
            reported.append(path)
            self.problems.append(Problem(path, "", message))


_NO_FRONT_MATTER = (
    "must start with front matter: a line ---, the lesson's slug, title, minutes and "
    "published, and another line ---"
)


def _split_front_matter(text: str) -> tuple[str, str] | None:
    """A lesson file's front matter and body. The exporter writes a blank line after the
    closing --- and a final newline; they are not part of the body."""
    opening = FRONT_MATTER + "\n"
    if not text.startswith(opening):
        return None
    closing = _CLOSING_LINE.search(text, len(opening))
    if closing is None:
        return None
    body = text[closing.end() :].removeprefix("\n").removeprefix("\n").removesuffix("\n")
    return text[len(opening) : closing.start()], body


def _field_errors(model, values: dict) -> dict[str, list[str]]:
    """What `model.clean_fields` says about `values` (only the fields given are checked)."""
    fields = {field.name for field in model._meta.fields}
    given = {name: value for name, value in values.items() if name in fields}
    exclude = fields - given.keys()
    try:
        model(**given).clean_fields(exclude=exclude)
    except ValidationError as error:
        return {
            field: [str(message) for message in errors]
            for field, errors in error.message_dict.items()
        }
    return {}


def _check_unique(problems: list[Problem], slugs: list[tuple[str, str]], rule: str) -> None:
    first: dict[str, str] = {}
    for path, slug in slugs:
        if slug in first:
            problems.append(
                Problem(path, "slug", f"{slug!r} is also the slug of {first[slug]}; {rule}")
            )
        else:
            first[slug] = path
