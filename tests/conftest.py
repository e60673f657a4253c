import pytest
from django.core.cache import cache

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The sign-in tests hash hundreds of passwords, at about 0.3 s each with production's hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _forget_rate_limits(request, django_db_blocker):
    """allauth counts sign-in attempts in the cache, which outlives a test: a transactional test's
    flush leaves the cache table alone, and Redis (with REDIS_URL set) is not the database."""
    yield
    if {"db", "transactional_db"} & set(request.fixturenames):
        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture
def learner(db):
    return UserFactory(display_name="Aiko")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
