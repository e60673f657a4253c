"""Every learner page runs the same number of SQL queries whatever the course's size: on the
first view after an edit (the outline is read), on a learner's first view of it (the outline is
in memory) and when the same learner sees it again (the page is kept for their session)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils.timezone import now

from lessons.models import Lesson
from quizzes.models import Attempt
from tests.factories import (
    ClassroomFactory,
    DueDateFactory,
    EnrollmentFactory,
    LessonCompletionFactory,
    MembershipFactory,
    QuizFactory,
    UserFactory,
    build_course,
)
from tests.helpers import answer_in_queries
from tests.lessons.helpers import MEMBER_QUERIES, QUERIES

SIZES = {"1 module x 1 lesson": (1, 1), "30 modules x 20 lessons": (30, 20)}
PAGES = {
    "catalog": lambda lesson: "/courses/",
    "outline": lambda lesson: lesson.module.course.get_absolute_url(),
    "lesson": lambda lesson: lesson.get_absolute_url(),
    "dashboard": lambda lesson: "/dashboard/",
}


def _learner_in(course, lessons, classroom=None):
    """A learner enrolled in `course` (and a member of `classroom`), every other lesson done, a
    passed attempt at every other quiz, back on the site (with a CSRF cookie)."""
    learner = UserFactory()
    EnrollmentFactory(user=learner, course=course)
    if classroom:
        MembershipFactory(user=learner, classroom=classroom)
    for lesson in lessons[::2]:
        LessonCompletionFactory(user=learner, lesson=lesson)
    quizzes = [module.quizzes.first() for module in course.modules.all()]
    Attempt.objects.bulk_create(
        Attempt(user=learner, quiz=quiz, submitted_at=now(), score=1, max_score=1, percent=100)
        for quiz in quizzes[::2]
    )
    client = Client()
    client.force_login(learner)
    client.get("/accounts/")  # a page with a form sets the CSRF cookie
    return client


def _course_of(modules: int, lessons_per_module: int, *, in_a_class=False):
    """A new course of this size, a quiz in each module; two learners in it and its last
    lesson. `in_a_class`: the learners are in a class that sets a due date for every module
    and quiz."""
    course = build_course(modules=modules, lessons_per_module=lessons_per_module)
    classroom = ClassroomFactory(course=course) if in_a_class else None
    for module in course.modules.all():
        quiz = QuizFactory(module=module)
        if classroom:
            DueDateFactory(classroom=classroom, module=module, due=now() + timedelta(days=3))
            DueDateFactory(classroom=classroom, quiz=quiz, due=now() - timedelta(days=1))
    lessons = list(Lesson.objects.filter(module__course=course).select_related("module__course"))
    first_learner, second_learner = (_learner_in(course, lessons, classroom) for _ in range(2))
    return first_learner, second_learner, lessons[-1]


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", PAGES)
def test_each_page_costs_the_same_queries_at_any_size(django_assert_num_queries, page, size):
    first_learner, second_learner, last_lesson = _course_of(*SIZES[size])
    url = PAGES[page](last_lesson)
    after_edit, first_view, seen_again = QUERIES[page]

    answer_in_queries(django_assert_num_queries, after_edit, first_learner, url)
    answer_in_queries(django_assert_num_queries, first_view, second_learner, url)
    answer_in_queries(django_assert_num_queries, seen_again, second_learner, url)


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", PAGES)
def test_a_class_members_pages_cost_the_same_queries_at_any_size(
    django_assert_num_queries, monkeypatch, page, size
):
    # A member's page is kept for a minute at most: the test runs within one.
    monkeypatch.setattr("jsnlearn.pagecache.time.time", lambda: 1_800_000_000.0)
    first_learner, second_learner, last_lesson = _course_of(*SIZES[size], in_a_class=True)
    url = PAGES[page](last_lesson)
    after_edit, first_view, seen_again = MEMBER_QUERIES[page]

    first = answer_in_queries(django_assert_num_queries, after_edit, first_learner, url)
    answer_in_queries(django_assert_num_queries, first_view, second_learner, url)
    answer_in_queries(django_assert_num_queries, seen_again, second_learner, url)
    if page in ("outline", "dashboard"):
        assert "overdue" in first.content.decode()  # the due dates are there
