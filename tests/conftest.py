import asyncio

import pytest
from django.core.cache import caches
from django.db import connection, connections

from tests.factories import UserFactory, build_course, build_quiz


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The sign-in tests hash hundreds of passwords, at about 0.3 s each with production's hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    """Every message goes through the outbox as in production (Django's test setup swaps the
    backend for its in-memory one), delivered at once into `mail.outbox` by the tasks' immediate
    backend."""
    settings.EMAIL_BACKEND = "jsnlearn.mail.backend.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _clean_slate_after_each_test(request, django_db_blocker):
    yield
    _empty_caches(request, django_db_blocker)
    _close_connections_opened_under_playwrights_loop()


def _empty_caches(request, django_db_blocker):
    """allauth counts sign-in attempts in the default cache (a database table), which can
    outlive a test: a transactional test's flush leaves the cache table alone. A test still
    inside its transaction needs nothing: the rollback empties the table. The caches in memory
    are emptied too, so that no test finds what another kept."""
    for alias in ("figures", "pages", "fragments"):
        caches[alias].clear()
    used_the_database = request.node.get_closest_marker("django_db") or (
        {"db", "transactional_db"} & set(request.fixturenames)
    )
    if used_the_database and not connection.in_atomic_block:
        with django_db_blocker.unblock():
            caches["default"].clear()


def _close_connections_opened_under_playwrights_loop():
    """Once a browser test has started Playwright, its asyncio loop counts as running in this
    thread for the rest of the session, and Django (through asgiref's Local) then keeps the
    thread's connections apart from the ones pytest-django closes at the end. Close them after
    each test, or PostgreSQL refuses to drop the test database ("being accessed by other users")."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    connections.close_all()


@pytest.fixture
def learner(db):
    return UserFactory(display_name="Aiko")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def course(db):
    """A published course of two modules (m1, m2) with two lessons each (l1, l2), titled
    "Module 1" and "Lesson 1.1" and so on."""
    return build_course(
        modules=2, lessons_per_module=2, slug="sns-japan", title="Social networking in Japan"
    )


@pytest.fixture
def lessons(course):
    """The course's lessons in reading order: 1.1, 1.2, 2.1, 2.2."""
    return [lesson for module in course.modules.all() for lesson in module.lessons.all()]


@pytest.fixture
def quiz(course):
    """Module 1's quiz ("q1"), one question of each of the six kinds, answers shown once done."""
    return build_quiz(module=course.modules.get(slug="m1"), slug="q1", title="Module 1 quiz")
