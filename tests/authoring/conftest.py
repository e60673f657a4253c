"""Two courses: A ("sns-japan", the shared `course` fixture, with its quiz) taught by the
instructor, and B ("other") taught by someone else, each with something learners did."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from lessons.models import Course
from tests.authoring.helpers import restore_instructors_group, take_quiz
from tests.factories import (
    EnrollmentFactory,
    LessonCompletionFactory,
    UserFactory,
    build_course,
    build_quiz,
)


@pytest.fixture(autouse=True)
def instructors_group(db):
    restore_instructors_group()


@pytest.fixture
def instructor(course):
    user = UserFactory(email="sensei@example.com", display_name="Sensei")
    call_command("make_instructor", user.email, "--course", course.slug, stdout=io.StringIO())
    user.refresh_from_db()
    return user


@pytest.fixture
def instructor_client(instructor):
    client = Client()
    client.force_login(instructor)
    return client


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def other_course(db) -> Course:
    """Course B, taught by another instructor: a module, a lesson, a quiz, learners' work."""
    other = build_course(modules=1, lessons_per_module=1, slug="other", title="Other course")
    other.instructors.add(UserFactory(is_staff=True, display_name="Other sensei"))
    build_quiz(module=other.modules.get(), slug="oq", title="Other quiz")
    learner = UserFactory(display_name="Ren")
    EnrollmentFactory(user=learner, course=other)
    LessonCompletionFactory(user=learner, lesson=other.modules.get().lessons.get())
    take_quiz(learner, other.modules.get().quizzes.get())
    return other
