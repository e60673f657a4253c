"""Bad input on the review pages: forged and foreign ids, replays, forged answers, bad settings.
Each is a 4xx or a no-op that shows the first answer; nothing changes, never a 500."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jsnlearn.review.deck import review_paper
from jsnlearn.review.models import ReviewCard, ReviewLog
from jsnlearn.review.services import AlreadyAnswered, answer_card
from quizzes.grading import Kind
from tests.factories import UserFactory
from tests.helpers import text
from tests.review.helpers import (
    answer_url,
    card_of,
    log_id_of,
    review_form,
    right_answer,
    take_quiz,
)


@pytest.fixture
def deck(learner_client, learner, quiz):
    take_quiz(learner_client, learner, at=timezone.now() - timedelta(days=3))
    return learner


def unchanged(learner):
    """The learner's deck and log as they stand, to compare after a refused request."""
    cards = list(ReviewCard.objects.filter(user=learner).values_list("pk", "reps", "due"))
    return cards, ReviewLog.objects.filter(user=learner).count()


def test_a_card_that_does_not_exist_is_404(learner_client, deck):
    missing = ReviewCard.objects.order_by("-pk").first().pk + 1000

    assert learner_client.post(f"/review/cards/{missing}/", {"seen": "1"}).status_code == 404
    assert learner_client.get("/review/answers/99999/").status_code == 404


def test_another_learners_card_and_answers_are_404_and_change_nothing(learner_client, deck):
    card = card_of(deck, Kind.SINGLE)
    response = learner_client.post(answer_url(card), review_form(card, right_answer(card)))
    log_id = log_id_of(response)
    before = unchanged(deck)
    intruder = UserFactory()
    client = Client()
    client.force_login(intruder)

    assert client.post(answer_url(card), review_form(card, right_answer(card))).status_code == 404
    assert client.get(f"/review/answers/{log_id}/").status_code == 404
    assert client.post(f"/review/answers/{log_id}/easy/").status_code == 404
    assert unchanged(deck) == before
    assert not ReviewCard.objects.filter(user=intruder).exists()


def test_a_replayed_answer_is_recorded_once_and_shows_the_first(learner_client, deck):
    card = card_of(deck, Kind.SINGLE)
    form = review_form(card, right_answer(card))
    first = learner_client.post(answer_url(card), form)

    again = learner_client.post(answer_url(card), form)

    assert again.status_code == 302
    assert again.url == first.url
    assert ReviewLog.objects.filter(card=card).count() == 1
    assert "You already answered this question" in text(learner_client.get(again.url))


def test_two_answers_to_one_showing_record_one(learner, deck):
    card = card_of(deck, Kind.TRUE_FALSE)
    paper = review_paper(card, card.question.quiz)
    answers = {card.question.pk: right_answer(card)}
    answer_card(user=learner, card=card, paper=paper, answers=answers, seen=1)

    stale = ReviewCard.objects.select_related("question__quiz__module__course").get(pk=card.pk)
    stale.reps = 1  # as the second request read it, before the first committed
    with pytest.raises(AlreadyAnswered):
        answer_card(user=learner, card=stale, paper=paper, answers=answers, seen=1)

    assert ReviewLog.objects.filter(card=card).count() == 1


def test_a_form_shown_for_an_earlier_rating_is_a_no_op(learner_client, deck):
    card = card_of(deck, Kind.SINGLE)
    old_form = review_form(card, right_answer(card))
    learner_client.post(answer_url(card), old_form)
    before = unchanged(deck)

    old_form["seen"] = "2"  # forged to look current: its tokens are the first showing's
    response = learner_client.post(answer_url(card), old_form)

    assert response.status_code == 400
    assert unchanged(deck) == before


@pytest.mark.parametrize(
    "data",
    [
        {},  # no count of ratings
        {"seen": "one"},
        {"seen": "-1"},
        {"seen": "1", "q999": "x"},  # a field the question does not have
    ],
)
def test_a_malformed_answer_is_400_and_changes_nothing(learner_client, deck, data):
    card = card_of(deck, Kind.SHORT_TEXT)
    before = unchanged(deck)

    response = learner_client.post(answer_url(card), data)

    assert response.status_code == 400
    assert "Nothing was recorded" in text(response)
    assert unchanged(deck) == before


def test_an_option_of_another_card_is_refused(learner_client, deck):
    single, true_false = card_of(deck, Kind.SINGLE), card_of(deck, Kind.TRUE_FALSE)
    theirs = review_form(true_false, right_answer(true_false))
    name = f"q{single.question.pk}"
    forged = {"seen": "1", name: theirs[f"q{true_false.question.pk}"]}
    before = unchanged(deck)

    response = learner_client.post(answer_url(single), forged)

    assert response.status_code == 400
    assert unchanged(deck) == before


def test_an_overlong_or_null_text_answer_is_refused(learner_client, deck):
    card = card_of(deck, Kind.SHORT_TEXT)
    for answer in ("x" * 201, "LI\x00NE"):
        response = learner_client.post(answer_url(card), review_form(card, answer))
        assert response.status_code == 400
    assert not ReviewLog.objects.exists()


def test_review_pages_take_only_their_methods(learner_client, deck):
    card = card_of(deck, Kind.SINGLE)

    assert learner_client.get(answer_url(card)).status_code == 405
    assert learner_client.post("/review/").status_code == 405
    assert learner_client.get("/review/settings/x/reset/").status_code == 405


def test_visitors_are_sent_to_sign_in(deck):
    card = card_of(deck, Kind.SINGLE)
    visitor = Client()

    for response in (
        visitor.get("/review/"),
        visitor.post(answer_url(card), review_form(card, right_answer(card))),
        visitor.get("/review/settings/"),
    ):
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    assert not ReviewLog.objects.exists()


@pytest.mark.parametrize("limit", ["0", "501", "twenty", ""])
def test_a_bad_daily_limit_is_refused_and_changes_nothing(learner_client, deck, limit):
    response = learner_client.post(
        "/review/settings/", {"reviews_on": "on", "review_daily_limit": limit}
    )

    assert response.status_code == 400
    deck.refresh_from_db()
    assert deck.review_daily_limit == 20


def test_resetting_a_course_that_does_not_exist_is_404(learner_client, deck):
    assert learner_client.post("/review/settings/no-such-course/reset/").status_code == 404


def test_a_time_zone_not_in_the_list_is_refused(learner_client, learner):
    response = learner_client.post("/accounts/time-zone/", {"time_zone": "Mars/Olympus_Mons"})

    assert response.status_code == 400
    learner.refresh_from_db()
    assert learner.time_zone == ""
