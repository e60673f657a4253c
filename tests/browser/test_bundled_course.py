"""The course that ships with the site, read on a phone as `make run` serves it."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lessons.models import Course, Lesson

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def bundled_course(site):
    call_command("load_courses", stdout=io.StringIO())
    return Course.objects.get(slug="social-networking-in-japan")


def test_every_lesson_of_the_bundled_course_reads_on_a_phone(
    page, page_problems, site, bundled_course
):
    page.set_viewport_size(PHONE)
    page.goto(site + "/")
    page.get_by_role("link", name="Browse courses").click()
    page.get_by_role("link", name=bundled_course.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(bundled_course.title)

    lessons = Lesson.objects.filter(module__course=bundled_course).order_by(
        "module__position", "position"
    )
    for lesson in lessons:
        page.goto(site + lesson.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{lesson.slug} scrolls sideways ({width}px)"
    assert page_problems.all() == []


def test_a_lesson_with_readings_and_a_table_passes_the_accessibility_audit(
    page, site, bundled_course, wcag_violations
):
    lessons = Lesson.objects.filter(module__course=bundled_course)
    with_ruby = lessons.filter(body_html__contains="<ruby>").first()
    with_table = lessons.filter(body_html__contains="<table>").first()
    assert with_ruby, "the course gives readings of Japanese words"
    assert with_table, "the course compares networks in a table"

    page.set_viewport_size(PHONE)
    for lesson in {with_ruby, with_table}:
        page.goto(site + lesson.get_absolute_url())
        page.screenshot(path=f"test-results/bundled-{lesson.slug}.png", full_page=True)
        assert wcag_violations(page) == []
