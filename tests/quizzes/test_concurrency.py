"""A learner's requests at the same moment (a double click, two tabs) in their own threads and
database connections, as two gunicorn workers would run them: one attempt graded once, and
never more attempts than the quiz allows."""

import threading
import time

import pytest
from django.db import connections
from django.test import Client

from quizzes import services
from quizzes.models import Attempt, Response
from tests.factories import UserFactory, build_course, build_quiz
from tests.helpers import at_once
from tests.quizzes.helpers import correct_answers, form_data, paper_of

SUBMISSIONS = 4


def _submit_at_once(learner, url, data) -> list:
    return at_once(learner, lambda client, _: client.post(url, data), count=SUBMISSIONS)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_grade_the_attempt_exactly_once(monkeypatch):
    learner = UserFactory()
    course = build_course(modules=1, lessons_per_module=1, slug="sns-japan")
    quiz = build_quiz(module=course.modules.get(), slug="q1")
    client = Client()
    client.force_login(learner)
    client.post(quiz.get_absolute_url() + "start/")
    attempt = Attempt.objects.get()
    paper = paper_of(attempt)
    record_score = services.record_score

    def slow_record_score(*args, **kwargs):
        time.sleep(0.5)  # the others reach their UPDATE while this one still holds the row
        record_score(*args, **kwargs)

    monkeypatch.setattr(services, "record_score", slow_record_score)

    responses = _submit_at_once(
        learner, f"/attempts/{attempt.pk}/", form_data(paper, correct_answers(paper))
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302] * SUBMISSIONS
    assert {r.url for r in responses} == {f"/attempts/{attempt.pk}/result/"}
    attempt.refresh_from_db()
    assert (attempt.score, attempt.percent, attempt.passed) == (6, 100, True)
    assert Response.objects.filter(attempt=attempt).count() == 6
    assert Attempt.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_starting_again_while_another_tab_submits_never_exceeds_the_attempts_allowed(
    monkeypatch,
):
    """Tab A starts the quiz (resuming the open attempt) while tab B submits that attempt: A
    must count B's submission, so the learner never gets a second attempt at a one-attempt
    quiz."""
    learner = UserFactory()
    course = build_course(modules=1, lessons_per_module=1, slug="sns-japan")
    quiz = build_quiz(module=course.modules.get(), slug="q1", max_attempts=1)
    client = Client()
    client.force_login(learner)
    client.post(quiz.get_absolute_url() + "start/")
    attempt = Attempt.objects.get()
    answers = form_data(paper_of(attempt), correct_answers(paper_of(attempt)))
    progress_read, submitted = threading.Event(), threading.Event()
    progress_for = services.progress_for

    def progress_then_wait(*args, **kwargs):
        progress = progress_for(*args, **kwargs)
        progress_read.set()
        submitted.wait(timeout=2)  # B submits now, unless it waits for A to finish
        return progress

    monkeypatch.setattr(services, "progress_for", progress_then_wait)
    results = {}

    def tab(name, method, url, data=None):
        other = Client()
        other.force_login(learner)
        if name == "submit":
            progress_read.wait(timeout=5)
        try:
            results[name] = getattr(other, method)(url, data or {}).status_code
        finally:
            if name == "submit":
                submitted.set()
            connections.close_all()

    threads = [
        threading.Thread(target=tab, args=("start", "post", quiz.get_absolute_url() + "start/")),
        threading.Thread(target=tab, args=("submit", "post", f"/attempts/{attempt.pk}/", answers)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert results["submit"] == 302
    assert results["start"] in (302, 403)  # resumed before the submission, or closed after it
    assert Attempt.objects.count() == 1
    assert Attempt.objects.get().is_submitted
