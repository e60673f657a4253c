"""A new learner's first lesson, end to end in Chromium, at a phone's width."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in

pytestmark = pytest.mark.browser


def progress_value(page, label):
    return page.get_by_role("progressbar", name=label).get_attribute("value")


def test_a_learner_signs_up_reads_completes_and_watches_progress_fill(
    page, page_problems, site, course, wcag_violations
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/accounts/signup/")
    page.get_by_label("Email").fill("hana@example.com")
    page.get_by_label("Display name").fill("Hana")
    page.get_by_label("Password").fill("stamp-and-kidoku-77")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("You haven't started a course yet")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    expect(page.get_by_role("heading", name="Social networking in Japan")).to_be_visible()
    page.screenshot(path="test-results/learning-1-catalog.png", full_page=True)
    page.get_by_role("link", name="Social networking in Japan").click()
    assert progress_value(page, "Your progress in this course") == "0"
    page.get_by_role("link", name="Start").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.1")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Module 1")
    page.screenshot(path="test-results/learning-2-lesson.png", full_page=True)
    assert wcag_violations(page) == []
    page.get_by_role("button", name="Complete and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.2")
    expect(page.get_by_role("status")).to_contain_text("“Lesson 1.1” is marked complete")
    expect(page.get_by_role("status")).to_contain_text("You're enrolled in Social networking")
    assert progress_value(page, "Progress in this module") == "50"

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Social networking in Japan"
    ).click()
    assert progress_value(page, "Your progress in this course") == "25"
    assert progress_value(page, "Progress in Module 1") == "50"
    expect(page.get_by_text("25% · 1 of 4 done · 3 lessons left in this course")).to_be_visible()
    page.screenshot(path="test-results/learning-3-outline.png", full_page=True)
    assert wcag_violations(page) == []

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    assert progress_value(page, "Your progress in Social networking in Japan") == "25"
    expect(
        page.get_by_role("link", name="Continue: Lesson 1.2 (Social networking in Japan)")
    ).to_be_visible()
    page.screenshot(path="test-results/learning-4-dashboard.png", full_page=True)
    assert wcag_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page_problems.all() == []


def test_continue_always_goes_forward_and_mark_complete_keeps_the_place(
    page, page_problems, site, course, learner
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    page.goto(site + "/courses/sns-japan/m2/l1/")  # a learner who starts at module 2

    page.get_by_role("button", name="Complete and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 2.2")
    page.get_by_role("button", name="Mark complete").click()
    expect(page).to_have_url(site + "/courses/sns-japan/m2/l2/#completion")
    expect(page.get_by_text("You've completed this lesson.")).to_be_in_viewport()

    # Past the end of the course, Continue wraps round to the first gap.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.locator(".up-next")).to_have_text("Up next Lesson · 5 min")
    page.get_by_role("link", name="Continue: Lesson 1.1 (Social networking in Japan)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.1")
    assert page_problems.all() == []
