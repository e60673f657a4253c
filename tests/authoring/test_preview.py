"""Drafts are previewed by those who author their course (its instructors, superusers), under
the draft banner; to anyone else, staff included, a draft does not exist."""

import pytest
from django.test import Client

from lessons.models import Course, Lesson, Module
from quizzes.models import Quiz
from tests.factories import UserFactory

LESSON = "/courses/sns-japan/m1/l1/"
QUIZ = "/courses/sns-japan/m1/quiz/q1/"
PAGES = {
    "course": "/courses/sns-japan/",
    "lesson": LESSON,
    "quiz": QUIZ,
    "questions": QUIZ + "preview/",
}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def drafts(course, quiz):
    """Everything of the course is a draft."""
    Course.objects.filter(pk=course.pk).update(is_published=False)
    Module.objects.update(is_published=False)
    Lesson.objects.update(is_published=False)
    Quiz.objects.update(is_published=False)


@pytest.mark.parametrize("page", PAGES)
def test_the_courses_instructors_and_superusers_preview_its_drafts(
    instructor_client, superuser_client, drafts, page
):
    for client in (instructor_client, superuser_client):
        response = client.get(PAGES[page])
        assert response.status_code == 200
        if page != "questions":
            assert "Draft preview." in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_drafts_are_not_found_by_anyone_else(db, other_course, drafts, page):
    other_instructor = other_course.instructors.get()
    staff = UserFactory(is_staff=True)
    learner = UserFactory()

    for client in (client_for(other_instructor), client_for(staff), client_for(learner), Client()):
        assert client.get(PAGES[page]).status_code == 404


def test_an_instructor_reads_other_courses_as_learners_do(instructor_client, other_course):
    lessons = Lesson.objects.filter(module__course=other_course)
    for content in (*lessons, *Quiz.objects.filter(module__course=other_course)):
        content.is_published = False
        content.save()  # as the admin does

    outline = instructor_client.get("/courses/other/").content.decode()

    assert instructor_client.get("/courses/other/m1/l1/").status_code == 404
    assert instructor_client.get("/courses/other/m1/quiz/oq/").status_code == 404
    assert instructor_client.get("/courses/other/m1/quiz/oq/preview/").status_code == 404
    assert "Other quiz" not in outline
    assert "Draft" not in outline


def test_the_catalog_lists_published_courses_only_even_for_their_authors(
    instructor_client, instructor, course
):
    draft = Course.objects.create(slug="draft", title="A draft course", summary="Soon.")
    draft.instructors.add(instructor)

    page = instructor_client.get("/courses/").content.decode()

    assert course.title in page
    assert "A draft course" not in page
