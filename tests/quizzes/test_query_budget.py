"""The quiz pages, and submitting, run the same number of SQL queries for 5 questions and 60."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.models import Attempt
from tests.factories import build_course, build_long_quiz
from tests.quizzes.helpers import correct_answers, form_data, paper_of

SIZES = (5, 60)
BUDGET = 18  # a page's first view; seen again, a page costs SEEN_AGAIN
SEEN_AGAIN = 3  # the session, the user, the versions (the page is in the worker's memory)


def _count(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), response.status_code
    return len(queries)


def _measure(client, questions: int, committed) -> dict[str, int]:
    """Queries for each quiz page and action, on a new course's quiz of `questions` questions."""
    course = build_course(modules=3, lessons_per_module=3)
    quiz = build_long_quiz(module=course.modules.first(), questions=questions)
    committed()  # the course was made by earlier requests
    intro = quiz.get_absolute_url()
    counts = {"intro before any attempt": _count(client, "get", intro)}
    counts["start"] = _count(client, "post", intro + "start/")
    attempt = Attempt.objects.get(quiz=quiz)
    counts["attempt page"] = _count(client, "get", f"/attempts/{attempt.pk}/")  # "enrolled"
    counts["attempt page, kept"] = _count(client, "get", f"/attempts/{attempt.pk}/")
    counts["attempt page again"] = _count(client, "get", f"/attempts/{attempt.pk}/")
    paper = paper_of(attempt)
    answers = form_data(paper, correct_answers(paper))
    counts["submit"] = _count(client, "post", f"/attempts/{attempt.pk}/", answers)
    counts["result page"] = _count(client, "get", f"/attempts/{attempt.pk}/result/")
    counts["intro after an attempt"] = _count(client, "get", intro)
    counts["intro again"] = _count(client, "get", intro)
    return counts


def test_quiz_pages_cost_the_same_queries_for_5_or_60_questions(learner_client, committed):
    for _ in range(2):  # a learner back on the site: a CSRF cookie, then their versions
        learner_client.get("/dashboard/")
    small, large = (_measure(learner_client, size, committed) for size in SIZES)

    assert small == large
    again = {name: n for name, n in small.items() if name.endswith("again")}
    first = {name: n for name, n in small.items() if name not in ("start", "submit", *again)}
    assert max(first.values()) <= BUDGET, first
    assert max(again.values()) <= SEEN_AGAIN, again


@pytest.mark.parametrize("questions", SIZES)
def test_submitting_writes_every_response_in_one_insert(learner_client, course, questions):
    quiz = build_long_quiz(module=course.modules.first(), questions=questions)
    learner_client.post(quiz.get_absolute_url() + "start/")
    attempt = Attempt.objects.get(quiz=quiz)
    paper = paper_of(attempt)

    with CaptureQueriesContext(connection) as queries:
        learner_client.post(f"/attempts/{attempt.pk}/", form_data(paper, correct_answers(paper)))

    inserts = [q["sql"] for q in queries if 'INSERT INTO "quizzes_response"' in q["sql"]]
    assert len(inserts) == 1
    assert attempt.responses.count() == questions
