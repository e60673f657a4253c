"""A learner takes a quiz of all six kinds through the real pages, in Chromium, with JavaScript
and without: answering, the server's check for unanswered questions, the result as the reveal
policy allows, progress on the outline and the dashboard, retakes, and the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.grading import Kind
from quizzes.models import Quiz
from tests.browser.quiz_steps import (
    EXPLANATIONS,
    ORDER,
    QUIZ_PATH,
    RIGHT_FEEDBACK,
    SINGLE_WRONG,
    answer_all_correctly,
    answer_choices,
    answer_short_text,
    marks,
    match,
    no_sideways_scrolling,
    order_with_buttons,
    order_with_selects,
    question,
    select_order,
    sortable_order,
    start_quiz,
    submit,
)
from tests.browser.steps import sign_in

pytestmark = pytest.mark.browser

ANSWER_KEY_MARKERS = ("FB-", "EXPLAIN-")  # feedback and explanations in SIX_KINDS' content


def progress_value(page, label):
    return page.get_by_role("progressbar", name=label).get_attribute("value")


def assert_no_answer_key(page):
    """Nothing from the answer key is anywhere in the page, hidden or not."""
    html = page.content()
    for marker in ANSWER_KEY_MARKERS:
        assert marker not in html
    assert "tag--correct" not in html


def test_a_learner_takes_the_quiz_with_javascript_passes_and_sees_progress(
    page, page_problems, site, quiz, learner
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, learner.email, lands_on="/dashboard/")

    page.goto(site + "/courses/sns-japan/")
    assert progress_value(page, "Your progress in this course") == "0"
    quiz_item = page.locator(".outline__item--quiz")
    expect(quiz_item).to_contain_text("Not started")
    quiz_item.get_by_role("link", name="Module 1 quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Module 1 quiz")
    expect(page.get_by_text("6 questions · about 6 min · pass with 70%")).to_be_visible()
    page.get_by_role("button", name="Start the quiz").click()

    # The attempt page: ordering is a list with Move buttons over hidden selects, which stay
    # empty (unanswered) until the learner moves something, then follow the list.
    expect(page.get_by_role("group", name=re.compile("^Question 1"))).to_be_visible()
    ordering = question(page, Kind.ORDERING)
    expect(ordering.get_by_role("button", name=re.compile("^Move “.*” up$"))).to_have_count(4)
    expect(ordering.get_by_label("Place 1")).to_be_hidden()
    assert set(select_order(page)) == {"Choose…"}
    assert_no_answer_key(page)
    attempt_url = page.url

    answer_choices(page)
    order_with_buttons(page)
    assert select_order(page) == ORDER
    match(page)
    submit(page)  # the short text question left blank

    # The server's confirmation: nothing graded yet, every answer kept.
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("You left 1 question unanswered: Question 4.")
    expect(question(page, Kind.SHORT_TEXT)).to_contain_text("Not answered yet.")
    expect(page.get_by_role("button", name="Submit anyway")).to_be_visible()
    assert page.url == attempt_url
    expect(question(page, Kind.SINGLE).locator("input:checked")).to_have_count(1)
    assert sortable_order(page) == select_order(page) == ORDER
    assert_no_answer_key(page)
    alert.get_by_role("link", name="Answer it first").click()
    expect(page).to_have_url(attempt_url + "#question-4")
    answer_short_text(page)
    submit(page)

    expect(page.get_by_role("heading", name="Passed: 100%")).to_be_visible()
    expect(page.get_by_text("You scored 6 of 6 points")).to_be_visible()
    assert marks(page) == ["Right"] * 6
    # Passed under the default policy: feedback, correct answers and explanations show.
    for text in RIGHT_FEEDBACK + EXPLANATIONS:
        expect(page.get_by_text(text)).to_be_visible()
    expect(question(page, Kind.ORDERING).get_by_role("row", name="Place 1")).to_contain_text(
        ORDER[0]
    )
    expect(page.get_by_role("link", name="Continue: Lesson 2.1")).to_be_visible()
    assert page_problems.all() == []

    # The outline: the quiz is passed, and it counts (4 lessons + 1 quiz).
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Social networking in Japan"
    ).click()
    assert progress_value(page, "Your progress in this course") == "20"
    assert progress_value(page, "Progress in Module 1") == "33"
    page.locator("#module-m1 .outline__toggle").click()  # module 2 is open: what is next
    expect(quiz_item).to_contain_text("Passed · best score 100%")
    expect(page.get_by_text("20% · 1 of 5 done · 4 lessons left in this course")).to_be_visible()

    # The dashboard's recent results link back to the result.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    assert progress_value(page, "Your progress in Social networking in Japan") == "20"
    expect(page.get_by_role("heading", name="Recent quiz results")).to_be_visible()
    recent = page.locator(".recent li").filter(has_text="Module 1 quiz")
    expect(recent).to_contain_text("100% · passed")
    recent.get_by_role("link", name="Module 1 quiz").click()
    expect(page.get_by_role("heading", name="Passed: 100%")).to_be_visible()

    # A retake starts afresh; failing it leaves the pass (and the progress) in place.
    page.get_by_role("button", name="Retake the quiz").click()
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible()
    assert page.url != attempt_url
    expect(page.locator("input:checked")).to_have_count(0)
    expect(question(page, Kind.SHORT_TEXT).get_by_label("Your answer")).to_have_value("")
    question(page, Kind.SINGLE).get_by_label(SINGLE_WRONG).check()
    submit(page)
    expect(page.get_by_role("alert")).to_contain_text("questions unanswered")
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_role("heading", name=re.compile("^Not passed: "))).to_be_visible()
    expect(page.get_by_text("Best score")).to_be_visible()
    expect(page.locator(".stats")).to_contain_text("100%")
    expect(page.locator(".stats")).to_contain_text("2 used")
    page.goto(site + QUIZ_PATH)
    expect(page.locator(".stats")).to_contain_text("✓ Passed")
    expect(page.locator(".attempts tbody tr")).to_have_count(2)
    page.goto(site + "/courses/sns-japan/")
    assert progress_value(page, "Your progress in this course") == "20"
    assert no_sideways_scrolling(page, 390)
    assert page_problems.all() == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_a_learner_orders_with_selects_fails_then_passes(
    page, page_problems, site, quiz, learner
):
    Quiz.objects.filter(pk=quiz.pk).update(reveal_answers=Quiz.Reveal.WHEN_DONE)  # marks only
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)

    # No list, no Move buttons: the per-place selects themselves.
    ordering = question(page, Kind.ORDERING)
    expect(ordering.locator(".sortable")).to_have_count(0)
    expect(ordering.get_by_label("Place 4")).to_be_visible()
    expect(ordering).to_contain_text("choose what comes at each place")
    assert_no_answer_key(page)

    # Two wrong answers (4 of 6 points, under the 70% pass mark).
    answer_choices(page, single=SINGLE_WRONG, true_false="False")
    answer_short_text(page)
    order_with_selects(page)
    match(page)
    submit(page)

    expect(page.get_by_role("heading", name="Not passed: 66%")).to_be_visible()
    expect(page.get_by_text("You scored 4 of 6 points")).to_be_visible()
    assert marks(page) == ["Wrong", "Right", "Wrong", "Right", "Right", "Right"]
    expect(question(page, Kind.SINGLE)).to_contain_text("0 of 1 point")
    expect(question(page, Kind.SINGLE)).to_contain_text(SINGLE_WRONG)
    expect(page.get_by_role("note")).to_contain_text(
        "The correct answers and explanations appear once you pass"
    )
    # Marks only: no explanations, feedback, correct answers or per-place verdicts.
    assert_no_answer_key(page)
    expect(page.get_by_text("Correct", exact=True)).to_have_count(0)
    expect(question(page, Kind.ORDERING).get_by_role("row", name="Place 1")).to_have_text(
        f"Place 1 {ORDER[0]}"
    )

    page.get_by_role("button", name="Retake the quiz").click()
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible()
    page.goto(site + QUIZ_PATH)  # the intro while the retake is open
    expect(page.locator(".stats")).to_contain_text("In progress")
    page.get_by_role("link", name="Resume your attempt").click()
    answer_all_correctly(page, javascript=False)
    submit(page)

    expect(page.get_by_role("heading", name="Passed: 100%")).to_be_visible()
    assert marks(page) == ["Right"] * 6
    for text in EXPLANATIONS:
        expect(page.get_by_text(text)).to_be_visible()
    expect(page.locator(".stats")).to_contain_text("2 used")
    assert page_problems.all() == []


def test_the_move_buttons_work_from_the_keyboard_and_keep_focus_on_the_moved_item(
    page, page_problems, site, quiz, learner
):
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)
    ordering = question(page, Kind.ORDERING)
    first = sortable_order(page)[0]

    # Tab from the short text answer skips the hidden selects and the disabled "up" button.
    question(page, Kind.SHORT_TEXT).get_by_label("Your answer").focus()
    page.keyboard.press("Tab")
    down = ordering.get_by_role("button", name=f"Move “{first}” down")
    expect(down).to_be_focused()
    assert down.evaluate("button => button.matches(':focus-visible')")

    page.keyboard.press("Enter")
    assert sortable_order(page)[1] == first
    expect(down).to_be_focused()  # the same item's button, at its new place
    page.keyboard.press("Space")
    assert sortable_order(page)[2] == first
    expect(down).to_be_focused()
    page.keyboard.press("Enter")
    assert sortable_order(page)[3] == first
    # At the bottom "down" is disabled: focus stays on the item, on its "up" button.
    expect(down).to_be_disabled()
    up = ordering.get_by_role("button", name=f"Move “{first}” up")
    expect(up).to_be_focused()
    expect(ordering.locator("[aria-live]")).to_have_text(f"“{first}” is now at place 4 of 4.")
    page.keyboard.press("Enter")
    assert sortable_order(page)[2] == first
    expect(up).to_be_focused()
    assert select_order(page) == sortable_order(page)

    # Keyboard-sorted answers are the ones graded.
    order_with_buttons(page)
    answer_choices(page)
    answer_short_text(page)
    match(page)
    page.get_by_role("button", name="Submit answers").press("Enter")
    expect(page.get_by_role("heading", name="Passed: 100%")).to_be_visible()
    assert page_problems.all() == []


def test_the_attempt_and_result_pages_fit_a_320_px_phone(page, page_problems, site, quiz, learner):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    page.goto(site + QUIZ_PATH)
    assert no_sideways_scrolling(page, 320)
    start_quiz(page, site)
    assert no_sideways_scrolling(page, 320)
    # Every Move button is a comfortable touch target, however narrow the screen.
    sizes = (
        question(page, Kind.ORDERING)
        .locator(".sortable__move")
        .evaluate_all("buttons => buttons.map(b => [b.offsetWidth, b.offsetHeight])")
    )
    assert all(width >= 40 and height >= 40 for width, height in sizes), sizes

    submit(page)
    assert no_sideways_scrolling(page, 320)
    answer_choices(page, single=SINGLE_WRONG)
    answer_short_text(page, "Facebook")
    order_with_buttons(page, list(reversed(ORDER)))
    match(page)
    submit(page)
    expect(page.get_by_role("heading", name=re.compile("^Not passed"))).to_be_visible()
    assert no_sideways_scrolling(page, 320)
    page.get_by_role("button", name="Retake the quiz").click()
    answer_all_correctly(page)
    submit(page)
    expect(page.get_by_role("heading", name="Passed: 100%")).to_be_visible()
    assert no_sideways_scrolling(page, 320)  # with the correct answers and explanations
    page.goto(site + QUIZ_PATH)
    assert no_sideways_scrolling(page, 320)  # with the table of attempts
    assert page_problems.all() == []


def test_starting_a_quiz_whose_last_attempt_went_in_another_tab_shows_the_403_page(
    page, site, quiz, learner
):
    quiz.max_attempts = 1
    quiz.save()
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    page.goto(site + QUIZ_PATH)
    other_tab = page.context.new_page()
    start_quiz(other_tab, site)
    submit(other_tab)
    other_tab.get_by_role("button", name="Submit anyway").click()
    expect(other_tab.get_by_text("1 used, 0 left")).to_be_visible()

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Start the quiz").click()

    assert navigation.value.status == 403
    expect(page.get_by_role("heading", name="You can't start this quiz")).to_be_visible()
    expect(page.get_by_text("You have used your only attempt at this quiz.")).to_be_visible()
