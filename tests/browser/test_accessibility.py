"""Every page meets WCAG 2.1 AA as far as axe-core can tell, on a phone and on a desktop."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/courses/",
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
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill("mei@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome, Mei")).to_be_visible()

    assert wcag_violations(page) == []
    for path in SIGNED_IN_PAGES:
        page.goto(site + path)
        assert wcag_violations(page) == [], path


COURSE_PAGES = [
    "/courses/",
    "/courses/sns-japan/",
    "/courses/sns-japan/m1/l1/",
    "/courses/sns-japan/m2/l1/",  # locked: the page that says what to finish first
    "/courses/sns-japan/m1/l1/complete/",  # a GET: the 405 page
]


@pytest.mark.parametrize("width", WIDTHS)
def test_course_pages_meet_wcag_21_aa(page, site, wcag_violations, course, width):
    course.sequential = True
    course.save()
    page.set_viewport_size({"width": width, "height": 800})

    for path in COURSE_PAGES:
        page.goto(site + path)
        assert wcag_violations(page) == [], path
