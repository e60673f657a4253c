"""Load a bundle into the database: validate everything first, then write in one transaction.

Matching on update (docs/course-bundles.md, "Updating a course"): the course by its slug, a
module by its slug in the course, a lesson or quiz by its slug in its module. Questions have no
slug: one with the same kind and prompt is the same question, the others pair up with questions
of their kind in order, then with what is left in order; a question's options likewise, by
their text first, then in order. So an edited question keeps
its id, its learners' responses and their stored points, and an option keeps the id a past
answer names.

What the bundle no longer has is deleted when no learner used it, and kept unpublished when
one did (a lesson someone completed, a quiz someone attempted, a module holding either). A
question learners answered can neither be removed nor change its kind (their stored answers
have its kind's shape): the import refuses with a Problem saying so.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from jsnlearn.bundles.errors import BundleInvalid, Problem, complete
from jsnlearn.bundles.format import (
    COURSE_FILE,
    COURSE_KEYS,
    LESSON_KEYS,
    MODULE_KEYS,
    QUESTION_KEYS,
    QUIZ_KEYS,
    CourseSpec,
    ModuleSpec,
    QuestionSpec,
    QuizSpec,
    key_for,
)
from jsnlearn.bundles.reader import read_bundle, read_course_slug
from lessons.models import Course, Lesson, Module
from lessons.services import store_picture
from quizzes.models import Attempt, Choice, Question, Quiz, Response

__all__ = ["ImportReport", "import_bundle", "read_course_slug"]

NOUNS = ("course", "module", "lesson", "quiz", "question", "option")
COUNTED = ("created", "updated", "unpublished", "deleted")  # the report's Counters
_PLURALS = {"quiz": "quizzes"}
_KEYS = {
    Course: COURSE_KEYS,
    Module: MODULE_KEYS,
    Lesson: LESSON_KEYS,
    Quiz: QUIZ_KEYS,
    Question: QUESTION_KEYS,
}


@dataclass
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    course_slug: str
    created: Counter = field(default_factory=Counter)  # by noun: "module", "lesson", "quiz", ...
    updated: Counter = field(default_factory=Counter)
    unpublished: Counter = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)  # "created lesson line/kidoku"
    dry_run: bool = False
    # Content the bundle dropped that no learner used (used content is unpublished instead).
    deleted: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        """ "created 3 lessons, 1 quiz; updated 1 course; unpublished 1 lesson; deleted ..."."""
        counters = [(verb, getattr(self, verb)) for verb in COUNTED]
        parts = [
            f"{verb} " + ", ".join(_count(counter[noun], noun) for noun in NOUNS if counter[noun])
            for verb, counter in counters
            if +counter
        ]
        return "; ".join(parts) or "no changes"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun if number == 1 else _PLURALS.get(noun, noun + 's')}"


def import_bundle(
    *, root: Path, update: bool = False, dry_run: bool = False, instructor=None
) -> ImportReport:
    """Import the bundle at `root`, all or nothing.

    Validates the whole bundle first and raises BundleInvalid (nothing written) on any
    problem. Without `update` an existing course of the same slug is refused (a Problem on
    course.yaml "slug"); with it, the course is updated in place, matched by slugs, keeping
    every learner's completions and attempts. `dry_run` computes the report and writes
    nothing. `instructor` (a user) is added to a newly created course's instructors.
    """
    bundle = read_bundle(Path(root))
    report = ImportReport(course_slug=bundle.slug, dry_run=dry_run)
    try:
        with transaction.atomic():
            course = Course.objects.select_for_update().filter(slug=bundle.slug).first()
            if course is not None and not update:
                raise _slug_problem(
                    f"a course with the slug {bundle.slug!r} exists already; "
                    "import it as an update to change that course"
                )
            complete(_conflicts(course, bundle))
            _Writer(report).course(course, bundle, instructor)
            if course is not None and report.lines:
                Course.objects.filter(pk=course.pk).renew_content_version()
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:  # the checks ran first, so only a concurrent import gets here
        raise _slug_problem(
            f"the course {bundle.slug!r} was being imported at the same moment; try again"
        ) from None
    return report


def _slug_problem(message: str) -> BundleInvalid:
    return BundleInvalid([Problem(COURSE_FILE, "slug", message)])


# What an update may not do.


def _conflicts(course: Course | None, bundle: CourseSpec) -> list[Problem]:
    """Answered questions the bundle would remove or give another kind."""
    if course is None:
        return []
    problems = []
    modules = {module.slug: module for module in course.modules.all()}
    for module_spec in bundle.modules:
        module = modules.get(module_spec.slug)
        quizzes = {quiz.slug: quiz for quiz in module.quizzes.all()} if module else {}
        for quiz_spec in module_spec.quizzes:
            quiz = quizzes.get(quiz_spec.slug)
            if quiz is not None:
                problems += _question_conflicts(quiz, quiz_spec, module_spec.path(quiz_spec))
    return problems


_NEW_SLUG = "or give the quiz a new slug (the old quiz and its attempts are kept as a draft)"


def _question_conflicts(quiz: Quiz, spec: QuizSpec, path: str) -> list[Problem]:
    answered = answered_questions(quiz)
    pairs, removed = pair_questions(list(quiz.questions.all()), spec.questions)
    problems = [
        Problem(
            path,
            f"{question_spec.at}.kind",
            f"learners have answered this question as {question.kind}, so its kind cannot "
            f"change to {question_spec.kind}; keep it {question.kind}, {_NEW_SLUG}",
        )
        for question_spec, question in pairs
        if question and question.pk in answered and question.kind != question_spec.kind
    ]
    problems += [
        Problem(
            path,
            "questions",
            f"the question {_excerpt(question.prompt)!r} has learners' answers, so it cannot be "
            f"removed; keep it in the quiz, {_NEW_SLUG}",
        )
        for question in removed
        if question.pk in answered
    ]
    return problems


def answered_questions(quiz: Quiz) -> set[int]:
    """Ids of `quiz`'s questions with learners' answers: submitted, or saved for later."""
    answered = set(Response.objects.filter(attempt__quiz=quiz).values_list("question", flat=True))
    for draft in Attempt.objects.filter(quiz=quiz).open().values_list("draft", flat=True):
        answered.update(int(pk) for pk, answer in draft.items() if answer is not None)
    return answered


def _excerpt(text: str) -> str:
    line = text.strip().split("\n")[0]
    return line if len(line) <= 60 else line[:59] + "…"


def pair_questions(questions: list, specs: list[QuestionSpec]):
    """(spec, question or None) for each spec, and the questions left over. The same kind and
    prompt first; then a question of the same kind, in order, so that rewording questions and
    moving them at once keeps each with its answers; then what is left, in order."""
    return _pair(
        questions,
        specs,
        lambda q: (q.kind, q.prompt),
        lambda s: (s.kind, s.values["prompt"]),
        lambda q: q.kind,
        lambda s: s.kind,
    )


def _pair(rows: list, specs: list, *keys):
    """Match `specs` with `rows`, pass by pass: each pass is a pair of functions (the row's
    key, the spec's key) and pairs each spec still unmatched with the first free row of equal
    key; what is left then pairs up in order. Returns (spec, row or None) for each spec, in the
    specs' order, and the rows left over."""
    free = list(rows)
    matched = {}
    for row_key, spec_key in zip(keys[::2], keys[1::2], strict=True):
        for number, spec in enumerate(specs):
            if number in matched:
                continue
            row = next((row for row in free if row_key(row) == spec_key(spec)), None)
            if row is not None:
                matched[number] = row
                free.remove(row)
    pairs = []
    for number, spec in enumerate(specs):
        row = matched.get(number)
        if row is None and free:
            row = free.pop(0)
        pairs.append((spec, row))
    return pairs, free


# Writing.

CREATED = None  # what `_Writer.put` returns for a new row instead of its changed fields


class _Writer:
    def __init__(self, report: ImportReport):
        self.report = report

    def put(self, noun: str, label: str | None, instance, values: dict, model, **parent):
        """Create (`instance` None) or update a row: (row, CREATED or the fields it changed).
        Counted in the report, and said in a line unless `label` is None."""
        if instance is None:
            instance = model(**parent, **values)
            instance.save()  # renders the Markdown fields
            self.report.created[noun] += 1
            if label:
                self.report.lines.append(f"created {noun} {label}")
            return instance, CREATED
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.save()
            self.report.updated[noun] += 1
            if label:
                self.report.lines.append(f"updated {noun} {label} ({_words(model, changed)})")
        return instance, changed

    def in_order(self, noun: str, rows, specs: list, model, label, **parent):
        """Create or update a row for each spec (modules, lessons, quizzes), matched by slug
        among `rows` and placed in the specs' order. Returns (spec, row) for each, and the
        rows left over: those the bundle dropped."""
        existing = {row.slug: row for row in rows}
        placed = []
        for position, spec in enumerate(specs, start=1):
            values = {**spec.values, "position": position}
            row, _ = self.put(
                noun, label(spec), existing.pop(spec.slug, None), values, model, **parent
            )
            placed.append((spec, row))
        return placed, list(existing.values())

    def course(self, course, spec: CourseSpec, instructor) -> None:
        # A picture is stored (once for the same bytes) and set like any field: a bundle
        # without one gives its course or module the picture drawn from its title.
        for pictured in (spec, *spec.modules):
            picture = pictured.picture and store_picture(pictured.picture)
            pictured.values["picture_id"] = picture.pk if picture else None
        course, change = self.put("course", spec.slug, course, spec.values, Course)
        if change is CREATED and instructor is not None:
            course.instructors.add(instructor)
        placed, dropped = self.in_order(
            "module", course.modules.all(), spec.modules, Module, lambda m: m.slug, course=course
        )
        for module_spec, module in placed:
            self.module(module, module_spec)
        for position, module in enumerate(dropped, start=len(spec.modules) + 1):
            self.drop_module(module, position)

    def module(self, module: Module, spec: ModuleSpec) -> None:
        def label(item):
            return f"{module.slug}/{item.slug}"

        _, lessons = self.in_order(
            "lesson", module.lessons.all(), spec.lessons, Lesson, label, module=module
        )
        placed, quizzes = self.in_order(
            "quiz", module.quizzes.all(), spec.quizzes, Quiz, label, module=module
        )
        for quiz_spec, quiz in placed:
            self.questions(quiz, quiz_spec)
        self.drop(module, lessons, after=len(spec.lessons))
        self.drop(module, quizzes, after=len(spec.quizzes))

    def questions(self, quiz: Quiz, spec: QuizSpec) -> None:
        existing = list(quiz.questions.prefetch_related("choices"))
        pairs, removed = pair_questions(existing, spec.questions)
        for position, (question_spec, question) in enumerate(pairs, start=1):
            values = {**question_spec.values, "position": position}
            question, change = self.put("question", None, question, values, Question, quiz=quiz)
            options_changed = self.options(question, question_spec)
            label = f"{quiz.module.slug}/{quiz.slug}#{position}"
            if change is CREATED:
                self.report.lines.append(f"created question {label}")
            elif change or options_changed:
                words = [_words(Question, change)] if change else []
                words += ["options"] if options_changed else []
                self.report.lines.append(f"updated question {label} ({', '.join(words)})")
        for question in removed:  # none answered: _conflicts refused those
            question.delete()
            self.report.deleted["question"] += 1
            self.report.lines.append(
                f"deleted question {_excerpt(question.prompt)!r} of {quiz.module.slug}/{quiz.slug}"
            )

    def options(self, question: Question, spec: QuestionSpec) -> bool:
        """Make the question's options the spec's; True if any was added, changed or removed."""
        pairs, removed = _pair(
            list(question.choices.all()),
            spec.options,
            lambda choice: choice.text,
            lambda option: option.values["text"],
        )
        changed = bool(removed)
        for position, (option_spec, choice) in enumerate(pairs, start=1):
            values = {**option_spec.values, "position": position}
            _, change = self.put("option", None, choice, values, Choice, question=question)
            changed = changed or change is CREATED or bool(change)
        for choice in removed:
            choice.delete()
            self.report.deleted["option"] += 1
        return changed

    # What the bundle dropped.

    def drop(self, module: Module, items, *, after: int) -> int:
        """Delete the lessons or quizzes `items` no learner used; unpublish the others and
        move them after the bundle's `after` items. Returns how many were kept."""
        kept = 0
        for item in items:
            noun = "quiz" if isinstance(item, Quiz) else "lesson"
            uses = (item.attempts if noun == "quiz" else item.completions).count()
            label = f"{module.slug}/{item.slug}"
            if not uses:
                item.delete()
                self.report.deleted[noun] += 1
                self.report.lines.append(f"deleted {noun} {label} (not in the bundle; never used)")
                continue
            kept += 1
            used = _count(uses, "attempt" if noun == "quiz" else "completion")
            self.unpublish(noun, label, item, after + kept, f"kept for its {used}")
        return kept

    def unpublish(self, noun: str, label: str, item, position: int, why: str) -> None:
        if item.is_published:
            self.report.unpublished[noun] += 1
            self.report.lines.append(f"unpublished {noun} {label} (not in the bundle; {why})")
        if item.is_published or item.position != position:
            item.is_published, item.position = False, position
            item.save()

    def drop_module(self, module: Module, position: int) -> None:
        """A module the bundle dropped: its content goes as above; it stays (unpublished)
        while it holds content a learner used."""
        kept = self.drop(module, module.lessons.all(), after=0)
        kept += self.drop(module, module.quizzes.all(), after=0)
        if kept:
            self.unpublish("module", module.slug, module, position, "it holds what learners used")
            return
        module.delete()
        self.report.deleted["module"] += 1
        self.report.lines.append(f"deleted module {module.slug} (not in the bundle; never used)")


def _words(model, fields) -> str:
    """Changed model fields in the bundle's words: "title, order"."""
    keys = _KEYS[model]
    words = {"position": "order", "picture_id": "picture"}
    return ", ".join(words.get(name) or key_for(keys, name) for name in fields)
