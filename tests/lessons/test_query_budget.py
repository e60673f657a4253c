"""Every learner page runs the same, small number of SQL queries whatever the course's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from lessons.models import Lesson
from quizzes.models import Attempt
from tests.factories import EnrollmentFactory, LessonCompletionFactory, QuizFactory, build_course

BUDGET = 19  # a page's first view, outline read and page kept included
SEEN_AGAIN = 3  # the session, the user, the versions (the page is in the worker's memory)
SIZES = {"1 module x 1 lesson": (1, 1), "30 modules x 20 lessons": (30, 20)}
PAGES = {
    "catalog": lambda lesson: "/courses/",
    "outline": lambda lesson: lesson.module.course.get_absolute_url(),
    "lesson": lambda lesson: lesson.get_absolute_url(),
    "dashboard": lambda lesson: "/dashboard/",
}


def _course_in_progress(learner, *, modules, lessons_per_module):
    """A course the learner is in, every other lesson done, a quiz per module with a passed
    attempt at every other one; returns its last lesson."""
    course = build_course(modules=modules, lessons_per_module=lessons_per_module)
    lessons = list(
        Lesson.objects.filter(module__course=course).order_by("module__position", "position")
    )
    EnrollmentFactory(user=learner, course=course)
    for lesson in lessons[::2]:
        LessonCompletionFactory(user=learner, lesson=lesson)
    quizzes = [QuizFactory(module=module) for module in course.modules.all()]
    Attempt.objects.bulk_create(
        Attempt(
            user=learner,
            quiz=quiz,
            submitted_at=now(),
            score=1,
            max_score=1,
            percent=100,
            passed=True,
        )
        for quiz in quizzes[::2]
    )
    return lessons[-1]


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_each_page_costs_the_same_small_number_of_queries_at_any_size(
    learner_client, learner, page, committed
):
    for _ in range(2):  # a learner back on the site: a CSRF cookie, then their versions
        learner_client.get("/dashboard/")
    counts = {}
    for name, (modules, lessons_per_module) in SIZES.items():
        lesson = _course_in_progress(
            learner, modules=modules, lessons_per_module=lessons_per_module
        )
        url = PAGES[page](lesson)
        committed()  # the course was made by earlier requests
        counts[name] = (_queries_for(learner_client, url), _queries_for(learner_client, url))

    assert len(set(counts.values())) == 1, counts
    first, again = counts["1 module x 1 lesson"]
    assert first <= BUDGET
    assert again <= SEEN_AGAIN
