"""A learner on a phone joins a class from its link (signing in on the way), then sees its due
dates on the course, the dashboard, the quiz page and their classes page; every page meets WCAG
2.1 AA in both themes (tests/browser/test_accessibility.py's checks)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jsnlearn.classrooms.models import Membership
from tests.browser.quiz_steps import QUIZ_PATH
from tests.factories import PASSWORD, ClassroomFactory, DueDateFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def classroom(course, quiz):
    made = ClassroomFactory(course=course, name="Tokyo onboarding", invite_code="K7QPM2XA")
    made.instructors.add(UserFactory(display_name="Tanaka-sensei"))
    DueDateFactory(classroom=made, quiz=quiz, due=timezone.now() + timedelta(days=1))
    DueDateFactory(classroom=made, module=quiz.module, due=timezone.now() - timedelta(days=3))
    return made


def test_joining_on_a_phone_then_seeing_due_dates(page, site, check, classroom, learner):
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(site + "/classes/join/K7QPM2XA/")
    expect(page.get_by_role("heading", name="Tokyo onboarding")).to_be_visible()
    expect(
        page.get_by_text("Your instructor will see your progress and your email address")
    ).to_be_visible()
    check("join page, a visitor")
    page.get_by_role("link", name="Sign in", exact=True).last.click()
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(site + "/classes/join/K7QPM2XA/")  # back where they were
    check("join page, signed in")

    page.get_by_role("button", name="Join Tokyo onboarding").click()
    expect(page).to_have_url(site + "/courses/sns-japan/")
    expect(page.get_by_text("You've joined Tokyo onboarding. Welcome!")).to_be_visible()
    assert Membership.objects.filter(user=learner, classroom=classroom).exists()
    expect(page.get_by_text("3 days overdue").first).to_be_visible()
    expect(page.get_by_text("Due tomorrow")).to_be_visible()
    check("course page with due dates")

    page.goto(site + "/dashboard/")
    expect(page.get_by_role("heading", name="Due in your classes")).to_be_visible()
    check("dashboard with due dates")

    page.goto(site + QUIZ_PATH)
    expect(page.get_by_text("Due tomorrow")).to_be_visible()
    check("quiz page with its due date")

    page.goto(site + "/classes/")
    page.get_by_role("button", name="Get my calendar link").click()
    expect(page.get_by_label("Your calendar link")).to_have_value(
        re.compile(r"/classes/calendar/[\w-]+\.ics$")
    )
    check("classes page with the calendar link")

    page.get_by_role("link", name=re.compile("^Leave class")).click()
    check("leaving, asked first")
    page.get_by_role("button", name="Leave the class").click()
    expect(page.get_by_text("You've left Tokyo onboarding.")).to_be_visible()
    check("classes page, in no class")
    assert not Membership.objects.filter(user=learner).exists()


def test_a_wrong_code_page_meets_wcag(page, site, check, classroom):
    page.set_viewport_size({"width": 390, "height": 844})
    response = page.goto(site + "/classes/join/ZZZZ2222/")
    assert response.status == 404
    check("wrong code", 404, response.status_text)
    page.goto(site + "/classes/join/")
    page.get_by_label("Class code").fill("k7qp-m2xa")
    page.get_by_role("button", name="Find my class").click()
    expect(page).to_have_url(site + "/classes/join/K7QPM2XA/")
