"""The figures of instructors' reports: where a course's learners are, how a quiz's attempts went.

Every function runs a fixed number of queries whatever the number of learners or attempts:
counts, maxima and averages are worked out by the database (GROUP BY learner, question or
answer), and Python only combines rows whose number the course's content bounds (or, for a
CSV export, one row per learner).

A course is reported as its learners see it: `outline(course)` is `lessons.progress` for a
visitor, so "published items" and progress percentages mean exactly what they mean on a
learner's own pages. This module lives in the project package because it reads both apps.
"""

import html
import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from itertools import chain, repeat

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Avg,
    CharField,
    Count,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Lower
from django.utils import timezone
from django.utils.html import strip_tags

from jsnlearn.reports import item_analysis
from lessons.models import Course, Enrollment, LessonCompletion
from lessons.progress import (
    CourseProgress,
    Item,
    LessonSource,
    ModuleProgress,
    item_sources,
    progress_for,
    progress_of,
)
from quizzes.grading import Kind, is_blank, normalize
from quizzes.models import Attempt, Choice, Question, Response, summarize
from quizzes.progress import QuizSource

# Questions whose answers are option ids, so each option's picks can be counted.
CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE)
# Questions whose wrong answers are listed, the most common first, this many of each.
ANSWERED_KINDS = (Kind.SHORT_TEXT, Kind.ORDERING, Kind.MATCHING)
WRONG_ANSWERS_SHOWN = 5
MOST_MISSED = 10  # questions listed on a course's report

# How the learners table may be ordered: the latest active, by name, the furthest along first.
# Ties fall back to the account, so pages never overlap.
LEARNER_ORDERS = {
    "active": (F("last_active").desc(), Lower("user__display_name"), "user_id"),
    "name": (Lower("user__display_name"), "user_id"),
    "progress": (F("done").desc(), F("last_active").desc(), "user_id"),
}


@dataclass(frozen=True)
class Share:
    """`count` out of `total`, as a whole percent rounded down (like progress); None of 0."""

    count: int
    total: int

    @property
    def percent(self) -> int | None:
        return self.count * 100 // self.total if self.total else None


def plain_text(safe_html: str) -> str:
    """Rendered Markdown as one line of text, for tables (templates escape it again)."""
    return " ".join(html.unescape(strip_tags(safe_html)).split())


# --- A course ----------------------------------------------------------------------------------


def taught_courses(user):
    """The courses `user` reports on, each with `enrolled`, its number of learners."""
    return (
        Course.objects.taught_by(user)
        .annotate(enrolled=Count("enrollments"))
        .order_by("position", "title")
    )


def outline(course) -> CourseProgress:
    """`course`'s published modules, lessons and quizzes in order, as a visitor sees them
    (three queries). Its `total` is what a learner's progress is counted over."""
    (progress,) = progress_for([course], AnonymousUser())
    return progress


def _contents(progress: CourseProgress, noun: str) -> list:
    """The outline's lessons or quizzes, in order."""
    return [item.content for item in progress.items if item.noun == noun]


def _ids(progress: CourseProgress, noun: str) -> list[int]:
    return [content.pk for content in _contents(progress, noun)]


def _completions(progress: CourseProgress):
    """Completions of the outline's lessons (unique per learner and lesson)."""
    return LessonCompletion.objects.filter(lesson_id__in=_ids(progress, "lesson")).order_by()


def _passes(progress: CourseProgress):
    """Passed attempts at the outline's quizzes (a learner may pass a quiz more than once)."""
    return Attempt.objects.filter(quiz_id__in=_ids(progress, "quiz"), passed=True).order_by()


@dataclass
class ModuleRow:
    progress: ModuleProgress  # the module and its published items
    finished: Share  # enrolled learners who finished it

    @property
    def module(self):
        return self.progress.module


def module_completion(course, progress: CourseProgress) -> list[ModuleRow]:
    """Per published module, the enrolled learners who finished it: every published lesson
    completed and every published quiz passed. `course.enrolled` (from `taught_courses`) is
    the total. Two queries, rows per learner and module."""
    enrolled = Enrollment.objects.filter(course=course).values("user_id")
    done = Counter()  # (learner, module) -> items done
    lessons = _completions(progress).values("user_id", module=F("lesson__module_id"))
    quizzes = _passes(progress).values("user_id", module=F("quiz__module_id"))
    for rows in (
        lessons.filter(user_id__in=enrolled).annotate(n=Count("pk")),
        quizzes.filter(user_id__in=enrolled).annotate(n=Count("quiz_id", distinct=True)),
    ):
        for row in rows:
            done[row["user_id"], row["module"]] += row["n"]
    sizes = {module.module.pk: module.total for module in progress.modules}
    finished = Counter(module for (_, module), n in done.items() if n == sizes[module])
    return [
        ModuleRow(module, Share(finished[module.module.pk], course.enrolled))
        for module in progress.modules
    ]


# --- A course's learners -----------------------------------------------------------------------


def _per_learner(queryset, aggregate):
    """`aggregate` over an enrollment's learner's rows of `queryset`: a subquery."""
    return Subquery(
        queryset.filter(user_id=OuterRef("user_id"))
        .values("user_id")
        .annotate(value=aggregate)
        .values("value")
    )


def learners(course, progress: CourseProgress, order: str = "active"):
    """`course`'s enrollments with their learner, each annotated with `done` (published items
    done: lessons completed, quizzes passed) and `last_active` (the latest of enrolling,
    completing a lesson of the course, starting or submitting an attempt at one of its
    quizzes), in `order` (a key of LEARNER_ORDERS). One query, however it is sliced."""
    lessons_done = _per_learner(_completions(progress), Count("pk"))
    quizzes_passed = _per_learner(_passes(progress), Count("quiz_id", distinct=True))
    last_lesson = _per_learner(
        LessonCompletion.objects.in_courses([course]).order_by(),
        Max("completed_at"),
    )
    last_attempt = _per_learner(
        Attempt.objects.filter(quiz__module__course=course).order_by(),
        Max(Coalesce("submitted_at", "started_at")),
    )
    return (
        Enrollment.objects.filter(course=course)
        .select_related("user")
        .annotate(
            done=Coalesce(lessons_done, 0) + Coalesce(quizzes_passed, 0),
            # Every term is there: SQLite's MAX() of a NULL is NULL.
            last_active=Greatest(
                "created", Coalesce(last_lesson, "created"), Coalesce(last_attempt, "created")
            ),
        )
        .order_by(*LEARNER_ORDERS[order])
    )


@dataclass
class LearnerRow:
    name: str  # the display name
    email: str  # beside it: display names are not unique (the report is for instructors only)
    enrolled: datetime
    last_active: datetime
    done: int
    total: int
    on: Item | None  # where their "Continue" takes them; None when done

    @property
    def progress(self) -> Share:
        return Share(self.done, self.total)

    @property
    def percent(self) -> int:
        # As lessons.progress.Tally.percent: rounded down, so 99.6% never reads as finished.
        return self.progress.percent or 0

    @property
    def working_on(self) -> str:
        if not self.total:
            return ""
        if self.on is None:
            return "Finished"
        return f"{self.on.label}: {self.on.title}" if self.on.label else self.on.title


class Work:
    """Learners' own results over a course's outline, loaded at once for many of them: their
    completions of its lessons and their attempts at its quizzes (two queries)."""

    def __init__(self, progress: CourseProgress, users):
        """`users`: a list of learners' ids, or a query of them (a subquery, rather than
        thousands of ids)."""
        self._load(_ids(progress, "lesson"), _ids(progress, "quiz"), users)
        self.progress = progress

    @classmethod
    def over(cls, *, lesson_ids, quiz_ids, users) -> "Work":
        """Learners' results over some lessons and quizzes only, of any courses (what is due
        for a reminder): `results`, and no `progress_of`."""
        work = cls.__new__(cls)
        work._load(lesson_ids, quiz_ids, users)
        work.progress = None
        return work

    def _load(self, lesson_ids, quiz_ids, users) -> None:
        self.completed = defaultdict(dict)  # learner -> {lesson id: when completed}
        for user_id, lesson_id, when in (
            LessonCompletion.objects.filter(lesson_id__in=lesson_ids, user_id__in=users)
            .order_by()
            .values_list("user_id", "lesson_id", "completed_at")
        ):
            self.completed[user_id][lesson_id] = when
        self.attempts = defaultdict(list)  # learner -> their rows as `summarize` reads them
        for user_id, *row in (
            Attempt.objects.filter(quiz_id__in=quiz_ids, user_id__in=users)
            .values_list("user_id", "quiz_id", "pk", "submitted_at", "percent", "passed")
            .order_by("-submitted_at")
        ):
            self.attempts[user_id].append(row)

    def results(self, user_id) -> tuple:
        """`user_id`'s results by item source, as `lessons.progress.progress_of` reads them."""
        results = [None] * len(item_sources())
        results[LessonSource.index] = self.completed[user_id]
        results[QuizSource.index] = summarize(self.attempts[user_id])
        return tuple(results)

    def progress_of(self, user_id) -> CourseProgress:
        """Where `user_id` stands in the course, as their own pages work it out (no query)."""
        return progress_of(self.progress.course, self.progress.outline, self.results(user_id))


def learner_rows(enrollments, progress: CourseProgress) -> list[LearnerRow]:
    """Rows for `enrollments` from `learners()`: a page of it, or all of it (a queryset, whose
    learners are then looked up by subquery rather than thousands of ids). Three queries.
    What each learner is on is where their own "Continue" goes, worked out from their
    completions and attempts as their own pages do (`lessons.progress.progress_of`)."""
    if isinstance(enrollments, QuerySet):
        users = enrollments.order_by().values("user_id")
    else:
        users = [enrollment.user_id for enrollment in enrollments]
    enrollments = list(enrollments)
    work = Work(progress, users)
    return [
        LearnerRow(
            name=enrollment.user.display_name,
            email=enrollment.user.email,
            enrolled=enrollment.created,
            last_active=enrollment.last_active,
            done=enrollment.done,
            total=progress.total,
            on=work.progress_of(enrollment.user_id).next_item,
        )
        for enrollment in enrollments
    ]


# --- Questions ---------------------------------------------------------------------------------


@dataclass
class QuestionTally:
    """How a question was answered in submitted attempts."""

    responses: int = 0  # submitted attempts whose paper had it, blanks included
    correct: int = 0  # responses with full points
    points: Decimal | None = None  # average points awarded

    @property
    def right(self) -> Share:
        return Share(self.correct, self.responses)

    @property
    def missed(self) -> Share:
        return Share(self.responses - self.correct, self.responses)

    @property
    def missed_by_most(self) -> bool:
        return self.missed.count * 2 > self.responses

    def most_missed_first(self):
        """A sort key: the largest share missed first, unanswered questions last."""
        share = Fraction(self.missed.count, self.responses) if self.responses else -1
        return -share, -self.responses


def _submitted_responses():
    # A join, not `attempt__in=<every submitted attempt>`, which reads them all first.
    return Response.objects.filter(attempt__submitted_at__isnull=False).order_by()


def question_tallies(question_ids) -> dict[int, QuestionTally]:
    """A tally per answered question among `question_ids`: one query."""
    rows = (
        _submitted_responses()
        .filter(question_id__in=question_ids)
        .values("question_id")
        .annotate(
            responses=Count("pk"),
            correct=Count("pk", filter=Q(is_correct=True)),
            points=Avg("awarded_points"),
        )
    )
    return {row.pop("question_id"): QuestionTally(**row) for row in rows}


def _numbered(questions) -> list[tuple[int, Question]]:
    """Questions (in their quizzes' order) with their number in their quiz, from 1."""
    numbers = Counter()
    numbered = []
    for question in questions:
        numbers[question.quiz_id] += 1
        numbered.append((numbers[question.quiz_id], question))
    return numbered


@dataclass
class MissedQuestion:
    question: Question
    number: int  # in its quiz
    quiz: object
    tally: QuestionTally

    @property
    def prompt(self) -> str:
        return plain_text(self.question.prompt_html)


def most_missed(progress: CourseProgress, limit: int = MOST_MISSED) -> list[MissedQuestion]:
    """Questions of the course's published quizzes that submitted attempts missed, the
    largest share missed first (then the most answered). Two queries."""
    quizzes = {quiz.pk: quiz for quiz in _contents(progress, "quiz")}
    questions = list(
        Question.objects.filter(quiz_id__in=quizzes).only("quiz_id", "position", "prompt_html")
    )
    tallies = question_tallies([question.pk for question in questions])
    missed = [
        MissedQuestion(question, number, quizzes[question.quiz_id], tallies[question.pk])
        for number, question in _numbered(questions)
        if question.pk in tallies and tallies[question.pk].missed.count
    ]
    missed.sort(key=lambda row: row.tally.most_missed_first())
    return missed[:limit]


# --- Quizzes -----------------------------------------------------------------------------------


@dataclass
class QuizRow:
    quiz: object
    attempts: int = 0  # submitted
    learners: int = 0  # who submitted at least one
    passed_learners: int = 0

    @property
    def learners_passed(self) -> Share:
        return Share(self.passed_learners, self.learners)


def _attempt_counts() -> dict:
    """Submitted attempts, their learners, and the learners who passed (aggregates)."""
    return {
        "attempts": Count("pk"),
        "learners": Count("user_id", distinct=True),
        "passed_learners": Count("user_id", distinct=True, filter=Q(passed=True)),
    }


def quiz_rows(progress: CourseProgress) -> list[QuizRow]:
    """Each published quiz of the course with its submitted attempts and learners: one query."""
    quizzes = _contents(progress, "quiz")
    counts = {
        row.pop("quiz_id"): row
        for row in Attempt.objects.submitted()
        .filter(quiz_id__in=[quiz.pk for quiz in quizzes])
        .order_by()
        .values("quiz_id")
        .annotate(**_attempt_counts())
    }
    return [QuizRow(quiz, **counts.get(quiz.pk, {})) for quiz in quizzes]


@dataclass
class QuizSummary:
    attempts: int  # submitted
    learners: int  # who submitted at least one
    passed_learners: int
    passes: int  # attempts that passed
    scores: list[int]  # each submitted attempt's percent, ascending

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.scores) if self.scores else None

    @property
    def pass_rate(self) -> Share:
        return Share(self.passes, self.attempts)

    @property
    def learners_passed(self) -> Share:
        return Share(self.passed_learners, self.learners)


def quiz_summary(quiz) -> QuizSummary:
    """`quiz`'s submitted attempts in figures: two queries (totals, then how many attempts
    got each percent, at most 101 rows)."""
    attempts = Attempt.objects.submitted().filter(quiz=quiz).order_by()
    totals = attempts.aggregate(**_attempt_counts(), passes=Count("pk", filter=Q(passed=True)))
    by_percent = attempts.values_list("percent").annotate(n=Count("pk")).order_by("percent")
    scores = list(chain.from_iterable(repeat(percent, n) for percent, n in by_percent))
    return QuizSummary(scores=scores, **totals)


@dataclass
class OptionRow:
    choice: Choice
    picks: Share  # responses that picked it, of the question's
    most_picked_wrong: bool = False


@dataclass
class QuestionReport:
    number: int  # in the quiz, from 1
    question: Question
    tally: QuestionTally
    options: list[OptionRow] = field(default_factory=list)  # choice questions only
    blank: int = 0  # choice questions: responses that picked nothing
    # Short text, ordering, matching: the most common wrong answers, orders or pairs.
    wrong: list["WrongAnswer"] = field(default_factory=list)

    @property
    def prompt(self) -> str:
        return plain_text(self.question.prompt_html)

    @property
    def is_choice(self) -> bool:
        return self.question.kind in CHOICE_KINDS


def question_reports(quiz) -> list[QuestionReport]:
    """Every question of `quiz`, the most missed first, with its tally and, for choice
    questions, each option's picks; for the others, the most common wrong answers. Five
    queries."""
    questions = list(quiz.questions.prefetch_related("choices"))
    tallies = question_tallies([question.pk for question in questions])
    picks, blanks = _option_picks(quiz)
    wrong = _wrong_answers(quiz, questions)
    reports = []
    for number, question in _numbered(questions):
        tally = tallies.get(question.pk, QuestionTally())
        report = QuestionReport(number, question, tally, blank=blanks[question.pk])
        if report.is_choice:
            report.options = _option_rows(question, picks[question.pk], tally.responses)
        report.wrong = wrong.get(question.pk, [])
        reports.append(report)
    reports.sort(key=lambda report: (report.tally.most_missed_first(), report.number))
    return reports


def _option_picks(quiz) -> tuple[dict[int, Counter], Counter]:
    """Per choice question of `quiz`: picks per option id, and blank responses. Counted by
    distinct answer (a multiple-choice answer is a sorted list of ids), so the rows stay few."""
    picks, blanks = defaultdict(Counter), Counter()
    answers = (
        _submitted_responses()
        .filter(question__quiz=quiz, question__kind__in=CHOICE_KINDS)
        .values_list("question_id", "answer")
        .annotate(n=Count("pk"))
    )
    for question_id, answer, n in answers:
        chosen = _picked_ids(answer)
        if not chosen:
            blanks[question_id] += n
        for option_id in chosen:
            picks[question_id][option_id] += n
    return picks, blanks


@dataclass(frozen=True)
class WrongAnswer:
    """A wrong answer as learners gave it (short text), a wrong order (ordering: the items in
    the order given) or a confused pair (matching: a left item, the right item it was given
    and the one it should have had), and how many responses gave it."""

    count: int
    text: str = ""  # short text
    items: tuple[str, ...] = ()  # ordering
    left: str = ""  # matching
    given: str = ""
    expected: str = ""


def _wrong_answers(quiz, questions) -> dict[int, list[WrongAnswer]]:
    """Per short-text, ordering and matching question of `quiz`, its most common wrong answers
    in submitted attempts (WRONG_ANSWERS_SHOWN of them, the most given first, then in the
    order of their text). One query, grouped by distinct answer."""
    kinds = {question.pk: question for question in questions if question.kind in ANSWERED_KINDS}
    answers = (
        _submitted_responses()
        .filter(question_id__in=kinds, is_correct=False)
        .values_list("question_id", "answer")
        .annotate(n=Count("pk"))
    )
    counted = defaultdict(Counter)  # question -> key -> responses
    forms = defaultdict(Counter)  # (question, key) -> how it was written -> responses
    for question_id, answer, n in answers:
        question = kinds[question_id]
        if answer is None or is_blank(question.kind, answer):
            continue
        for key, form in _wrong_keys(question, answer):
            counted[question_id][key] += n
            forms[question_id, key][form] += n
    found = {}
    for question_id, counts in counted.items():
        question = kinds[question_id]
        # The most given first; ties in the order of their commonest form (the same everywhere).
        shown = {key: _commonest(forms[question_id, key]) for key in counts}
        ranked = sorted(counts, key=lambda key: (-counts[key], shown[key]))
        found[question_id] = [
            _wrong_answer(question, shown[key], counts[key]) for key in ranked[:WRONG_ANSWERS_SHOWN]
        ]
    return found


def _commonest(forms: Counter):
    """The form given most often; of equals, the first in sorted order."""
    return min(forms, key=lambda form: (-forms[form], form))


def _wrong_keys(question, answer):
    """What a wrong answer counts toward: (key, form) pairs. A typed answer counts once, by
    its normalized text (as graded); an order once, as a whole; a matching answer once per
    pair it got wrong. Anything of another shape (a kind changed after answering) counts
    nothing."""
    match question.kind:
        case Kind.SHORT_TEXT if isinstance(answer, str):
            return [(normalize(answer), " ".join(answer.split()))]
        case Kind.ORDERING if isinstance(answer, list):
            order = tuple(str(slot) for slot in answer)
            return [(order, order)]
        case Kind.MATCHING if isinstance(answer, dict):
            pairs = []
            for left, given in answer.items():
                if given is not None and str(given) != str(left):
                    pairs.append(((str(left), str(given)), (str(left), str(given))))
            return pairs
    return []


def _wrong_answer(question, form, count: int) -> WrongAnswer:
    choices = {str(choice.pk): choice for choice in question.choices.all()}
    if question.kind == Kind.SHORT_TEXT:
        return WrongAnswer(count, text=form)
    if question.kind == Kind.ORDERING:
        items = tuple(
            choices[str(slot)].text if str(slot) in choices else "(blank)" for slot in form
        )
        return WrongAnswer(count, items=items)
    left, given = (choices.get(key) for key in form)
    return WrongAnswer(
        count,
        left=left.text if left else "(removed)",
        given=given.match_text if given else "(removed)",
        expected=left.match_text if left else "",
    )


def _picked_ids(answer) -> set[int]:
    """The option ids in a stored choice answer. Anything else (a question whose kind was
    changed after it was answered keeps its old answers) picks nothing."""
    values = answer if isinstance(answer, list) else [answer]
    return {value for value in values if type(value) is int}


def _option_rows(question, picks: Counter, responses: int) -> list[OptionRow]:
    rows = [
        OptionRow(choice, Share(picks[choice.pk], responses)) for choice in question.choices.all()
    ]
    wrong = [row for row in rows if not row.choice.is_correct and row.picks.count]
    if wrong:
        # The first in the authored order wins a tie.
        max(wrong, key=lambda row: row.picks.count).most_picked_wrong = True
    return rows


# --- A quiz's statistics -----------------------------------------------------------------------

# Which of each learner's submitted attempts the statistics count. First attempts by default:
# a learner's later attempts follow feedback on the first, so they measure the questions less.
SELECTIONS = {
    "first": "Each learner's first attempt",
    "best": "Each learner's best attempt",
    "last": "Each learner's last attempt",
    "all": "All attempts",
}


@dataclass
class OptionStatistics:
    choice: Choice
    letter: str
    figures: item_analysis.OptionFigures


@dataclass
class QuestionStatistics:
    number: int  # in the quiz, from 1
    question: Question
    # None: on too few of the papers counted (added after most attempts began), or none counted
    figures: item_analysis.ItemFigures | None
    options: list[OptionStatistics] = field(default_factory=list)

    @property
    def prompt(self) -> str:
        return plain_text(self.question.prompt_html)


@dataclass
class QuizStatistics:
    selection: str  # a key of SELECTIONS
    submitted: int  # submitted attempts, all of them
    learners: int  # who submitted at least one
    left_out: int  # counted attempts set aside: a question analysed was not on their paper
    figures: item_analysis.QuizFigures
    questions: list[QuestionStatistics]
    computed_at: datetime

    @property
    def selection_label(self) -> str:
        return SELECTIONS[self.selection]


def _selected(attempts, selection: str) -> list:
    """The attempt ids to count among `attempts` (id, learner, started, submitted, percent):
    each learner's first, best (the earliest of equals) or last submitted, or all."""
    if selection == "all":
        return [attempt[0] for attempt in attempts]
    chosen = {}
    for attempt in sorted(attempts, key=lambda attempt: (attempt[3], attempt[2])):
        user_id, kept = attempt[1], chosen.get(attempt[1])
        if kept is None or selection == "last" or (selection == "best" and attempt[4] > kept[4]):
            chosen[user_id] = attempt
    return [attempt[0] for attempt in chosen.values()]


def _json(text):
    """A stored answer's JSON text decoded; None for none (or anything not JSON)."""
    if text is not None and text.isdigit():  # a single choice: most choice answers
        return int(text)
    try:
        return json.loads(text) if text is not None else None
    except ValueError:
        return None


def _item_of(question, is_choice: bool) -> item_analysis.Item:
    choices = question.choices.all()
    return item_analysis.Item(
        key=question.pk,
        max_points=float(question.points),
        options=tuple(choice.pk for choice in choices) if is_choice else (),
        correct=frozenset(choice.pk for choice in choices if choice.is_correct),
    )


def quiz_statistics(quiz, selection: str = "first") -> QuizStatistics:
    """Item analysis of `quiz` (jsnlearn/reports/item_analysis.py) over each learner's
    `selection` of submitted attempts. Four queries: the questions, their options, the
    submitted attempts, and their responses (one row each; Python does the arithmetic)."""
    questions = list(quiz.questions.prefetch_related("choices"))
    # Read raw: attempt ids as text, points as floats, answers as JSON text. With 100,000
    # responses, converting each to a UUID, a Decimal and a decoded JSON value costs most of
    # the time, and only choice answers are ever decoded.
    attempts = list(
        Attempt.objects.submitted()
        .filter(quiz=quiz)
        .order_by()
        .values_list(Cast("pk", CharField()), "user_id", "started_at", "submitted_at", "percent")
    )
    counted = set(_selected(attempts, selection))
    scores = defaultdict(dict)  # attempt -> question -> points
    picks = defaultdict(dict)  # attempt -> choice question -> option ids
    choice_ids = {q.pk for q in questions if q.kind in CHOICE_KINDS}
    responses = (
        _submitted_responses()
        .filter(attempt__quiz=quiz)
        .values_list(
            Cast("attempt_id", CharField()),
            "question_id",
            Cast("awarded_points", FloatField()),
            Cast("answer", TextField()),
        )
    )
    for attempt_id, question_id, points, answer in responses:
        if attempt_id in counted:
            scores[attempt_id][question_id] = points
            if question_id in choice_ids:
                picks[attempt_id][question_id] = frozenset(_picked_ids(_json(answer)))
    # A question added after most of the attempts began would leave too few of them: it is
    # left out instead. Every other question is analysed, over the attempts that had them all.
    on_papers = Counter(key for a in counted for key in scores[a])
    analysed = [q for q in questions if on_papers[q.pk] and on_papers[q.pk] * 2 >= len(counted)]
    keys = [question.pk for question in analysed]
    complete = [a for a in counted if all(key in scores[a] for key in keys)]
    complete.sort()  # a stable order, whatever order the rows came in
    items = [_item_of(question, question.pk in choice_ids) for question in analysed]
    sittings = [
        item_analysis.Sitting(
            scores=tuple(scores[a][key] for key in keys),
            picks=tuple(picks[a].get(key, frozenset()) for key in keys),
        )
        for a in complete
    ]
    figures = item_analysis.analyse(items, sittings)
    found = dict(zip(keys, figures.items, strict=True)) if sittings else {}
    rows = []
    for number, question in _numbered(questions):
        item = found.get(question.pk)
        row = QuestionStatistics(number, question, item)
        if item is not None and item.options:
            choices = question.choices.all()
            row.options = [
                OptionStatistics(choice, item_analysis.letter(place), option)
                for place, (choice, option) in enumerate(zip(choices, item.options, strict=True))
            ]
        rows.append(row)
    return QuizStatistics(
        selection=selection,
        submitted=len(attempts),
        learners=len({attempt[1] for attempt in attempts}),
        left_out=len(counted) - len(complete),
        figures=figures,
        questions=rows,
        computed_at=timezone.now(),
    )
