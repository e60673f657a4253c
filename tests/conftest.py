import pytest

from tests.factories import UserFactory


@pytest.fixture
def learner(db):
    return UserFactory(display_name="Aiko")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
