"""Lesson HTML stored before headings were levelled is rendered again by a migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("lessons", "0006_course_and_module_pictures")]
AFTER = [("lessons", "0007_rerender_headings_in_order")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def _back_to_the_latest_afterwards():
    """Going back unapplies every app's migrations built on the lessons', not only the lessons'
    own: the tests after this one need them all again."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_afterwards")
def test_stored_headings_come_out_in_order_and_the_course_cache_is_renewed():
    apps = migrate(BEFORE)
    Course, Module, Lesson = (
        apps.get_model("lessons", name) for name in ("Course", "Module", "Lesson")
    )
    course = Course.objects.create(slug="c", title="C", summary="S", content_version=1)
    untouched = Course.objects.create(slug="d", title="D", summary="S", content_version=2)
    module = Module.objects.create(course=course, slug="m", title="M")
    lesson = Lesson.objects.create(
        module=module, slug="l", title="L", body="## Why\n\nText.", body_html="<h3>Why</h3>"
    )

    apps = migrate(AFTER)

    Course, Lesson = apps.get_model("lessons", "Course"), apps.get_model("lessons", "Lesson")
    assert Lesson.objects.get(pk=lesson.pk).body_html == "<h2>Why</h2>\n<p>Text.</p>"
    assert Course.objects.get(pk=course.pk).content_version != 1
    assert Course.objects.get(pk=untouched.pk).content_version == 2
