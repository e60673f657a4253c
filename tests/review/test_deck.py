"""What stays in a deck when content changes, and a learner's deck in their data: downloaded
with it, deleted with them."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from jsnlearn.accounts.services import delete_account
from jsnlearn.review.models import ReviewCard, ReviewLog
from lessons.models import Course, Module
from quizzes.grading import Kind
from quizzes.models import Quiz
from tests.factories import content_edited
from tests.helpers import answer_in_queries, text
from tests.review.helpers import (
    REVIEW_URL,
    answer_url,
    card_of,
    review_form,
    right_answer,
    take_quiz,
)


@pytest.fixture
def deck(learner_client, learner, quiz):
    take_quiz(learner_client, learner, at=timezone.now() - timedelta(days=3))
    return learner


def due_today(client) -> str:
    return text(client.get(REVIEW_URL))


@pytest.mark.parametrize(
    "unpublish",
    [
        lambda quiz: Quiz.objects.filter(pk=quiz.pk).update(is_published=False),
        lambda quiz: Module.objects.filter(pk=quiz.module_id).update(is_published=False),
        lambda quiz: Course.objects.filter(pk=quiz.module.course_id).update(is_published=False),
    ],
    ids=["quiz", "module", "course"],
)
def test_an_unpublished_question_leaves_the_deck_and_comes_back_when_published(
    learner_client, deck, quiz, unpublish
):
    card = card_of(deck, Kind.SINGLE)
    unpublish(quiz)
    content_edited(quiz.module.course_id)

    assert "Nothing to review yet" in due_today(learner_client)
    assert learner_client.post(answer_url(card), review_form(card)).status_code == 404

    for model, pk in ((Quiz, quiz.pk), (Module, quiz.module_id), (Course, quiz.module.course_id)):
        model.objects.filter(pk=pk).update(is_published=True)
    content_edited(quiz.module.course_id)
    assert "Question 1 of 6" in due_today(learner_client)


def test_a_question_changed_in_kind_leaves_the_deck(learner_client, deck):
    card = card_of(deck, Kind.SINGLE)
    type(card.question).objects.filter(pk=card.question_id).update(kind=Kind.MULTIPLE)

    assert "Question 1 of 5" in due_today(learner_client)
    assert learner_client.post(answer_url(card), review_form(card)).status_code == 404


def test_a_deleted_question_takes_its_cards_with_it(deck):
    card = card_of(deck, Kind.SINGLE)
    card.question.responses.all().delete()  # deleting is refused while answers point at it

    card.question.delete()

    assert not ReviewCard.objects.filter(pk=card.pk).exists()


def test_a_question_whose_text_is_edited_stays(learner_client, deck, quiz):
    card = card_of(deck, Kind.SINGLE)
    ReviewCard.objects.filter(user=deck).exclude(pk=card.pk).delete()
    question = card.question
    question.prompt = "Your old boss wants to connect on Facebook. What now?"
    question.save()
    content_edited(quiz.module.course_id)

    assert "Your old boss wants to connect on Facebook. What now?" in due_today(learner_client)


def test_download_my_data_holds_the_deck_and_the_review_log(learner_client, deck):
    card = card_of(deck, Kind.SINGLE)
    learner_client.post(answer_url(card), review_form(card, right_answer(card)))

    data = json.loads(learner_client.get("/accounts/my-data/").content)

    assert len(data["review_cards"]) == 6
    cards = {entry["question"]: entry for entry in data["review_cards"]}
    single = cards[card.question.prompt]
    assert single["course"] == "Social networking in Japan"
    assert single["times_rated"] == 2
    assert single["due"].endswith("Z")
    (logged,) = data["review_log"]
    assert logged["your_answer"] == "Accept it and keep what you post professional"
    assert (logged["right"], logged["rating"], logged["points"]) == (True, "Good", "1")
    assert data["profile"]["review_questions_a_day"] == 20


def test_deleting_the_account_deletes_the_deck_and_the_log(learner_client, deck):
    card = card_of(deck, Kind.SINGLE)
    learner_client.post(answer_url(card), review_form(card, right_answer(card)))

    delete_account(user=deck)

    assert not ReviewCard.objects.exists()
    assert not ReviewLog.objects.exists()


@pytest.mark.parametrize("reviews", [2, 12])
def test_download_my_data_reads_the_deck_in_the_same_queries_whatever_its_size(
    learner_client, deck, reviews, django_assert_num_queries
):
    card = card_of(deck, Kind.SINGLE)
    now = timezone.now()
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=deck,
            card=card,
            seq=seq,
            rating=ReviewLog.Rating.AGAIN,
            reviewed_at=now,
            answer=None,
            awarded_points=0,
            due_after=now,
        )
        for seq in range(2, reviews + 2)
    )

    response = answer_in_queries(
        django_assert_num_queries, EXPORT_WITH_A_DECK, learner_client, "/accounts/my-data/"
    )

    assert len(json.loads(response.content)["review_log"]) == reviews


# The session and user, the profile's sections, the attempt and its answers with their questions'
# options, the classes joined, the certificates, the review cards, the review log and its
# questions' options.
EXPORT_WITH_A_DECK = 14
