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
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate
from django.utils.functional import cached_property

from jsnlearn.review.models import ReviewCard, ReviewLog
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


def cards_in_deck(user):
    return ReviewCard.objects.for_learner(user).in_deck()


class Today:
    """`user`'s review day at `now`: how many they reviewed, their streak, what is left.
    With `more`, the daily limit is lifted and, once nothing is due, cards come early."""

    def __init__(self, user, now: datetime, *, more: bool = False):
        self.user, self.now, self.more = user, now, more
        self.day = day_of(user, now)

    @cached_property
    def _days_reviewed(self) -> dict[date, int]:
        """Reviews per day of the learner's last STREAK_DAYS days (one query)."""
        since = self.day.start - timedelta(days=STREAK_DAYS)
        rows = (
            ReviewLog.objects.filter(user=self.user, reviewed_at__gte=since)
            .annotate(day=TruncDate("reviewed_at", tzinfo=self.user.zone))
            .values_list("day")
            .annotate(reviews=Count("id"))
            .order_by()
        )
        return dict(rows)

    @property
    def done(self) -> int:
        return self._days_reviewed.get(self.day.date, 0)

    @property
    def streak(self) -> int:
        """Days in a row with a review, up to today (or yesterday, while today may still
        join it)."""
        days = self._days_reviewed
        day = self.day.date if days.get(self.day.date) else self.day.date - timedelta(days=1)
        streak = 0
        while days.get(day):
            streak, day = streak + 1, day - timedelta(days=1)
        return streak

    @cached_property
    def _deck(self) -> dict:
        """How many cards are due by the end of today, and when the soonest is (one query)."""
        return cards_in_deck(self.user).aggregate(
            due_today=Count("id", filter=Q(due__lt=self.day.end)), soonest=Min("due")
        )

    @property
    def due(self) -> int:
        """Cards due by the end of today."""
        return self._deck["due_today"]

    def next_due(self) -> datetime | None:
        """When the deck's soonest card is due: once none is left today, the next one after
        it."""
        return self._deck["soonest"]

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
        one due soonest (one query, with its question, quiz, module and course)."""
        cards = cards_in_deck(self.user).select_related("question__quiz__module__course")
        if self.left:
            return cards.due_before(self.day.end).first()
        return cards.first() if self.more else None


# ---- A card's question as a paper: the quiz's own form, named for this card and rating ----


@dataclass(frozen=True)
class Sheet:
    """What a Paper reads from an attempt: an id for the options' tokens, and a layout."""

    pk: str
    layout: dict


def review_paper(card: ReviewCard, question, *, reps: int | None = None) -> Paper:
    """`card`'s question (read with its quiz, module and course) as it is shown for the rating
    after `reps` (default: its next): options shuffled as its quiz says and named by tokens of
    this card and count, so a form shown for one rating is no use for another, and the same
    layout drawn again when the answer comes back."""
    reps = card.reps if reps is None else reps
    sheet_id = f"review:{card.pk}:{reps}"
    quiz = question.quiz
    questions = [q for q in questions_of(quiz) if q.pk == question.pk]
    layout = make_layout(quiz, questions, rng=random.Random(_seed(sheet_id)))  # noqa: S311 - a layout, not a secret
    return Paper(Sheet(sheet_id, layout), questions)


def _seed(sheet_id: str) -> int:
    """A layout's shuffle, drawn from the secret key: the same for the same card and count,
    unknown to the learner."""
    digest = hmac.new(settings.SECRET_KEY.encode(), sheet_id.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big")
