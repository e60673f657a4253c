"""Scheduling checked against the `fsrs` package's own behaviour: the due dates after a sequence
of ratings are the ones its Scheduler gives for the same sequence, with the same settings."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from fsrs import Card, Rating, Scheduler
from hypothesis import given, settings
from hypothesis import strategies as st

from jsnlearn.review.deck import review_paper
from jsnlearn.review.models import ReviewCard, ReviewLog
from jsnlearn.review.scheduling import rate, rating_for
from jsnlearn.review.services import answer_card, rate_easy
from quizzes.grading import Kind
from tests.review.helpers import card_of, right_answer, take_quiz

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PACKAGE = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def package_dues(ratings, start=START) -> list[datetime]:
    """The due dates the package gives a new card rated `ratings`, each on its due date."""
    card, moment, dues = Card(), start, []
    for rating in ratings:
        card, _ = PACKAGE.review_card(card, Rating(rating), moment)
        dues.append(card.due)
        moment = card.due
    return dues


@pytest.mark.parametrize(
    ("is_correct", "points", "rating"),
    [
        (True, Decimal(1), ReviewLog.Rating.GOOD),
        (False, Decimal("0.5"), ReviewLog.Rating.HARD),
        (False, Decimal(0), ReviewLog.Rating.AGAIN),
    ],
)
def test_a_graded_answer_rates_right_good_partly_hard_wrong_again(is_correct, points, rating):
    assert rating_for(is_correct=is_correct, points=points) == rating


@given(st.lists(st.sampled_from([1, 2, 3, 4]), min_size=1, max_size=12))
@settings(max_examples=60, deadline=None)
def test_a_cards_due_dates_follow_the_package_for_any_sequence_of_ratings(ratings):
    card = ReviewCard(state=ReviewCard.State.LEARNING, due=START)
    moment, dues = START, []
    for rating in ratings:
        rate(card, rating, moment)
        dues.append(card.due)
        moment = card.due

    assert dues == package_dues(ratings)


def test_the_package_gives_the_intervals_the_pages_promise():
    # A miss comes back the next day, a right answer two days later, an easy one in eight.
    assert [due - START for due in package_dues([1])] == [timedelta(days=1)]
    assert [due - START for due in package_dues([3])] == [timedelta(days=2)]
    assert [due - START for due in package_dues([4])] == [timedelta(days=8)]


@pytest.mark.django_db
def test_answers_in_review_schedule_the_card_as_the_package_does(learner_client, learner, quiz):
    take_quiz(learner_client, learner, at=START)  # blank: rated Again at START
    card = card_of(learner, Kind.TRUE_FALSE)
    ratings = [ReviewLog.Rating.AGAIN]
    moment = card.due
    for right in (True, True, False, True):
        paper = review_paper(card, card.question.quiz)
        answer = right_answer(card) if right else _wrong_answer(card)
        answer_card(
            user=learner,
            card=card,
            paper=paper,
            answers={card.question.pk: answer},
            seen=card.reps,
            now=moment,
        )
        ratings.append(ReviewLog.Rating.GOOD if right else ReviewLog.Rating.AGAIN)
        card.refresh_from_db()
        moment = card.due

    assert card.due == package_dues(ratings)[-1]
    assert (
        list(ReviewLog.objects.filter(card=card).values_list("rating", flat=True)) == (ratings[1:])
    )


@pytest.mark.django_db
def test_easy_schedules_from_the_card_before_the_answer(learner_client, learner, quiz):
    take_quiz(learner_client, learner, right={Kind.SINGLE}, at=START)
    card = card_of(learner, Kind.SINGLE)
    moment = card.due
    answered = answer_card(
        user=learner,
        card=card,
        paper=review_paper(card, card.question.quiz),
        answers={card.question.pk: right_answer(card)},
        seen=1,
        now=moment,
    )

    assert rate_easy(user=learner, log=answered.log)

    card.refresh_from_db()
    assert card.due == package_dues([Rating.Good, Rating.Easy])[-1]
    assert not rate_easy(user=learner, log=answered.log)  # once: it is Easy now


def _wrong_answer(card):
    return next(c.pk for c in card.question.choices.all() if not c.is_correct)
