"""The look: light and dark themes from the system setting, a focus ring that shows in both,
pictures that load, callouts, and readings (furigana) shown or hidden until tapped."""

import pytest
from playwright.sync_api import expect

from jsnlearn.accounts.models import User
from lessons.models import Lesson
from tests.browser.quiz_steps import no_sideways_scrolling
from tests.browser.steps import sign_in
from tests.factories import EnrollmentFactory, LessonCompletionFactory, UserFactory
from tests.project.helpers import colour, contrast, themes

pytestmark = pytest.mark.browser

BODY = """## Words to know

!!! term
    <ruby>既読<rt>きどく</rt></ruby> (*kidoku*): the read mark.

!!! tip "Reply soon"
    A short holding reply beats a long silence.

!!! warning
    A locked account is not a safe.

## Scenario: your manager writes

Your <ruby>上司<rt>じょうし</rt></ruby> asks about tomorrow's documents.
"""


def _rgb(css: str) -> tuple[float, ...]:
    numbers = css[css.index("(") + 1 : css.index(")")].replace(",", " ").split()
    return tuple(float(n) / 255 for n in numbers[:3])


def _computed(page, selector, prop, pseudo=None):
    pseudo_arg = f'"{pseudo}"' if pseudo else "null"
    return page.locator(selector).first.evaluate(
        f"el => getComputedStyle(el, {pseudo_arg}).getPropertyValue('{prop}')"
    )


@pytest.fixture
def lesson_with_readings(course):
    lesson = Lesson.objects.get(module__slug="m1", slug="l1")
    lesson.body = BODY
    lesson.save()
    course.modules.filter(slug="m1").update(title="Module 1")
    type(course).objects.filter(pk=course.pk).renew_content_version()
    return lesson


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_each_theme_follows_the_system_and_pictures_load(
    page, page_problems, site, lesson_with_readings, wcag_violations, scheme, width
):
    """Every page in the theme the system asks for, its pictures loaded at their size. axe
    reads every page in both themes in test_accessibility.py; here it reads the lesson with
    callouts and readings, which that walk's lessons do not have."""
    learner = UserFactory()
    course = lesson_with_readings.module.course
    EnrollmentFactory(user=learner, course=course)
    LessonCompletionFactory(user=learner, lesson=lesson_with_readings)
    expected_background = [round(c * 255) for c in colour(themes()[scheme], "bg")]
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    for path in [
        "/",
        "/courses/",
        course.get_absolute_url(),
        lesson_with_readings.get_absolute_url(),
        "/dashboard/",
        "/accounts/",
    ]:
        page.goto(site + path)
        background = _computed(page, "body", "background-color")
        assert background == "rgb({}, {}, {})".format(*expected_background), (path, background)
        if path == lesson_with_readings.get_absolute_url():
            assert wcag_violations(page) == [], (scheme, width, path)
        assert no_sideways_scrolling(page, width), path
        for image in page.locator("main img").all():
            image.scroll_into_view_if_needed()
            expect(image).to_have_js_property("complete", True)
            assert image.evaluate("img => img.naturalWidth") > 0, image.get_attribute("src")
            assert image.get_attribute("width")
            assert image.get_attribute("height")
    assert page_problems.all() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_shows_at_three_to_one_in_each_theme(page, site, course, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site + course.get_absolute_url())
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    focused = page.evaluate_handle("document.activeElement")
    style = focused.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, "
        "s.outlineColor]; }"
    )
    assert style[0] == "solid"
    assert float(style[1].removesuffix("px")) >= 2
    ring = _rgb(style[2])
    for behind in ["body", ".site-header", ".card"]:
        ratio = contrast(ring, _rgb(_computed(page, behind, "background-color")))
        assert ratio >= 3, (scheme, behind, ratio)


def test_callouts_show_their_kind_and_title(page, site, lesson_with_readings):
    page.goto(site + lesson_with_readings.get_absolute_url())
    notes = page.get_by_role("note")
    expect(notes.filter(has_text="Key term")).to_have_count(1)
    expect(notes.filter(has_text="Reply soon")).to_contain_text("holding reply")
    expect(notes.filter(has_text="Warning")).to_contain_text("not a safe")
    term_border = _computed(page, ".callout--term", "border-left-color")
    tip_border = _computed(page, ".callout--tip", "border-left-color")
    assert term_border != tip_border


def _reading(page, n=0):
    return page.locator("main ruby rt").nth(n)


def test_a_learner_hides_readings_until_tapped_and_taps_or_keys_them_open(
    page, page_problems, site, lesson_with_readings, wcag_violations
):
    learner = UserFactory()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    page.goto(site + lesson_with_readings.get_absolute_url())
    expect(_reading(page)).to_be_visible()  # shown by default

    page.goto(site + "/accounts/")
    page.get_by_label("Hide readings until I tap the word").check()
    page.get_by_role("button", name="Update readings").click()
    expect(page.get_by_role("status")).to_contain_text("hide readings until i tap the word")
    assert User.objects.get(pk=learner.pk).readings == "tap"

    page.goto(site + lesson_with_readings.get_absolute_url())
    word = page.get_by_role("button", name="既読")
    expect(word).to_have_attribute("aria-pressed", "false")
    expect(_reading(page)).to_be_hidden()
    word.click()
    expect(word).to_have_attribute("aria-pressed", "true")
    expect(_reading(page)).to_be_visible()
    expect(_reading(page, 1)).to_be_hidden()  # only the word tapped

    word.focus()
    page.keyboard.press("Enter")
    expect(_reading(page)).to_be_hidden()
    page.keyboard.press(" ")
    expect(_reading(page)).to_be_visible()
    assert wcag_violations(page) == []

    # The lesson's own switch: every reading shown again, on the same lesson.
    page.get_by_role("button", name="Show every reading").click()
    expect(page).to_have_url(site + lesson_with_readings.get_absolute_url())
    expect(_reading(page, 1)).to_be_visible()
    expect(page.get_by_role("button", name="Hide readings until I tap a word")).to_be_visible()
    assert User.objects.get(pk=learner.pk).readings == "show"
    assert page_problems.all() == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_hidden_readings_show_on_hover(page, site, lesson_with_readings):
    learner = UserFactory(readings="tap")
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    page.goto(site + lesson_with_readings.get_absolute_url())
    expect(page.locator("body")).to_have_class("readings-tap")
    expect(_reading(page)).to_be_hidden()
    page.locator("main ruby").first.hover()
    expect(_reading(page)).to_be_visible()
