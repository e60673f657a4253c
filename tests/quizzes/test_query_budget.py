"""The quiz pages, and submitting, run the same number of SQL queries for 5 questions and 60, in
a course of 2 modules x 2 lessons and one of 8 modules x 6 lessons."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.models import Attempt
from tests.factories import build_course, build_long_quiz
from tests.helpers import answer_in_queries
from tests.quizzes.helpers import correct_answers, form_data, paper_of

QUESTIONS = (5, 60)
COURSE_SIZES = {"2 modules x 2 lessons": (2, 2), "8 modules x 6 lessons": (8, 6)}
# Every request reads the session and the user. The intro and the result read the learner's
# completions and attempts (progress); the first view after the course was made
# also reads its outline (modules, lessons, quizzes), and the start the quiz's questions and
# their options. A page seen again costs what finds its content versions.
QUERIES = {
    "intro, first view after an edit": 9,  # the course; progress (its attempts), outline, intro
    "intro seen again": 3,
    "start": 20,  # also enrolls: savepoints, the learner's version, the new rows
    "attempt page": 3,  # the attempt with its course (its quiz, questions, options in memory)
    "attempt page seen again": 3,
    "submit": 9,  # the claim, one insert for every response, the score
    "result page": 6,  # the attempt with its course, progress, the responses
    "result page seen again": 3,
    "intro after an attempt": 5,
}


@pytest.mark.parametrize("course_size", COURSE_SIZES)
@pytest.mark.parametrize("questions", QUESTIONS)
def test_quiz_pages_cost_the_same_queries_at_any_size(
    learner_client, django_assert_num_queries, questions, course_size
):
    def answer(step, url, **request):
        return answer_in_queries(
            django_assert_num_queries, QUERIES[step], learner_client, url, **request
        )

    learner_client.get("/accounts/")  # a learner back on the site, with a CSRF cookie
    modules, lessons_per_module = COURSE_SIZES[course_size]
    course = build_course(modules=modules, lessons_per_module=lessons_per_module)
    quiz = build_long_quiz(module=course.modules.last(), questions=questions)
    intro = quiz.get_absolute_url()

    answer("intro, first view after an edit", intro)
    answer("intro seen again", intro)
    answer("start", intro + "start/", method="post", status=302)
    attempt = Attempt.objects.get(quiz=quiz)
    url = f"/attempts/{attempt.pk}/"
    answer("attempt page", url)
    answer("attempt page seen again", url)
    paper = paper_of(attempt)
    answers = form_data(paper, correct_answers(paper))
    answer("submit", url, method="post", data=answers, status=302)
    answer("result page", url + "result/")
    answer("result page seen again", url + "result/")
    answer("intro after an attempt", intro)


@pytest.mark.parametrize("questions", QUESTIONS)
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
