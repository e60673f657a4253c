"""Two submissions of one attempt at the same moment (a double click, two tabs) grade it once.

Each submission runs in its own thread with its own database connection, as two gunicorn
workers would. The first to claim the attempt is held inside its transaction for a moment, so
the others are sure to arrive while it is still grading.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from quizzes import services
from quizzes.models import Attempt, Response
from tests.factories import UserFactory, build_course, build_quiz
from tests.quizzes.helpers import correct_answers, form_data, paper_of

SUBMISSIONS = 4

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL's row locks between connections; .ci/run runs it there",
)


def _submit_at_once(learner, url, data) -> list:
    barrier = threading.Barrier(SUBMISSIONS)
    responses = [None] * SUBMISSIONS

    def submit(index):
        client = Client()
        client.force_login(learner)
        barrier.wait()
        try:
            responses[index] = client.post(url, data)
        except Exception as error:  # a 500 in the test client; reported by the assertion
            responses[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


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
