"""The quiz pages, and submitting, run the same number of SQL queries for 5 questions and 60, in
a course of 2 modules x 2 lessons and one of 8 modules x 6 lessons."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes.models import Attempt
from tests.factories import (
    ClassroomFactory,
    DueDateFactory,
    MembershipFactory,
    build_course,
    build_long_quiz,
)
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
# For a member of a class of the course that sets the quiz's due and open dates: the intro reads
# the due dates of their classes and when their classes open the quiz, the start checks it is open.
CLASS_QUERIES = {
    **QUERIES,
    "intro, first view after an edit": 11,
    "start": 21,
    "intro after an attempt": 7,
}


@pytest.mark.parametrize("in_a_class", [False, True], ids=["on their own", "in a class"])
@pytest.mark.parametrize("course_size", COURSE_SIZES)
@pytest.mark.parametrize("questions", QUESTIONS)
def test_quiz_pages_cost_the_same_queries_at_any_size(
    learner_client,
    learner,
    django_assert_num_queries,
    monkeypatch,
    questions,
    course_size,
    in_a_class,
):
    budget = CLASS_QUERIES if in_a_class else QUERIES
    # A member's page is kept for a minute at most: the test runs within one.
    monkeypatch.setattr("jsnlearn.pagecache.time.time", lambda: 1_800_000_000.0)

    def answer(step, url, **request):
        return answer_in_queries(
            django_assert_num_queries, budget[step], learner_client, url, **request
        )

    learner_client.get("/accounts/")  # a learner back on the site, with a CSRF cookie
    modules, lessons_per_module = COURSE_SIZES[course_size]
    course = build_course(modules=modules, lessons_per_module=lessons_per_module)
    quiz = build_long_quiz(module=course.modules.last(), questions=questions)
    intro = quiz.get_absolute_url()
    if in_a_class:
        classroom = ClassroomFactory(course=course)
        MembershipFactory(user=learner, classroom=classroom)
        opened = timezone.now() - timedelta(days=1)
        DueDateFactory(classroom=classroom, quiz=quiz, opens=opened, due=opened + timedelta(7))

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
