"""Content versions: renewed by any edit, seen at once by the writer's own transaction, written
to the cache once when it commits, and left alone by one that rolls back."""

from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from jsnlearn.bundles.importer import import_bundle
from lessons.models import Course
from lessons.versions import content_version

BUNDLED = (
    Path(__file__).resolve().parents[2] / "jsnlearn" / "courses" / "social-networking-in-japan"
)


def test_a_transaction_that_rolls_back_leaves_the_version_as_it_was(course, committed):
    committed()
    before = content_version(course.pk)

    seen_inside = []

    def edit_then_fail():
        with transaction.atomic():
            course.save()
            seen_inside.append(content_version(course.pk))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        edit_then_fail()

    assert seen_inside != [before]  # its own reads saw the edit
    assert content_version(course.pk) == before


def test_a_course_imported_in_one_transaction_writes_its_versions_once(
    db, django_capture_on_commit_callbacks
):
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        import_bundle(root=BUNDLED)

    course = Course.objects.get(slug="social-networking-in-japan")
    writes = [q["sql"] for q in queries if "jsnlearn_cache" in q["sql"]]
    assert len(writes) <= 8, len(writes)  # one set_many of two keys, not one per saved row
    assert content_version(course.pk)
