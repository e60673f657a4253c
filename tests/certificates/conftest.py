import pytest
from django.test import Client

from tests.certificates.helpers import add_graded_quiz, finish, issue
from tests.factories import UserFactory


@pytest.fixture
def graded(course):
    """`course`'s module 1 quiz, worth 10 points, passed at 70%."""
    return add_graded_quiz(course)


@pytest.fixture
def finished(learner, course, lessons, graded):
    """`learner` has completed every lesson of `course` and passed its quiz."""
    finish(learner, course, lessons, graded)
    return course


@pytest.fixture
def certificate(learner, finished):
    return issue(learner, finished)


@pytest.fixture
def other_client(client_factory):
    return client_factory(UserFactory(display_name="Ren"))


@pytest.fixture
def client_factory(db):
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
