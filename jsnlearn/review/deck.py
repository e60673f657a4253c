"""Reading a learner's deck: their day, what is due in it, what they reviewed, and a card's
question as a paper to answer.

"Today" is the learner's calendar day in their time zone (`User.zone`): a card due at any time
of a day is due from its start, the daily limit counts the reviews since it began, and a
streak counts the days in a row with a review, up to today or yesterday.
"""

import hashlib
import hmac
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.functional import cached_property

from jsnlearn.prepared import PreparedRead
from jsnlearn.review.models import ReviewCard, ReviewLog
from lessons.models import COURSE_COLUMNS, Course
from lessons.progress import content_in
from quizzes.paper import Paper, make_layout, questions_of

STREAK_DAYS = 366  # days of reviews read for a streak; a longer one reads "366"


@dataclass(frozen=True)
class Day:
    date: date
    start: datetime
    end: datetime  # the next day's start


def day_of(user, moment: datetime) -> Day:
    """The learner's calendar day holding `moment`, in their time zone."""
    zone = user.zone
    today = moment.astimezone(zone).date()
    return Day(
        today,
        datetime.combine(today, time(), tzinfo=zone),
        datetime.combine(today + timedelta(days=1), time(), tzinfo=zone),
    )


@dataclass(frozen=True)
class Days:
    """A learner's latest day with a review, its reviews, and the days in a row up to it."""

    last: date | None
    reviews: int
    streak: int

    @classmethod
    def of(cls, per_day: dict[date, int]) -> "Days":
        """From the reviews made on each day."""
        if not per_day:
            return cls(None, 0, 0)
        last = max(per_day)
        streak, day = 0, last
        while per_day.get(day):
            streak, day = streak + 1, day - timedelta(days=1)
        return cls(last, per_day[last], streak)

    def put_on(self, user) -> None:
        """Onto the learner's row, where the review services keep them (saved by the caller)."""
        user.review_day, user.review_day_count = self.last, self.reviews
        user.review_streak = self.streak

    def after_review(self, today: date) -> "Days":
        """These days once one more review is made `today`."""
        if self.last == today:
            return Days(today, self.reviews + 1, self.streak)
        in_a_row = self.last == today - timedelta(days=1)
        return Days(today, 1, self.streak + 1 if in_a_row else 1)


def days_reviewed(user, now: datetime) -> Days:
    """`user`'s Days as their review log says, counted in their time zone's days up to
    `now`'s (one query over the last STREAK_DAYS)."""
    today = day_of(user, now)
    since = today.start - timedelta(days=STREAK_DAYS)
    per_day = dict(
        ReviewLog.objects.filter(user=user, reviewed_at__gte=since, reviewed_at__lt=today.end)
        .annotate(day=TruncDate("reviewed_at", tzinfo=user.zone))
        .values_list("day")
        .annotate(reviews=Count("id"))
        .order_by()
    )
    return Days.of(per_day)


class Today:
    """`user`'s review day at `now`: how many they reviewed, their streak, what is left.
    With `more`, the daily limit is lifted and, once nothing is due, cards come early."""

    def __init__(self, user, now: datetime, *, more: bool = False):
        self.user, self.now, self.more = user, now, more
        self.day = day_of(user, now)

    @property
    def done(self) -> int:
        """Reviews made today (the learner's row keeps the count of their latest day)."""
        return self.user.review_day_count if self.user.review_day == self.day.date else 0

    @property
    def streak(self) -> int:
        """Days in a row with a review, up to today (or yesterday, while today may still
        join it)."""
        last, yesterday = self.user.review_day, self.day.date - timedelta(days=1)
        return self.user.review_streak if last in (self.day.date, yesterday) else 0

    @cached_property
    def due(self) -> int:
        """Cards due by the end of today (one query)."""
        rows = _due_count.rows(self.user.pk, self.day.end)
        return rows[0][0] if rows else 0

    @cached_property
    def next_due(self) -> datetime | None:
        """When the deck's soonest card is due: once none is left today, the next one after
        it (one query, made only when asked: while cards are due, pages need no more)."""
        rows = _soonest_due.rows(self.user.pk)
        return rows[0][0] if rows else None

    @property
    def allowed(self) -> int:
        """Reviews still allowed today by the daily limit."""
        return max(0, self.user.review_daily_limit - self.done)

    @property
    def left(self) -> int:
        """Cards to review today: those due, up to the daily limit unless lifted."""
        return self.due if self.more else min(self.due, self.allowed)

    @property
    def limit_reached(self) -> bool:
        return not self.more and self.due > 0 and self.allowed == 0

    def next_card(self) -> ReviewCard | None:
        """The card to show now: the most overdue of today's, or with `more` and none due, the
        one due soonest; with its question, quiz, module and course (one query)."""
        if self.left:
            return learners_card(self.user, due_before=self.day.end)
        return learners_card(self.user, due_before=ANY_TIME) if self.more else None


ANY_TIME = datetime.max.replace(tzinfo=UTC)
CARD_COLUMNS = [field.attname for field in ReviewCard._meta.concrete_fields]
_COURSE = "question__quiz__module__course__"


def learners_card(user, *, pk: int | None = None, due_before=ANY_TIME) -> ReviewCard | None:
    """`user`'s card `pk`, or the first card of their deck due before `due_before`, with its
    question (the quiz's kept copy, `questions_of`), and the quiz, module and course as the
    course's published outline holds them; None if there is none in the deck."""
    rows = (
        _card_by_id.rows(user.pk, pk)
        if pk is not None
        else _first_card_due.rows(user.pk, due_before)
    )
    if not rows:
        return None
    row = rows[0]
    card = ReviewCard.from_db(DEFAULT_DB_ALIAS, CARD_COLUMNS, row[: len(CARD_COLUMNS)])
    quiz_id, course = row[len(CARD_COLUMNS)], row[len(CARD_COLUMNS) + 1 :]
    course = Course.from_db(DEFAULT_DB_ALIAS, COURSE_COLUMNS, course)
    quiz = content_in(course, "quiz", quiz_id)
    question = quiz and next((q for q in questions_of(quiz) if q.pk == card.question_id), None)
    if question is None:  # a copy read before it was published or added: not yet in the deck
        return None
    card.question, card.user = question, user
    card.quiz = quiz  # the outline's, with its module and course (the kept question has none)
    return card


def _card_columns(cards):
    return cards.values_list(
        *CARD_COLUMNS,
        "question__quiz_id",
        *(_COURSE + column for column in COURSE_COLUMNS),
    )


# Built once (jsnlearn/prepared.py): the review page and every answer read a card.
_first_card_due = PreparedRead(
    lambda user_id, before: _card_columns(
        ReviewCard.objects.filter(user_id=user_id)
        .in_deck()
        .due_before(before)
        .order_by("due", "id")
    )[:1],
    adapt=lambda connection, user_id, before: (user_id, _moment(before, connection)),
)
_card_by_id = PreparedRead(
    lambda user_id, pk: _card_columns(
        ReviewCard.objects.filter(user_id=user_id).in_deck().filter(pk=pk)
    )
)


_due_count = PreparedRead(
    lambda user_id, before: (
        ReviewCard.objects.filter(user_id=user_id)
        .in_deck()
        .due_before(before)
        .values("user_id")  # one group, the learner's: none when no card is due
        .annotate(count=Count("id"))
        .values_list("count")
        .order_by()
    ),
    adapt=lambda connection, user_id, before: (user_id, _moment(before, connection)),
)
_soonest_due = PreparedRead(
    lambda user_id: (
        ReviewCard.objects.filter(user_id=user_id).in_deck().order_by("due").values_list("due")[:1]
    )
)


def _moment(value: datetime, connection):
    """A moment as the database takes it, as the ORM would send it (SQLite: UTC text)."""
    return ReviewCard._meta.get_field("due").get_db_prep_value(value, connection)


# ---- A card's question as a paper: the quiz's own form, named for this card and rating ----


@dataclass(frozen=True)
class Sheet:
    """What a Paper reads from an attempt: an id for the options' tokens, and a layout."""

    pk: str
    layout: dict


def review_paper(card: ReviewCard, quiz, *, reps: int | None = None) -> Paper:
    """`card`'s question, of `quiz` (read with its module and course), as it is shown for the
    rating after `reps` (default: its next): options shuffled as its quiz says and named by
    tokens of this card and count, so a form shown for one rating is no use for another, and
    the same layout drawn again when the answer comes back. No question if it is no longer
    the quiz's."""
    reps = card.reps if reps is None else reps
    sheet_id = f"review:{card.pk}:{reps}"
    questions = [q for q in questions_of(quiz) if q.pk == card.question_id]
    layout = make_layout(quiz, questions, rng=random.Random(_seed(sheet_id)))  # noqa: S311 - a layout, not a secret
    return Paper(Sheet(sheet_id, layout), questions)


def _seed(sheet_id: str) -> int:
    """A layout's shuffle, drawn from the secret key: the same for the same card and count,
    unknown to the learner."""
    digest = hmac.new(settings.SECRET_KEY.encode(), sheet_id.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big")
