"""The review page, an answer to a card, and the dashboard's review card run the same number of
SQL queries for a deck of 10 cards and one of 2,000."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jsnlearn.review.models import ReviewCard, ReviewLog
from jsnlearn.review.services import refresh_review_ready, sync_deck
from tests.factories import build_long_quiz
from tests.helpers import answer_in_queries, text
from tests.review.helpers import REVIEW_URL, answer_url, review_form, right_answer

DECKS = (10, 2000)
PER_QUIZ = 100  # questions per quiz: a big deck is a course's many quizzes
DASHBOARD_URL = "/dashboard/"
# Every request reads the session and the user. The deck is up to date with the learner's
# quizzes (none submitted since), so nothing reads their answers, and the day's reviews and
# streak are on the learner's row. The day is one query: how many cards are due today (while
# some are, when the next is after them is not read); the review page then reads the most
# overdue card, and the first time after the course was made, its outline (modules, lessons,
# quizzes) and the quiz's questions and options, which it keeps.
QUERIES = {
    "review page": 9,
    "review page seen again": 4,
    # The card; in a transaction (a savepoint here, and its release): the learner's row held
    # and their day's reviews read from it, the card claimed, the log written, and from when
    # review is ready again (the deck's figures), saved with the day's reviews.
    "answer": 11,
    # The learner's courses, enrollments, completions and attempts; the review card: how many
    # cards are due today.
    "dashboard": 7,
}


def deck(learner, course, size: int) -> list[ReviewCard]:
    """`size` cards for `learner`, one per question of the course's quizzes (PER_QUIZ each),
    half of them due over the last days and half on days to come; inserted in bulk (fast)."""
    now = timezone.now()
    modules = list(course.modules.all())
    questions = []
    for n in range(0, size, PER_QUIZ):
        quiz = build_long_quiz(
            module=modules[n // PER_QUIZ % len(modules)], questions=min(PER_QUIZ, size - n)
        )
        questions += list(quiz.questions.all())
    cards = ReviewCard.objects.bulk_create(
        ReviewCard(
            user=learner,
            question=question,
            course=course,
            kind=question.kind,
            state=ReviewCard.State.REVIEW,
            stability=3.0,
            difficulty=5.0,
            reps=1,
            last_review=now - timedelta(days=5),
            due=now - timedelta(hours=n + 1) if n % 2 else now + timedelta(days=n + 1),
        )
        for n, question in enumerate(questions)
    )
    sync_deck(user=learner)  # up to date with the learner's quizzes, as any review page leaves it
    refresh_review_ready(user=learner)  # as the service that made the cards would have
    learner.refresh_from_db()
    return cards


@pytest.fixture
def review_client(client, learner):
    client.force_login(learner)
    client.get("/accounts/")  # a learner back on the site, with a CSRF cookie
    return client


@pytest.mark.parametrize("size", DECKS)
def test_the_review_page_and_an_answer_cost_the_same_queries_for_any_deck(
    review_client, learner, course, django_assert_num_queries, size
):
    deck(learner, course, size)

    page = answer_in_queries(
        django_assert_num_queries, QUERIES["review page"], review_client, REVIEW_URL
    )
    answer_in_queries(
        django_assert_num_queries, QUERIES["review page seen again"], review_client, REVIEW_URL
    )

    card = ReviewCard.objects.select_related("question__quiz__module__course").get(
        pk=page.context["card"].pk
    )
    assert card.due < timezone.now()
    answer_in_queries(
        django_assert_num_queries,
        QUERIES["answer"],
        review_client,
        answer_url(card),
        method="post",
        data=review_form(card, right_answer(card)),
        status=302,
    )
    log = ReviewLog.objects.get(card=card)
    assert log.is_correct
    assert log.seq == 2


@pytest.mark.parametrize("size", DECKS)
def test_the_dashboards_review_card_costs_the_same_queries_for_any_deck(
    review_client, learner, course, django_assert_num_queries, size
):
    deck(learner, course, size)

    page = answer_in_queries(
        django_assert_num_queries, QUERIES["dashboard"], review_client, DASHBOARD_URL
    )

    left = min(size // 2, learner.review_daily_limit)
    assert f"{left} questions to review today" in text(page)
