"""Every page meets WCAG 2.1 AA as far as axe-core can tell, on a phone and on a desktop."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.quiz_steps import (
    QUIZ_PATH,
    SINGLE_WRONG,
    answer_all_correctly,
    answer_choices,
    start_quiz,
    submit,
)
from tests.browser.steps import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/courses/",
    "/about/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/no-such-page/",
]
SIGNED_IN_PAGES = [
    "/",
    "/accounts/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/delete/",
]
WIDTHS = [360, 1280]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_meet_wcag_21_aa(page, site, wcag_violations, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site + path)

    assert wcag_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_signed_in_pages_meet_wcag_21_aa(page, site, wcag_violations, width):
    UserFactory(email="mei@example.com", display_name="Mei")
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, site, "mei@example.com")
    expect(page.get_by_text("Welcome, Mei")).to_be_visible()

    assert wcag_violations(page) == []
    for path in SIGNED_IN_PAGES:
        page.goto(site + path)
        assert wcag_violations(page) == [], path


COURSE_PAGES = [
    "/courses/",
    "/about/",
    "/courses/sns-japan/",
    "/courses/sns-japan/m1/l1/",
    "/courses/sns-japan/m2/l1/",  # locked: the page that says what to finish first
    "/courses/sns-japan/m1/l1/complete/",  # a GET: the 405 page
    QUIZ_PATH,  # a visitor's quiz intro: sign in to take it
]


@pytest.mark.parametrize("width", WIDTHS)
def test_course_pages_meet_wcag_21_aa(page, site, wcag_violations, course, quiz, width):
    course.sequential = True
    course.save()
    page.set_viewport_size({"width": width, "height": 800})

    for path in COURSE_PAGES:
        page.goto(site + path)
        assert wcag_violations(page) == [], path


@pytest.mark.parametrize("width", WIDTHS)
def test_quiz_pages_meet_wcag_21_aa(page, site, wcag_violations, quiz, learner, width):
    """A learner's quiz pages in the order they meet them: attempts have their own URLs (UUIDs),
    so each page is reached through the one before."""
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, site, learner.email, lands_on="/dashboard/")

    page.goto(site + QUIZ_PATH)
    assert wcag_violations(page) == [], "intro, before any attempt"
    start_quiz(page, site)
    assert wcag_violations(page) == [], "attempt, ordering as a list with Move buttons"
    answer_choices(page, single=SINGLE_WRONG, true_false="False")
    submit(page)
    expect(page.get_by_role("alert")).to_be_visible()
    assert wcag_violations(page) == [], "attempt, confirming unanswered questions"
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_role("heading", name=re.compile("^Not passed"))).to_be_visible()
    assert wcag_violations(page) == [], "result, marks only"
    page.goto(site + QUIZ_PATH)
    assert wcag_violations(page) == [], "intro, with an attempt"
    start_quiz(page, site, button="Retake the quiz")
    answer_all_correctly(page)
    submit(page)
    expect(page.get_by_role("heading", name="Passed: 100%")).to_be_visible()
    assert wcag_violations(page) == [], "result, with answers and explanations"
