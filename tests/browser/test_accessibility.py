"""Every learner and account page meets WCAG 2.1 AA as far as axe-core can tell, on a phone and
on a desktop, in the light theme and the dark one (the visitor's `prefers-color-scheme`), and
logs no console error and no Content-Security-Policy violation.

Each test walks its pages in one browser: the themes are two looks at the same page (emulated
media, no reload), so the walk costs one visit per page however many checks it gets."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.grading import Kind
from tests.browser.quiz_steps import (
    MULTIPLE_RIGHT,
    QUIZ_PATH,
    SINGLE_WRONG,
    answer_all_correctly,
    answer_choices,
    start_quiz,
    submit,
)
from tests.browser.review_steps import (
    REVIEW_PATH,
    answer,
    check_answer,
    review_deck,
    the_question,
    verdict,
)
from tests.browser.steps import sign_in
from tests.factories import SIX_KINDS

pytestmark = pytest.mark.browser

WIDTHS = [360, 1280]

# (path, the status it answers with)
VISITOR_PAGES = [
    ("/", 200),
    ("/courses/", 200),
    ("/about/", 200),
    ("/courses/sns-japan/", 200),
    ("/courses/sns-japan/m1/l1/", 200),
    ("/courses/sns-japan/m2/l1/", 403),  # locked: the page that says what to finish first
    ("/courses/sns-japan/m1/l1/complete/", 405),  # a GET
    (QUIZ_PATH, 200),  # a visitor's quiz intro: sign in to take it
    ("/accounts/login/", 200),
    ("/accounts/signup/", 200),
    ("/accounts/password/reset/", 200),
    ("/accounts/password/reset/done/", 200),
    ("/accounts/confirm-email/", 200),
    ("/accounts/confirm-email/not-a-key/", 200),
    ("/accounts/password/reset/key/1-not-a-key/", 200),
    ("/accounts/inactive/", 200),
    ("/no-such-page/", 404),
]
LEARNER_PAGES = [
    ("/", 200),
    ("/dashboard/", 200),
    ("/courses/", 200),
    ("/courses/sns-japan/", 200),
    ("/courses/sns-japan/m1/l1/", 200),
    ("/accounts/", 200),
    ("/accounts/email/", 200),
    ("/accounts/password/change/", 200),
    ("/accounts/reauthenticate/", 200),
    ("/accounts/delete/", 200),
    ("/accounts/3rdparty/", 200),
    ("/certificates/new/sns-japan/", 403),  # not earned yet: what is left to finish
    ("/accounts/logout/", 200),
]


def visit(page, site, check, path, status):
    response = page.goto(site + path)
    assert response.status == status, path
    check(path, status, response.status_text)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_a_visitor_meets(page, site, check, course, quiz, width):
    course.sequential = True
    course.save()
    page.set_viewport_size({"width": width, "height": 800})

    for path, status in VISITOR_PAGES:
        visit(page, site, check, path, status)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_a_learner_meets(page, site, check, quiz, learner, width):
    """A learner's pages, the quiz's in the order they meet them: attempts have their own URLs
    (UUIDs), so each page is reached through the one before."""
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    check("dashboard, just signed in")

    page.goto(site + QUIZ_PATH)
    check("quiz intro, before any attempt")
    start_quiz(page, site)
    check("attempt, ordering as a list with Move buttons")
    answer_choices(page, single=SINGLE_WRONG, true_false="False")
    submit(page)
    expect(page.get_by_role("alert")).to_be_visible()
    check("attempt, confirming unanswered questions")
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_role("heading", name=re.compile("^Not passed"))).to_be_visible()
    check("result, not passed")
    page.goto(site + QUIZ_PATH)
    check("quiz intro, with an attempt")
    start_quiz(page, site, button="Retake the quiz")
    answer_all_correctly(page)
    submit(page)
    expect(page.get_by_role("heading", name="Passed: 100%")).to_be_visible()
    check("result, passed, with answers and explanations")

    for path, status in LEARNER_PAGES:  # the dashboard and the course now show the results
        visit(page, site, check, path, status)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_review_page_meets(page, site, check, quiz, learner, width):
    """A review of one card of each kind, answered wrong, partly right, not at all and right,
    to "All caught up"; the settings; then the day's limit reached."""
    review_deck(learner, quiz)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    check("dashboard, with today's review")
    page.goto(site + REVIEW_PATH)
    for kind in SIX_KINDS:
        check(f"review card, {kind}")
        if kind == Kind.SINGLE:
            answer(page, kind, single=SINGLE_WRONG)
        elif kind == Kind.MULTIPLE:
            the_question(page).get_by_label(MULTIPLE_RIGHT[0], exact=True).check()
        elif kind != Kind.TRUE_FALSE:  # true or false is left blank
            answer(page, kind)
        check_answer(page)
        check(f"answer page, {kind}, {verdict(page)}")
        page.get_by_role("link", name=re.compile("^(Next question|Finish)$")).click()
    expect(page.get_by_role("heading", name="All caught up")).to_be_visible()
    check("review done")

    page.goto(site + "/review/settings/")
    check("review settings")
    page.get_by_label("Questions a day").fill("6")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Start again…").click()
    page.get_by_role("button", name="Start Social networking in Japan again").click()
    expect(page.get_by_text("6 cards of Social networking in Japan")).to_be_visible()
    check("review settings, after a reset")
    page.goto(site + REVIEW_PATH)  # no header link: the day is done
    expect(page.get_by_role("heading", name="That's your 6 for today")).to_be_visible()
    check("review, the day's limit reached")
