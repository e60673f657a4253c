"""The quiz pages, and submitting, run the same number of SQL queries for 5 questions and 60."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.models import Attempt
from tests.factories import build_course, build_long_quiz
from tests.helpers import queries_for
from tests.quizzes.helpers import correct_answers, form_data, paper_of

SIZES = (5, 60)
# Every request reads the session and the user. The intro and the result read the learner's
# completions and attempts (progress); the first view after the course was made
# also reads its outline (modules, lessons, quizzes), and the start the quiz's questions and
# their options. A page seen again costs what finds its content versions.
QUERIES = {
    "intro, first view after an edit": 10,  # the course; progress, outline, the intro; attempts
    "intro seen again": 3,
    "start": 20,  # also enrolls: savepoints, the learner's version, the new rows
    "attempt page": 4,  # the attempt; its course (its quiz, questions and options in memory)
    "attempt page seen again": 4,
    "submit": 10,  # the claim, one insert for every response, the score
    "result page": 7,  # the attempt and its course, progress, the responses
    "result page seen again": 4,
    "intro after an attempt": 6,
}


def _measure(client, questions: int) -> dict[str, int]:
    """Queries for each quiz page and action, on a new course's quiz of `questions` questions."""
    course = build_course(modules=3, lessons_per_module=3)
    quiz = build_long_quiz(module=course.modules.first(), questions=questions)
    intro = quiz.get_absolute_url()
    counts = {"intro, first view after an edit": queries_for(client, intro)}
    counts["intro seen again"] = queries_for(client, intro)
    counts["start"] = queries_for(client, intro + "start/", method="post", status=(302,))
    attempt = Attempt.objects.get(quiz=quiz)
    url = f"/attempts/{attempt.pk}/"
    counts["attempt page"] = queries_for(client, url)
    counts["attempt page seen again"] = queries_for(client, url)
    paper = paper_of(attempt)
    answers = form_data(paper, correct_answers(paper))
    counts["submit"] = queries_for(client, url, method="post", data=answers, status=(302,))
    counts["result page"] = queries_for(client, url + "result/")
    counts["result page seen again"] = queries_for(client, url + "result/")
    counts["intro after an attempt"] = queries_for(client, intro)
    return counts


def test_quiz_pages_cost_the_same_queries_for_5_or_60_questions(learner_client):
    learner_client.get("/accounts/")  # a learner back on the site, with a CSRF cookie
    for questions in SIZES:
        assert _measure(learner_client, questions) == QUERIES, questions


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
