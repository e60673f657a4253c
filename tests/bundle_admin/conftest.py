"""Who uses the bundle pages, and bundles to give them."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, build_course

IMPORT_URL = "/admin/bundles/import/"


def staff(email, *, teaches=(), may_add_courses=False, **fields):
    user = UserFactory(email=email, is_staff=True, **fields)
    for course in teaches:
        course.instructors.add(user)
    if may_add_courses:
        user.user_permissions.add(Permission.objects.get(codename="add_course"))
    return user


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


def exported(course) -> bytes:
    """The course's bundle as the admin's "Export as bundle" gives it."""
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("bundles:export", kwargs={"course_id": course.pk}))
    assert response.status_code == 200
    return response.content


def post_bundle(client, content: bytes, *, name="bundle.zip", **options):
    """Send the import form: `options` are its checkboxes (update=True, dry_run=True)."""
    data = {"bundle": SimpleUploadedFile(name, content, content_type="application/zip")}
    data |= {option: "on" for option, ticked in options.items() if ticked}
    return client.post(IMPORT_URL, data)
