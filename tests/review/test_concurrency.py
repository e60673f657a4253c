"""A learner's review requests at the same moment (a double click, two tabs), each in its own
thread and database connection as two gunicorn workers would run them: an answer is recorded
once, and a deck brought up to date twice at once holds each card once."""

import threading
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jsnlearn.review import services
from jsnlearn.review.models import ReviewCard, ReviewLog
from quizzes.grading import Kind
from quizzes.models import Attempt
from tests.factories import UserFactory, build_course, build_quiz
from tests.helpers import at_once
from tests.quizzes.helpers import correct_answers, form_data, paper_of
from tests.review.helpers import answer_url, card_of, review_form, right_answer

AT_ONCE = 4


def _learner_after_a_quiz():
    learner = UserFactory()
    course = build_course(modules=1, lessons_per_module=1, slug="sns-japan")
    quiz = build_quiz(module=course.modules.get(), slug="q1")
    client = Client()
    client.force_login(learner)
    client.post(quiz.get_absolute_url() + "start/")
    attempt = Attempt.objects.get()
    paper = paper_of(attempt)
    data = {**form_data(paper, correct_answers(paper)), "confirm_blanks": "1"}
    client.post(f"/attempts/{attempt.pk}/", data)
    Attempt.objects.update(submitted_at=timezone.now() - timedelta(days=5))
    return learner


@pytest.mark.django_db(transaction=True)
def test_a_deck_brought_up_to_date_by_two_pages_at_once_holds_each_card_once():
    learner = _learner_after_a_quiz()

    responses = at_once(learner, lambda client, _: client.get("/dashboard/"), count=AT_ONCE)

    assert [getattr(r, "status_code", r) for r in responses] == [200] * AT_ONCE
    assert ReviewCard.objects.filter(user=learner).count() == 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_answers_to_one_card_are_recorded_once(monkeypatch):
    learner = _learner_after_a_quiz()
    services.sync_deck(user=learner)
    card = card_of(learner, Kind.ORDERING)
    data = review_form(card, right_answer(card))
    rate = services.rate

    def slow_rate(*args, **kwargs):
        threading.Event().wait(0.3)  # the others reach their claim while this one holds it
        return rate(*args, **kwargs)

    monkeypatch.setattr(services, "rate", slow_rate)

    responses = at_once(
        learner, lambda client, _: client.post(answer_url(card), data), count=AT_ONCE
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302] * AT_ONCE
    (log,) = ReviewLog.objects.filter(card=card)
    assert {r.url for r in responses} == {f"/review/answers/{log.pk}/"}
    card.refresh_from_db()
    assert card.reps == 2
