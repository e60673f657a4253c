"""Writes to a learner's deck: bringing it up to date with their quiz answers, answering a
card, rating an answer easy, resetting a course's cards. One function per action.

Each keeps `User.review_ready_at` (from when review has something for the learner: the header's
link) in the same transaction as the change it follows, so no page reads the deck to draw it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jsnlearn.review.deck import Days, Today, day_of, days_reviewed
from jsnlearn.review.models import ReviewCard, ReviewLog
from jsnlearn.review.scheduling import rate, rating_for, restore
from quizzes import grading
from quizzes.models import Response
from quizzes.paper import Paper, to_json

# Answers submitted this long before the deck was last brought up to date are read again: a
# submission is stamped when it starts grading and seen once it commits, so one committed just
# after a sync read may carry a time before it.
SYNC_OVERLAP = timedelta(hours=1)


class AlreadyAnswered(Exception):
    """The card was rated since this form was shown (a double click, another tab)."""


@dataclass(frozen=True)
class Answered:
    log: ReviewLog
    card: ReviewCard


def sync_deck(*, user, now: datetime | None = None) -> int:
    """Give `user` a card for each question they answered in a submitted attempt and have no
    card for, rated by how they did and due from when they submitted; returns how many.

    Reads nothing while the learner's work version is the one it was last brought up to date
    under (no quiz submitted since), and then only the answers since (with an overlap). Cards
    made at the same moment by another request are skipped, never doubled."""
    if user.review_synced_version == user.work_version:
        return 0  # no quiz of theirs was submitted since it was last brought up to date
    now, seen_version = now or timezone.now(), user.work_version
    answers = Response.objects.filter(attempt__user=user, attempt__submitted_at__isnull=False)
    if user.review_synced_until:
        answers = answers.filter(attempt__submitted_at__gte=user.review_synced_until - SYNC_OVERLAP)
    rows = (
        answers.exclude(question__review_cards__user=user)
        .order_by("attempt__submitted_at", "pk")
        .values_list(
            "question_id",
            "question__kind",
            "question__quiz__module__course_id",
            "is_correct",
            "awarded_points",
            "attempt__submitted_at",
        )
    )
    cards = {}
    for question_id, kind, course_id, is_correct, points, submitted_at in rows:
        if question_id in cards:  # answered again later: the first answer makes the card
            continue
        card = ReviewCard(
            user=user, question_id=question_id, course_id=course_id, kind=kind, reps=1
        )
        card.due = submitted_at
        rate(card, rating_for(is_correct=is_correct, points=points), submitted_at)
        cards[question_id] = card
    if cards:
        with transaction.atomic():
            ReviewCard.objects.bulk_create(cards.values(), ignore_conflicts=True)
            user.review_synced_until = now
            _renew_ready(user, now, also=["review_synced_until"])
    # Up to date under the version read, unless a step of theirs has come in meanwhile (if
    # this is never written, the next page reads the answers again: the cards are there).
    get_user_model().objects.filter(pk=user.pk, work_version=seen_version).update(
        review_synced_version=seen_version
    )
    user.review_synced_version = seen_version
    return len(cards)


@transaction.atomic
def answer_card(
    *, user, card: ReviewCard, paper: Paper, answers: dict, seen: int, now=None
) -> Answered:
    """Grade `answers` (read from `paper`, the card's question as shown after `seen` ratings)
    and reschedule `card` by how they did, once: of two answers to one showing, the second
    raises AlreadyAnswered and changes nothing. Nothing outside the deck changes."""
    now = now or timezone.now()
    # Holds the learner's row, so their answers never interleave.
    user.renew_work_version(adds_no_quiz_answer=True)
    (shown,) = paper.questions
    card.reps = seen
    log = rated_answer(card, shown.question.spec(), answers.get(shown.question.pk), now)
    claimed = ReviewCard.objects.filter(pk=card.pk, user=user, reps=seen).update(
        state=card.state,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=card.reps,
    )
    if not claimed:
        raise AlreadyAnswered(card)
    _count_review(user, now)
    log.save()
    _renew_ready(user, now, also=DAYS_FIELDS)
    return Answered(log, card)


def rated_answer(card: ReviewCard, spec: grading.Spec, answer, moment: datetime) -> ReviewLog:
    """`card` answered with `answer` at `moment`: graded as quizzes grade (right Good, partly
    right Hard, wrong Again), rescheduled by FSRS with one rating more, and the log of it (not
    saved)."""
    graded = grading.grade(spec, answer)
    rating = rating_for(is_correct=graded.is_correct, points=graded.points)
    before = rate(card, rating, moment)
    card.reps += 1
    return ReviewLog(
        user_id=card.user_id,
        card=card,
        seq=card.reps,
        rating=rating,
        reviewed_at=moment,
        answer=to_json(spec.kind, answer),
        awarded_points=graded.points,
        is_correct=graded.is_correct,
        card_before=before,
        due_after=card.due,
    )


@transaction.atomic
def rate_easy(*, user, log: ReviewLog) -> bool:
    """ "That was easy": the learner's latest rating of a card, Good, made Easy, scheduled again
    from the card as it was before; False (nothing changed) for any other rating."""
    user.renew_work_version(adds_no_quiz_answer=True)
    card = ReviewCard.objects.select_for_update().get(pk=log.card_id, user=user)
    log = ReviewLog.objects.get(pk=log.pk)
    if card.reps != log.seq or log.rating != ReviewLog.Rating.GOOD:
        return False
    restore(card, log.card_before)
    rate(card, ReviewLog.Rating.EASY, log.reviewed_at)
    card.save(update_fields=["state", "step", "stability", "difficulty", "due", "last_review"])
    log.rating, log.due_after = ReviewLog.Rating.EASY, card.due
    log.save(update_fields=["rating", "due_after"])
    _renew_ready(user, timezone.now())
    return True


@transaction.atomic
def reset_course_deck(*, user, course, now=None) -> int:
    """Forget what `user`'s cards of `course` knew: each starts again as new, due today, as if
    never rated (their review log stays). Returns how many."""
    now = now or timezone.now()
    user.renew_work_version(adds_no_quiz_answer=True)
    reset = (
        ReviewCard.objects.for_learner(user)
        .filter(course=course)
        .update(
            state=ReviewCard.State.LEARNING,
            step=0,
            stability=None,
            difficulty=None,
            due=now,
            last_review=None,
        )
    )
    _renew_ready(user, now)
    return reset


@transaction.atomic
def refresh_review_ready(*, user, now=None) -> None:
    """Work out again from when review has a card for `user`: after a change it did not see
    (a question unpublished)."""
    _renew_ready(user, now or timezone.now())


@transaction.atomic
def renew_review_settings(*, user, fields: list[str], now=None) -> None:
    """Save `fields` of `user`'s review settings (on or off, the daily limit, the time zone),
    and when review is next ready for them, which they move. A new time zone counts their
    days with a review again, in its own days."""
    now = now or timezone.now()
    if "time_zone" in fields:
        days_reviewed(user, now).put_on(user)
        fields = [*fields, *DAYS_FIELDS]
    _renew_ready(user, now, also=fields)


DAYS_FIELDS = ["review_day", "review_day_count", "review_streak"]


def _count_review(user, now: datetime) -> None:
    """One more review today on the learner's row (saved by the caller's `_renew_ready`),
    counted from the row as stored: the caller holds it, so no other review came between."""
    user.refresh_from_db(fields=DAYS_FIELDS)
    days = Days(user.review_day, user.review_day_count, user.review_streak)
    days.after_review(day_of(user, now).date).put_on(user)


def _renew_ready(user, now: datetime, *, also=()) -> None:
    """Work out from when review has a card for `user` (a card's day has begun and today's
    limit is not reached) and save it with the fields named in `also`."""
    today = Today(user, now)
    next_due = today.next_due
    ready_at = None if next_due is None else day_of(user, next_due).start
    if ready_at is not None and today.allowed == 0:
        ready_at = max(ready_at, today.day.end)
    user.review_ready_at = ready_at
    get_user_model().objects.filter(pk=user.pk).update(
        review_ready_at=ready_at, **{field: getattr(user, field) for field in also}
    )
