"""Reminder emails, sent by the periodic command (jsnlearn/management/commands/run_periodic.py).

Due-date reminders: once a due date comes within its class's `reminder_days`, each member with
reminders on who has not finished the item (a quiz passed; a module's published lessons
completed and quizzes passed) and whose item is open gets one email about it. The mail's key
names the due date, the member and the due moment, so a due date moved later reminds again.

Review reminders: a learner with review on who asked for them (`User.review_emails`) and has
questions left to review today, in their own day, gets one email that day, sent from
REVIEW_HOUR_FROM their time (a run at midnight wakes nobody) and not after REVIEW_HOUR_UNTIL
(a late one waits for the next morning). The command must run at least hourly for everyone's
morning to be met.

Each step finds whom to remind in a fixed number of queries, whatever the number of learners,
and leaves out the mails already queued (one query), so a run that has nothing new to send
costs the same whatever the size of the site. Each new mail is then queued on its own
(`jsnlearn.mail.services.queue_email`: its row and its delivery task).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat

from jsnlearn.classrooms.models import DueDate, Membership
from jsnlearn.classrooms.unsubscribe import CLASS_REMINDERS, REVIEW_REMINDERS, unsubscribe_url
from jsnlearn.mail.models import OutgoingEmail
from jsnlearn.mail.services import queue_email
from jsnlearn.reports.figures import Work
from jsnlearn.review.deck import Day, Today, day_of
from jsnlearn.review.models import ReviewCard
from lessons.progress import LessonSource, ModuleProgress, progress_for
from quizzes.progress import QuizSource

REVIEW_HOUR_FROM, REVIEW_HOUR_UNTIL = 8, 21  # the learner's local hours a review email may leave


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send(*, user, subject: str, template: str, context: dict, key: str, kind: str, stop_url):
    context = {**context, "user": user, "unsubscribe_url": stop_url, "site_url": settings.SITE_URL}
    return queue_email(
        to=user.email,
        subject=subject,
        body=render_to_string(f"classrooms/email/{template}.txt", context),
        html=render_to_string(f"classrooms/email/{template}.html", context),
        user=user,
        key=key,
        kind=kind,
        unsubscribe_url=stop_url,
    )


def _keys_used(queries: list[Q]) -> set[str]:
    """The mail keys already used among those these prefixes (key__startswith) may name."""
    if not queries:
        return set()
    wanted = Q()
    for query in queries:
        wanted |= query
    return set(OutgoingEmail.objects.filter(wanted).values_list("key", flat=True).order_by())


def due_moment(moment: datetime, zone) -> str:
    """ "Fri 12 Dec at 17:00", in `zone`."""
    return dateformat.format(moment.astimezone(zone), r"D j M \a\t H:i")


# ---- Due dates ----------------------------------------------------------------------------


@dataclass
class DueItem:
    """A due date in its reminder window, with the item as its class's learners see it."""

    due_date: DueDate
    title: str
    noun: str  # "module" or "quiz"
    url: str
    lesson_ids: frozenset
    quiz_ids: frozenset
    module: object = None  # the module's outline, for a module's due date

    def key(self, user) -> str:
        return f"due:{self.due_date.pk}:{user.pk}:{self.due_date.due:%Y%m%dT%H%M}"


def send_due_reminders(*, now: datetime) -> int:
    """Queue each due-date reminder now owed (see the module's docstring); returns how many."""
    items = _due_items(now)
    if not items:
        return 0
    memberships = Membership.objects.filter(
        classroom__in={item.due_date.classroom_id for item in items},
        reminders_on=True,
        user__is_active=True,
    )
    members = list(memberships.select_related("user"))
    results = _results(items, members, memberships.values("user_id"))
    used = _keys_used([Q(key__startswith=f"due:{item.due_date.pk}:") for item in items])
    by_class = defaultdict(list)
    for membership in members:
        by_class[membership.classroom_id].append(membership.user)
    queued = 0
    for item in items:
        for user in by_class[item.due_date.classroom_id]:
            left = _left(item, results[user.pk])
            if left is None or item.key(user) in used:
                continue
            queued += _remind_due(item, user, left) is not None
    return queued


def _due_items(now: datetime) -> list[DueItem]:
    """Due dates not yet past, within their class's lead time, open and published."""
    due_dates = [
        due_date
        for due_date in DueDate.objects.filter(due__gt=now, classroom__reminder_days__gt=0)
        .filter(Q(opens__isnull=True) | Q(opens__lte=now))
        .select_related("classroom__course", "module", "quiz")
        .order_by("due", "pk")
        if due_date.due <= now + timedelta(days=due_date.classroom.reminder_days)
    ]
    courses = {dd.classroom.course_id: dd.classroom.course for dd in due_dates}
    published = {c.pk: c for c in courses.values() if c.is_published}
    outlines = dict(zip(published, progress_for(published.values(), AnonymousUser()), strict=True))
    items = []
    for due_date in due_dates:
        outline = outlines.get(due_date.classroom.course_id)
        item = outline and _due_item(due_date, outline)
        if item:
            items.append(item)
    return items


def _due_item(due_date: DueDate, outline) -> DueItem | None:
    """`due_date`'s module or quiz as the course's published outline holds it; None if not."""
    if due_date.quiz_id:
        quiz = outline.item_for(due_date.quiz)
        if quiz is None:
            return None
        return DueItem(
            due_date, quiz.title, "quiz", quiz.url, frozenset(), frozenset({due_date.quiz_id})
        )
    module = next((m for m in outline.modules if m.module.pk == due_date.module_id), None)
    if module is None or not module.total:
        return None
    ids = module.outline.ids
    return DueItem(
        due_date,
        module.module.title,
        "module",
        f"{outline.course.get_absolute_url()}?module={module.module.slug}",
        ids.get(LessonSource.index, frozenset()),
        ids.get(QuizSource.index, frozenset()),
        module.outline,
    )


def _results(items: list[DueItem], members: list[Membership], member_ids) -> dict[int, tuple]:
    """Each member's results over the items' lessons and quizzes, as `lessons.progress` reads
    a learner's own (two queries, for the learners `member_ids` selects)."""
    work = Work.over(
        lesson_ids=frozenset().union(*(item.lesson_ids for item in items)),
        quiz_ids=frozenset().union(*(item.quiz_ids for item in items)),
        users=member_ids,
    )
    return {membership.user_id: work.results(membership.user_id) for membership in members}


def _left(item: DueItem, results: tuple) -> str | None:
    """What the learner has left of `item` in words ("2 lessons and 1 quiz"); None if done."""
    if item.module is None:
        (quiz_id,) = item.quiz_ids
        summary = results[QuizSource.index].get(quiz_id)
        return None if summary and summary.passed else "the quiz"
    progress = ModuleProgress(item.module, results)
    return None if progress.is_complete else progress.left


def _remind_due(item: DueItem, user, left: str):
    due_date, classroom = item.due_date, item.due_date.classroom
    when = due_moment(due_date.due, user.zone)
    return _send(
        user=user,
        subject=f"Due {when}: {item.title} ({classroom.name})",
        template="reminder_due",
        context={
            "item": item,
            "classroom": classroom,
            "when": when,
            "zone": str(user.zone),
            "left": left,
            "url": absolute(item.url),
        },
        key=item.key(user),
        kind="due_reminder",
        stop_url=unsubscribe_url(user, CLASS_REMINDERS, classroom.pk),
    )


# ---- Review -------------------------------------------------------------------------------


def send_review_reminders(*, now: datetime) -> int:
    """Queue today's review reminder for each learner owed one (see the module's docstring);
    returns how many."""
    days = _days_in_sending_hours(now)
    if not days:
        return 0
    in_zones = Q()
    for stored, day in days.items():
        in_zones |= Q(user__time_zone=stored, due__lt=day.end)
    learners = get_user_model().objects.filter(
        is_active=True, reviews_on=True, review_emails=True, time_zone__in=days
    )
    due = dict(
        ReviewCard.objects.filter(in_zones, user__in=learners.values("pk"))
        .in_deck()
        .values("user_id")
        .annotate(cards=Count("id"))
        .values_list("user_id", "cards")
        .order_by()
    )
    if not due:
        return 0
    dates = {day.date for day in days.values()}
    used = _keys_used(
        [Q(key__startswith="review:", key__endswith=f":{date:%Y-%m-%d}") for date in dates]
    )
    queued = 0
    for user in learners.order_by("pk"):  # those with nothing due too: no list of ids to send
        if user.pk not in due:
            continue
        today = Today(user, now)
        today.due = due[user.pk]  # counted above, for every learner at once
        key = f"review:{user.pk}:{today.day.date:%Y-%m-%d}"
        if today.left and key not in used:
            queued += _remind_review(user, today.left, key) is not None
    return queued


def _days_in_sending_hours(now: datetime) -> dict[str, Day]:
    """For each time zone learners who asked for review emails have (as stored: "" is the
    site's), where it is between REVIEW_HOUR_FROM and REVIEW_HOUR_UNTIL now: its day. One
    query."""
    stored_zones = (
        get_user_model()
        .objects.filter(is_active=True, reviews_on=True, review_emails=True)
        .values_list("time_zone", flat=True)
        .distinct()
        .order_by()
    )
    days = {}
    for stored in stored_zones:
        zone = _zone(stored)
        if zone and REVIEW_HOUR_FROM <= now.astimezone(zone).hour < REVIEW_HOUR_UNTIL:
            days[stored] = day_of(_InZone(zone), now)
    return days


def _zone(stored: str) -> ZoneInfo | None:
    """A time zone as `User.zone` reads it; None for a name that is none (never stored by the
    account form)."""
    try:
        return ZoneInfo(stored or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class _InZone:
    """What `day_of` reads of a learner: their zone."""

    zone: object


def _remind_review(user, cards: int, key: str):
    questions = f"{cards} question{'s' if cards != 1 else ''}"
    return _send(
        user=user,
        subject=f"{questions} to review today",
        template="reminder_review",
        context={
            "cards": cards,
            "questions": questions,
            "url": absolute(reverse("review:review")),
            "settings_url": absolute(reverse("review:settings")),
        },
        key=key,
        kind="review_reminder",
        stop_url=unsubscribe_url(user, REVIEW_REMINDERS),
    )
