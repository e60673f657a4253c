"""Who uses the bundle pages."""

import pytest

from tests.bundle_admin.helpers import staff
from tests.factories import build_course


@pytest.fixture
def superuser(db):
    return staff("ops@example.com", display_name="Ops", is_superuser=True)


@pytest.fixture
def instructor(course):
    """Teaches the `course` fixture (sns-japan), may not create courses."""
    return staff("sensei@example.com", display_name="Sensei", teaches=[course])


@pytest.fixture
def author(db):
    """Teaches nothing yet, may create courses."""
    return staff("author@example.com", display_name="Author", may_add_courses=True)


@pytest.fixture
def other_course(db):
    return build_course(
        modules=1, lessons_per_module=1, slug="line-etiquette", title="LINE etiquette"
    )
