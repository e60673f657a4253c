"""Where each member of a class stands: progress, what they are on, whether they keep up with
the class's due dates, when they were last active, their quiz scores.

Worked out for a whole class in a fixed number of queries, whatever its size: the course's
outline (`reports.figures.outline`, kept in memory per content version), the members, then
their completions, their attempts and their latest review, each one query for everyone. The
rest is Python over those rows, with the code that works out a learner's progress on their own
pages (`lessons.progress.progress_of`), so "finished" and "progress" mean exactly what they
mean there.

A due date counts for an item learners can see (a published module or quiz of the course's
outline); one for an unpublished item counts for nobody.

- Finished: a quiz, once an attempt at it passed; a module, once every published lesson of it
  is completed and every published quiz of it passed (the module's own progress is complete).
- Overdue: something past its due date is not finished.
- Behind: nothing is overdue, but something open and due within the next BEHIND_DAYS days is
  not finished (an item not open yet does not count: it cannot be started).
- On track: neither.

Last active is the latest of completing a lesson, submitting an attempt at a quiz and reviewing
a card of the course's questions; None for a member who has done none of these.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction

from django.db.models import Max

from jsnlearn.classrooms.models import Membership
from jsnlearn.reports import figures
from jsnlearn.review.models import ReviewLog
from lessons.progress import LessonSource
from quizzes.progress import QuizSource

BEHIND_DAYS = 3


class Status:
    ON_TRACK = "on track"
    BEHIND = "behind"
    OVERDUE = "overdue"
    ALL = (ON_TRACK, BEHIND, OVERDUE)  # from the least to the most urgent


@dataclass(frozen=True)
class Due:
    """A due date of the class for an item of the course's outline."""

    title: str  # "Module 2: Greetings", "Quiz: Greetings check"
    due: datetime
    opens: datetime | None
    module_id: int | None = None
    quiz_id: int | None = None

    def is_open(self, now: datetime) -> bool:
        return self.opens is None or self.opens <= now


@dataclass(frozen=True)
class Score:
    """A member's attempts at a quiz: the best percent of those submitted, whether one passed."""

    best: int | None
    passed: bool


@dataclass
class MemberStanding:
    user_id: int
    name: str
    email: str
    joined: datetime
    done: int  # published items done
    total: int
    working_on: str  # what their "Continue" opens; "Finished"; "" with nothing published
    on_order: int | None  # where that item is in the course (the end once finished)
    last_active: datetime | None
    overdue: list[Due] = field(default_factory=list)
    behind: list[Due] = field(default_factory=list)  # due soon, not finished
    scores: dict[int, Score] = field(default_factory=dict)  # quiz id -> score, quizzes tried

    @property
    def percent(self) -> int:
        # As lessons.progress.Tally.percent: rounded down, so 99.6% never reads as finished.
        return self.done * 100 // self.total if self.total else 0

    @property
    def progress(self) -> figures.Share:
        return figures.Share(self.done, self.total)

    @property
    def status(self) -> str:
        if self.overdue:
            return Status.OVERDUE
        return Status.BEHIND if self.behind else Status.ON_TRACK

    @property
    def status_class(self) -> str:
        return self.status.replace(" ", "-")

    def scores_in(self, columns) -> list[Score | None]:
        """The score at each quiz of `columns`; None for a quiz not tried."""
        return [self.scores.get(column.quiz_id) for column in columns]

    @property
    def urgency(self) -> tuple[int, int]:
        """For sorting: the most urgent status, then the most items late or due soon, last."""
        return Status.ALL.index(self.status), len(self.overdue) + len(self.behind)


@dataclass(frozen=True)
class QuizColumn:
    quiz_id: int
    title: str


@dataclass
class ClassStanding:
    as_of: datetime
    dues: list[Due]  # those that count, by due date
    quizzes: list[QuizColumn]  # every published quiz of the course, in course order
    due_quizzes: list[QuizColumn]  # those due themselves or in a due module: the report's
    members: list[MemberStanding]

    @property
    def counts(self) -> "StatusCounts":
        found = Counter(member.status for member in self.members)
        return StatusCounts(found[Status.ON_TRACK], found[Status.BEHIND], found[Status.OVERDUE])

    def hardest_quiz(self) -> "QuizRate | None":
        """The quiz the fewest of the members who tried it passed (as a share; of equal shares,
        the one most members tried, then the first in the course); None if no one tried one."""
        rates = [
            QuizRate(
                column,
                tried=sum(1 for m in self.members if column.quiz_id in m.scores),
                passed=sum(
                    1
                    for m in self.members
                    if column.quiz_id in m.scores and m.scores[column.quiz_id].passed
                ),
            )
            for column in self.quizzes
        ]
        tried = [rate for rate in rates if rate.tried]
        if not tried:
            return None
        return min(tried, key=lambda rate: (Fraction(rate.passed, rate.tried), -rate.tried))


@dataclass(frozen=True)
class QuizRate:
    """How the members who submitted an attempt at a quiz did: how many passed it."""

    quiz: QuizColumn
    tried: int
    passed: int

    @property
    def share(self) -> figures.Share:
        return figures.Share(self.passed, self.tried)


@dataclass(frozen=True)
class StatusCounts:
    """How many members are on track, behind, overdue."""

    on_track: int
    behind: int
    overdue: int


def class_standing(classroom, *, now: datetime, due_dates=None) -> ClassStanding:
    """Every member of `classroom` (its course read with it) as of `now`; `due_dates` the
    class's, when already read. Eight queries at most: five (the due dates, the members, their
    completions, attempts and latest reviews) and the outline's three when it is not in memory;
    one fewer with `due_dates`."""
    progress = figures.outline(classroom.course)
    if due_dates is None:
        due_dates = list(classroom.due_dates.all())
    dues = _dues(progress, due_dates)
    quiz_items = [item for item in progress.items if item.noun == "quiz"]
    quizzes = [QuizColumn(item.content.pk, item.content.title) for item in quiz_items]
    due_modules = {due.module_id for due in dues if due.module_id}
    due_quiz_ids = {due.quiz_id for due in dues if due.quiz_id}
    due_quizzes = [
        column
        for column, item in zip(quizzes, quiz_items, strict=True)
        if column.quiz_id in due_quiz_ids or item.content.module_id in due_modules
    ]
    members = list(
        Membership.objects.filter(classroom=classroom).select_related("user").order_by("pk")
    )
    users = Membership.objects.filter(classroom=classroom).values("user_id")
    work = figures.Work(progress, users)
    reviewed = _last_reviews(users, classroom.course)
    order = {(item.noun, item.content.pk): n for n, item in enumerate(progress.items)}
    standings = [
        _member(member, work, reviewed.get(member.user_id), dues, order, now) for member in members
    ]
    return ClassStanding(now, dues, quizzes, due_quizzes, standings)


def _dues(progress, due_dates) -> list[Due]:
    """The due dates for items of the outline, each with its item's title as a learner sees it."""
    modules = {module.module.pk: module.module for module in progress.modules}
    quizzes = {item.content.pk: item for item in progress.items if item.noun == "quiz"}
    dues = []
    for due_date in due_dates:
        if due_date.module_id in modules:
            title = f"Module: {modules[due_date.module_id].title}"
        elif due_date.quiz_id in quizzes:
            title = f"Quiz: {quizzes[due_date.quiz_id].title}"
        else:
            continue
        dues.append(Due(title, due_date.due, due_date.opens, due_date.module_id, due_date.quiz_id))
    return sorted(dues, key=lambda due: due.due)


def _last_reviews(users, course) -> dict[int, datetime]:
    """When each of `users` last reviewed a card of `course`'s questions: one query."""
    return dict(
        ReviewLog.objects.filter(user_id__in=users, card__course=course)
        .values("user_id")
        .annotate(last=Max("reviewed_at"))
        .values_list("user_id", "last")
        .order_by()
    )


def _member(membership, work, reviewed, dues, order, now) -> MemberStanding:
    user_id = membership.user_id
    progress = work.progress_of(user_id)
    completed = progress.results[LessonSource.index]
    attempts = progress.results[QuizSource.index]
    modules = {module.module.pk: module for module in progress.modules}

    def finished(due: Due) -> bool:
        if due.quiz_id:
            return due.quiz_id in attempts and attempts[due.quiz_id].passed
        return modules[due.module_id].is_complete

    late = [due for due in dues if not finished(due) and due.due <= now]
    soon = now + timedelta(days=BEHIND_DAYS)
    behind = [
        due for due in dues if not finished(due) and now < due.due <= soon and due.is_open(now)
    ]
    submitted = [summary.submitted[0].submitted_at for summary in attempts.values() if summary.used]
    moments = [*completed.values(), *submitted, *([reviewed] if reviewed else [])]
    on = progress.next_item if progress.total else None
    return MemberStanding(
        user_id=user_id,
        name=membership.user.display_name,
        email=membership.user.email,
        joined=membership.joined,
        done=progress.done_count,
        total=progress.total,
        working_on=_working_on(progress, on),
        on_order=order[on.noun, on.content.pk] if on else (len(order) if progress.total else None),
        last_active=max(moments, default=None),
        overdue=late,
        behind=behind,
        scores={
            quiz_id: Score(summary.best, summary.passed)
            for quiz_id, summary in attempts.items()
            if summary.used
        },
    )


def _working_on(progress, on) -> str:
    if not progress.total:
        return ""
    if on is None:
        return "Finished"
    title = f"{on.label}: {on.title}" if on.label else on.title
    return f"{title} ({on.module.module.title})"


# How the report's members may be ordered (`?sort=key`, or `?sort=-key` the other way round):
# each key's value and the direction a first click on its column gives.
SORTS = {
    "name": (lambda member: member.name.lower(), "ascending"),
    "email": (lambda member: member.email.lower(), "ascending"),
    "progress": (lambda member: (member.done, member.percent), "descending"),
    "on": (lambda member: member.on_order, "ascending"),
    "status": (lambda member: member.urgency, "descending"),
    "active": (lambda member: member.last_active, "descending"),
}
DEFAULT_SORT = "-status"  # the most urgent first


def quiz_sort_key(quiz_id: int) -> str:
    return f"quiz-{quiz_id}"


def spelled_sort(asked: str | None) -> str:
    """`asked` if it is spelled as a sort (a key of SORTS or a quiz's, either way round), else
    the default: what a cache of the report may be keyed by."""
    key = (asked or "").removeprefix("-")
    quiz = key.removeprefix("quiz-")
    if key in SORTS or (quiz != key and quiz.isdigit() and len(quiz) < 12):
        return asked
    return DEFAULT_SORT


def read_sort(asked: str | None, standing: ClassStanding) -> tuple[str, bool]:
    """(key, descending) for `asked` (a `?sort=` value); the default for anything else."""
    asked = asked or ""
    descending = asked.startswith("-")
    key = asked.removeprefix("-")
    quiz_keys = {quiz_sort_key(column.quiz_id) for column in standing.due_quizzes}
    if key not in SORTS and key not in quiz_keys:
        return read_sort(DEFAULT_SORT, standing)
    return key, descending


def first_click(key: str) -> str:
    """The `?sort=` value a column's header links to while the table is sorted otherwise."""
    direction = SORTS[key][1] if key in SORTS else "descending"  # a quiz: the best scores first
    return f"-{key}" if direction == "descending" else key


def sorted_members(standing: ClassStanding, key: str, descending: bool) -> list[MemberStanding]:
    """The members by `key`; members without a value (no score, never active) last either way,
    and ties by name, then email."""
    if key in SORTS:
        value = SORTS[key][0]
    else:
        quiz_id = int(key.removeprefix("quiz-"))

        def value(member):
            score = member.scores.get(quiz_id)
            return score.best if score else None

    members = sorted(standing.members, key=lambda m: (m.name.lower(), m.email.lower(), m.user_id))
    present = [member for member in members if value(member) is not None]
    missing = [member for member in members if value(member) is None]
    return sorted(present, key=value, reverse=descending) + missing
