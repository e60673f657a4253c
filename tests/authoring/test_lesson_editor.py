"""A lesson's editor: reached in one click from its module, its text previewed as learners will
see it, rendered by the server's one sanitizer; previews stay within the author's courses."""

import pytest
from django.test import Client

from jsnlearn.rendering import render_markdown
from lessons.admin import PREVIEW_LIMIT
from lessons.models import Lesson
from tests.factories import UserFactory

TEXT = "# 既読\n\nA <ruby>既読<rt>きどく</rt></ruby> mark means *read*.<script>alert(1)</script>"


def preview_url(lesson=None) -> str:
    if lesson is None:
        return "/admin/lessons/lesson/preview/"
    return f"/admin/lessons/lesson/{lesson.pk}/preview/"


@pytest.fixture
def lesson(course):
    return Lesson.objects.get(module__course=course, module__slug="m1", slug="l1")


def test_the_module_page_links_each_lesson_to_its_editor(instructor_client, course, lesson):
    Lesson.objects.filter(pk=lesson.pk).update(body="")
    page = instructor_client.get(f"/admin/lessons/module/{lesson.module_id}/change/")

    html = page.content.decode()
    assert f'href="/admin/lessons/lesson/{lesson.pk}/change/">Write the text' in html
    other = lesson.module.lessons.exclude(pk=lesson.pk).get()
    assert f'href="/admin/lessons/lesson/{other.pk}/change/">Edit the text' in html


@pytest.mark.parametrize("new", [False, True])
def test_the_preview_is_the_sanitized_html_learners_see(instructor_client, lesson, new):
    response = instructor_client.post(preview_url(None if new else lesson), {"body": TEXT})

    assert response.status_code == 200
    html = response.content.decode()
    assert html == render_markdown(TEXT)
    assert "<h1" not in html  # the page's title stays its only h1
    assert "<h2>既読</h2>" in html
    assert "<script" not in html
    assert "<rt>きどく</rt>" in html
    assert "no-store" in response["Cache-Control"]


def test_the_editor_shows_the_saved_text_as_learners_see_it_without_javascript(
    instructor_client, lesson
):
    page = instructor_client.get(f"/admin/lessons/lesson/{lesson.pk}/change/")

    html = page.content.decode()
    assert f'data-url="{preview_url(lesson)}"' in html
    assert f'<div class="prose">{lesson.body_html}</div>' in html


def test_previewing_changes_nothing(instructor_client, lesson):
    before = Lesson.objects.values().get(pk=lesson.pk)

    instructor_client.post(preview_url(lesson), {"body": "Something else"})

    assert Lesson.objects.values().get(pk=lesson.pk) == before


def test_another_courses_lesson_cannot_be_previewed(instructor_client, other_course):
    theirs = Lesson.objects.get(module__course=other_course)

    response = instructor_client.post(preview_url(theirs), {"body": "Mine now"})

    assert response.status_code == 404


@pytest.mark.parametrize("size", [PREVIEW_LIMIT + 1, 4 * PREVIEW_LIMIT + 10_000])
def test_a_huge_text_is_refused(instructor_client, lesson, size):
    before = Lesson.objects.values().get(pk=lesson.pk)

    response = instructor_client.post(preview_url(lesson), {"body": "a" * size})

    assert response.status_code == 413
    assert Lesson.objects.values().get(pk=lesson.pk) == before


def test_a_preview_without_text_or_by_get_is_refused(instructor_client, lesson):
    assert instructor_client.post(preview_url(lesson), {"text": "x"}).status_code == 400
    assert instructor_client.get(preview_url(lesson)).status_code == 405


def test_only_authors_may_preview(client, lesson):
    url = preview_url(lesson)
    assert client.post(url, {"body": "x"}).status_code == 302  # to the sign-in
    client.force_login(UserFactory(is_staff=True))  # staff, but no instructor
    assert client.post(url, {"body": "x"}).status_code == 404  # not a course they teach
    assert client.post(preview_url(), {"body": "x"}).status_code == 403


def test_a_preview_without_a_csrf_token_is_refused(instructor, lesson):
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    assert client.post(preview_url(lesson), {"body": "x"}).status_code == 403
