"""When a card comes back: FSRS, through the `fsrs` package (py-fsrs), and what a graded answer
rates.

Learning and relearning steps are off: review is daily practice across days, not a drill within
one sitting (the quiz's result page has just taught the answer), so every rating schedules a
whole number of days and "due today" means due on the learner's calendar day. Fuzzing is off,
so the same ratings always give the same dates, which the tests check against the package.
"""

from datetime import UTC, datetime
from decimal import Decimal

from fsrs import Card, Rating, Scheduler, State

from jsnlearn.review.models import ReviewCard, ReviewLog

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(*, is_correct: bool, points: Decimal) -> int:
    """A graded answer as an FSRS rating: right is Good, partly right Hard, wrong Again. (Easy
    is the learner's own word, after a right answer.)"""
    if is_correct:
        return ReviewLog.Rating.GOOD
    return ReviewLog.Rating.HARD if points > 0 else ReviewLog.Rating.AGAIN


def fsrs_card(card: ReviewCard) -> Card:
    return Card(
        card_id=card.pk or 0,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=_utc(card.last_review),
    )


def _utc(moment: datetime | None) -> datetime | None:
    """py-fsrs takes times in UTC only."""
    return moment and moment.astimezone(UTC)


def rate(card: ReviewCard, rating: int, moment: datetime) -> dict:
    """Rate `card` at `moment`: sets its FSRS fields and due date, and returns what it was
    before (py-fsrs's Card.to_dict), for the log. Its count of ratings is the caller's."""
    before = fsrs_card(card)
    after, _log = SCHEDULER.review_card(before, Rating(rating), _utc(moment))
    card.state, card.step = after.state.value, after.step
    card.stability, card.difficulty = after.stability, after.difficulty
    card.due, card.last_review = after.due, after.last_review
    return before.to_dict()


def restore(card: ReviewCard, before: dict) -> None:
    """Put `card`'s FSRS fields back as `rate` found them."""
    was = Card.from_dict(before)
    card.state, card.step = was.state.value, was.step
    card.stability, card.difficulty = was.stability, was.difficulty
    card.due, card.last_review = was.due, was.last_review
