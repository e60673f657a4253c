"""What a member's classes set for them: due dates and open dates, in words of their own days.

Everything here reads only for a learner in some class (`User.classes_version` is set): anyone
else's pages read nothing about classes. A member's pages are kept under that version
(jsnlearn/pagecache.py), which joining, leaving and any change to a class's due dates renew.

When an item opens: lessons are always open (they are public reading). A quiz opens at the open
date its class sets for it, or else for its module. A learner in two classes of its course may
start it once it is open in either; a class that sets no open date holds nothing back.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from jsnlearn.classrooms.models import Classroom, DueDate, Membership
from jsnlearn.prepared import PreparedRead
from quizzes.services import QuizClosed


def in_a_class(user) -> bool:
    """Read from the user's row: no query."""
    return user.is_authenticated and user.classes_version is not None


def day_words(moment: datetime, now: datetime) -> str:
    """ "Fri 12 Dec" in the learner's time zone (the one active for the request)."""
    local, today = timezone.localtime(moment), timezone.localtime(now)
    pattern = "D j M" if local.year == today.year else "D j M Y"
    return date_format(local, pattern)


def days_between(now: datetime, moment: datetime) -> int:
    """How many of the learner's days `moment` is after `now` (negative: before)."""
    return (timezone.localtime(moment).date() - timezone.localtime(now).date()).days


@dataclass(frozen=True)
class Due:
    """One due date as a member sees it, beside the item it is for."""

    date: DueDate
    now: datetime
    done: bool
    what: str = ""  # the quiz's title, where the date is shown away from it

    @property
    def class_name(self) -> str:
        return self.date.classroom.name

    @property
    def not_open(self) -> bool:
        return self.date.opens is not None and self.date.opens > self.now

    @property
    def overdue(self) -> bool:
        return not self.done and self.date.due <= self.now

    @property
    def state(self) -> str:
        """For the CSS class: done, opens, overdue, today, soon (within 3 days) or later."""
        if self.done:
            return "done"
        if self.not_open:
            return "opens"
        if self.overdue:
            return "overdue"
        days = days_between(self.now, self.date.due)
        return "today" if days == 0 else "soon" if days <= 3 else "later"

    @property
    def moment(self) -> datetime:
        """The moment the words are about: the open date before it, the due date after."""
        return self.date.opens if self.not_open else self.date.due

    @property
    def words(self) -> str:
        """ "Due Fri 12 Dec", "Due tomorrow", "Due today", "3 days overdue", "Opens Mon 8 Dec"."""
        due, now = self.date.due, self.now
        if self.done:
            return f"Done · was due {day_words(due, now)}"
        if self.not_open:
            return f"Opens {day_words(self.date.opens, now)}"
        days = days_between(now, due)
        if self.overdue:
            late = -days
            return "Overdue" if late == 0 else f"{late} day{'s' if late != 1 else ''} overdue"
        if days == 0:
            return f"Due today, {date_format(timezone.localtime(due), 'H:i')}"
        if days == 1:
            return "Due tomorrow"
        return f"Due {day_words(due, now)}"


def _key(date: DueDate) -> tuple[str, int]:
    return ("module", date.module_id) if date.module_id else ("quiz", date.quiz_id)


def _members_dates(**filters):
    return (
        DueDate.objects.filter(**filters)
        .order_by("due", "classroom__name")
        .values_list(
            "pk", "classroom_id", "classroom__name", "module_id", "quiz_id", "opens", "due"
        )
    )


# A member's pages read their dates with every first view: built once, the reads cost what the
# database does (the ORM took twenty times as long to build them as SQLite to run them).
_ALL_DATES = PreparedRead(lambda user_id: _members_dates(classroom__memberships__user=user_id))
_DATES_IN_COURSE = PreparedRead(
    lambda course_id, user_id: _members_dates(
        classroom__memberships__user=user_id, classroom__course=course_id
    )
)
_OPENINGS = DueDate.objects.filter(classroom=OuterRef("classroom")).values("opens")
_QUIZ_OPENS = PreparedRead(
    lambda quiz_id, module_id, course_id, user_id: (
        Membership.objects.filter(user=user_id, classroom__course=course_id)
        .annotate(
            quiz_opens=Subquery(_OPENINGS.filter(quiz=quiz_id)[:1]),
            module_opens=Subquery(_OPENINGS.filter(module=module_id)[:1]),
        )
        .values_list("quiz_opens", "module_opens")
    )
)


def _dates(user, course=None) -> list[DueDate]:
    """The due dates of `user`'s classes (of `course`), soonest first, each with its class's
    name."""
    in_course = course is not None
    rows = _DATES_IN_COURSE.rows(course.pk, user.pk) if in_course else _ALL_DATES.rows(user.pk)
    dates = []
    for pk, classroom_id, name, module_id, quiz_id, opens, due in rows:
        date = DueDate(pk=pk, module_id=module_id, quiz_id=quiz_id, opens=opens, due=due)
        date.classroom = Classroom(pk=classroom_id, name=name)
        dates.append(date)
    return dates


class CourseSchedule:
    """The due dates of a member's classes in one course, found by module or quiz."""

    def __init__(self, dates: list[DueDate], now: datetime):
        self.now = now
        self._by_item: dict[tuple[str, int], list[DueDate]] = {}
        for date in dates:
            self._by_item.setdefault(_key(date), []).append(date)

    @classmethod
    def of(cls, user, course) -> "CourseSchedule":
        """One query for a member; none for anyone else (an empty schedule)."""
        dates = _dates(user, course) if in_a_class(user) else []
        return cls(dates, timezone.now())

    def __bool__(self) -> bool:
        return bool(self._by_item)

    def for_module(self, module_progress, *, with_items: bool = False) -> list[Due]:
        """The module's own dates; `with_items`, its quizzes' too, named (a closed module's card
        shows no items)."""
        key = ("module", module_progress.module.pk)
        done = module_progress.is_complete
        dues = [Due(date, self.now, done) for date in self._by_item.get(key, [])]
        if with_items:
            for item in module_progress.items:
                dues += [replace(due, what=item.title) for due in self.for_item(item)]
        return dues

    def for_item(self, item) -> list[Due]:
        if item.noun != "quiz":
            return []
        dates = self._by_item.get(("quiz", item.content.pk), [])
        return [Due(date, self.now, item.done) for date in dates]


def coming_up(user, progresses, limit: int) -> list[tuple[Due, object]]:
    """The dashboard's list: the learner's unfinished due dates, overdue and soonest first."""
    if not in_a_class(user):
        return []
    return unfinished(_dates(user), progresses)[:limit]


def unfinished(dates: list[DueDate], progresses) -> list[tuple[Due, object]]:
    """Each of `dates` the learner has not finished, with the module or item it is for, found
    in the progress the page read (dates of a course not among them, or of a draft, are left
    out)."""
    found = {}
    for progress in progresses:
        for module in progress.modules:
            found[("module", module.module.pk)] = module
            for item in module.items:
                found[(item.noun, item.content.pk)] = item
    now, shown = timezone.now(), []
    for date in dates:
        step = found.get(_key(date))
        if step is None:
            continue
        due = Due(date, now, step.is_complete if date.module_id else step.done)
        if not due.done:
            shown.append((due, step))
    return shown


def quiz_opens_at(user, quiz) -> datetime | None:
    """When `quiz` opens for this member (None: it is open, or they are in no class).

    One query over their classes of its course: each class's open date for the quiz, else for
    its module. Closed only while every one of those classes holds it back."""
    if not in_a_class(user):
        return None
    openings = _QUIZ_OPENS.rows(quiz.pk, quiz.module_id, quiz.module.course_id, user.pk)
    opens = [quiz_opens or module_opens for quiz_opens, module_opens in openings]
    now = timezone.now()
    if not opens or any(moment is None or moment <= now for moment in opens):
        return None
    return min(opens)


def refuse_before_opening(*, user, quiz) -> None:
    """A check on starting a quiz (settings.QUIZ_START_CHECKS): a member cannot start a quiz
    their class has not opened yet."""
    opens = quiz_opens_at(user, quiz)
    if opens is not None:
        when = timezone.localtime(opens)
        raise QuizClosed(
            f"Your class opens this quiz on {date_format(when, 'l j F')} at "
            f"{date_format(when, 'H:i')}."
        )
