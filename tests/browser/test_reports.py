"""An instructor reads the reports in a real browser: under the strict CSP, with no console
errors, and (as far as axe-core can tell) meeting WCAG 2.1 AA at phone and desktop widths."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in
from tests.reports.helpers import graded_quiz, instructor_of, learners_in, submit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 1280])
def test_an_instructor_reads_the_course_and_quiz_reports(
    page, page_problems, site, wcag_violations, course, width
):
    quiz, greeting, kidoku, manners = graded_quiz(course.modules.get(slug="m1"), title="Check")
    aiko, ben = learners_in(course, ["Aiko", "Ben"])
    submit(aiko, quiz, {greeting: "Bow", kidoku: "True", manners: {"Reply", "Polite"}})
    submit(ben, quiz, {greeting: "Wave", kidoku: "True", manners: {"Stamps"}})
    instructor_of(course, email="sensei@example.com", display_name="Sensei")
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, site, "sensei@example.com", lands_on="/dashboard/")

    page.goto(site + "/admin/")
    page.get_by_role("link", name="Learners' progress and quiz results").click()
    page.get_by_role("link", name="Social networking in Japan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report: Social networking in Japan")
    expect(page.locator("#learner-rows tr")).to_have_count(2)
    page.get_by_role("link", name="Learner", exact=True).click()
    expect(page.locator("#learner-rows tr").first).to_contain_text("Aiko")
    assert wcag_violations(page) == []

    page.locator("#quizzes").get_by_role("link", name="Check", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report: Check")
    expect(page.locator("#figures")).to_contain_text("Mean score")
    expect(page.locator(".most-picked-wrong").first).to_contain_text("Wave")
    assert wcag_violations(page) == []

    page.get_by_role("link", name="Statistics", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistics: Check")
    expect(page.locator("#quiz-figures dd").first).to_have_text("2")
    expect(page.locator("#few-attempts")).to_contain_text("below 30")
    expect(page.locator("#formulas")).to_contain_text("Cronbach's alpha")
    assert wcag_violations(page) == []
    page.get_by_label("Attempts counted").select_option("all")
    page.get_by_role("button", name="Show").click()  # a plain GET form: no script needed
    expect(page).to_have_url(re.compile(r"/statistics/\?attempts=all$"))
    expect(page.get_by_label("Attempts counted")).to_have_value("all")
    assert page_problems.all() == []
