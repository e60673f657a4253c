"""A learner reviews the questions of a quiz they took, in Chromium on a 390 px phone: from the
dashboard's review card through one card of each kind, asked as the quiz asks it, to "All
caught up"; with JavaScript and without, by keyboard alone, and "That was easy"."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.grading import Kind
from tests.browser.quiz_steps import (
    MULTIPLE_RIGHT,
    ORDER,
    PAIRS,
    SINGLE_RIGHT,
    SINGLE_WRONG,
    no_sideways_scrolling,
)
from tests.browser.review_steps import (
    REVIEW_PATH,
    answer,
    check_answer,
    comes_back,
    days_until,
    header_review_link,
    review_deck,
    the_question,
    verdict,
)
from tests.browser.steps import sign_in
from tests.factories import SIX_KINDS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def assert_taught(page, kind):
    """The answer page shows the explanation and the correct answer in full."""
    box = the_question(page)
    expect(box.get_by_role("heading", name="Why")).to_be_visible()
    expect(box.get_by_text(f"EXPLAIN-{kind}: why this answer fits.")).to_be_visible()
    options = box.get_by_role("listitem")
    if kind == Kind.SINGLE:
        expect(options.filter(has_text=SINGLE_RIGHT)).to_contain_text("Correct")
        expect(options.filter(has_text=SINGLE_WRONG)).to_contain_text("Your answer")
        expect(options.filter(has_text=SINGLE_WRONG)).to_contain_text("FB-ignore-forever")
    elif kind == Kind.MULTIPLE:
        for text in MULTIPLE_RIGHT:
            expect(options.filter(has_text=text)).to_contain_text("Your answer")
            expect(options.filter(has_text=text)).to_contain_text("Correct")
    elif kind == Kind.TRUE_FALSE:
        expect(options.filter(has_text="True")).to_contain_text("Correct")
    elif kind == Kind.SHORT_TEXT:
        expect(box).to_contain_text("Your answer: line")
        expect(box).to_contain_text("Accepted: LINE")
    else:
        rows = box.get_by_role("row")
        wanted = enumerate(ORDER, 1) if kind == Kind.ORDERING else PAIRS.items()
        for label, text in wanted:
            label = f"Place {label}" if kind == Kind.ORDERING else label
            row = rows.filter(has=page.get_by_role("rowheader", name=label, exact=True))
            expect(row).to_contain_text(f"{text} ✓(right)")


def review_every_kind(page, site, *, javascript: bool):
    """From the dashboard to "All caught up": the single choice answered wrong, the rest
    right, each answer taught before the next card."""
    summary = page.get_by_role("region", name="6 questions to review today")
    expect(summary).to_be_visible()
    expect(header_review_link(page)).to_be_visible()
    summary.get_by_role("link", name="Start review").click()
    expect(page).to_have_url(site + REVIEW_PATH)
    expect(page.get_by_role("heading", name="Today's review")).to_be_visible()

    for number, kind in enumerate(SIX_KINDS, start=1):
        expect(page.get_by_text(f"Question {number} of 6")).to_be_visible()
        box = the_question(page)
        expect(box).to_contain_text(SIX_KINDS[kind][0])
        if kind in (Kind.ORDERING, Kind.MATCHING):
            # With the script, the list to sort or the items to tap, and not the radios too.
            places = expect(box.locator("fieldset.place").first)
            places.to_be_hidden() if javascript else places.to_be_visible()
        assert no_sideways_scrolling(page, PHONE["width"]), kind
        answer(page, kind, javascript=javascript, single=SINGLE_WRONG)
        check_answer(page)

        right = kind != Kind.SINGLE
        assert verdict(page) == ("Right" if right else "Not quite"), kind
        when = comes_back(page)
        assert days_until(when) >= 1 if right else when == "tomorrow", when
        assert_taught(page, kind)
        assert no_sideways_scrolling(page, PHONE["width"]), kind
        expect(page.get_by_text(f"{number} reviewed today")).to_be_visible()
        last = number == len(SIX_KINDS)
        page.get_by_role("link", name="Finish" if last else "Next question", exact=True).click()

    expect(page).to_have_url(site + REVIEW_PATH)
    expect(page.get_by_role("heading", name="All caught up")).to_be_visible()
    expect(page.get_by_text("You reviewed 6 questions today.")).to_be_visible()
    expect(page.get_by_text("Your next question is due tomorrow.")).to_be_visible()
    expect(page.get_by_text("1-day streak")).to_be_visible()
    expect(header_review_link(page)).to_have_count(0)

    page.get_by_role("link", name="Your dashboard").click()
    summary = page.get_by_role("region", name="Review: all caught up")
    expect(summary).to_contain_text("Next question due tomorrow.")
    expect(header_review_link(page)).to_have_count(0)


def test_a_learner_reviews_every_kind_on_a_phone_with_javascript(
    page, page_problems, site, quiz, learner
):
    review_deck(learner, quiz)
    page.set_viewport_size(PHONE)
    sign_in(page, site, learner.email, lands_on="/dashboard/")

    review_every_kind(page, site, javascript=True)
    assert page_problems.all() == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_a_learner_reviews_every_kind_with_radio_groups(
    page, page_problems, site, quiz, learner
):
    review_deck(learner, quiz)
    page.set_viewport_size(PHONE)
    sign_in(page, site, learner.email, lands_on="/dashboard/")

    review_every_kind(page, site, javascript=False)
    assert page_problems.all() == []


def test_every_card_without_its_script_meets_wcag_21_aa(page, site, wcag_violations, quiz, learner):
    """The cards as a browser without JavaScript shows them, radio groups and all, light and
    dark. axe itself is a script (it does not run in a page with JavaScript off), so here the
    page's own script is not loaded instead. (With the script, and the other review pages:
    tests/browser/test_accessibility.py.)"""
    review_deck(learner, quiz)
    page.route("**/js/quiz*.js", lambda route: route.abort())
    page.set_viewport_size(PHONE)
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    page.goto(site + REVIEW_PATH)
    for kind in SIX_KINDS:
        expect(page.locator(".sortable, .pairing")).to_have_count(0)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
            assert wcag_violations(page) == [], f"{kind} ({scheme})"
        answer(page, kind, javascript=False)
        check_answer(page)
        page.get_by_role("link", name=re.compile("^(Next question|Finish)$")).click()
    expect(page.get_by_role("heading", name="All caught up")).to_be_visible()


def focused(page) -> dict:
    """What has the keyboard focus: its tag and type, whether it is in the question, and its
    name as a learner hears it (a label's text, or a link's or button's)."""
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          const label = e.labels && e.labels.length ? e.labels[0].textContent : '';
          return {
            tag: e.tagName.toLowerCase(), type: e.type || '',
            inQuestion: Boolean(e.closest('.question')),
            name: (e.getAttribute('aria-label') || label || e.textContent).trim(),
          };
        }"""
    )


def tab_until(page, wanted, *, limit=30) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted(focused(page)):
            return focused(page)
    raise AssertionError(f"Tab never reached it; focus is on {focused(page)}")


def test_a_learner_answers_a_card_and_goes_on_by_keyboard_alone(
    page, page_problems, site, quiz, learner
):
    review_deck(learner, quiz)
    page.set_viewport_size(PHONE)
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    page.goto(site + REVIEW_PATH)

    # The skip link, then straight to the options: nothing to Tab through on the way.
    assert tab_until(page, lambda now: True)["name"] == "Skip to main content"
    page.keyboard.press("Enter")
    now = tab_until(page, lambda now: True, limit=1)
    assert (now["tag"], now["type"], now["inQuestion"]) == ("input", "radio", True)
    page.keyboard.press("Space")
    for _ in range(len(SIX_KINDS[Kind.SINGLE][1])):
        if focused(page)["name"] == SINGLE_RIGHT:
            break
        page.keyboard.press("ArrowDown")
    expect(the_question(page).get_by_label(SINGLE_RIGHT)).to_be_checked()

    # One Tab from the group to the button; Space checks the answer.
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Check my answer"
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", name="Right", exact=True)).to_be_visible()

    # On the answer page the verdict comes first, and its "Next question" is the first thing
    # Tab reaches in the page's content.
    assert tab_until(page, lambda now: True)["name"] == "Skip to main content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Next question"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Question 2 of 6")).to_be_visible()
    assert page_problems.all() == []


def test_that_was_easy_brings_a_right_answer_back_later(page, page_problems, site, quiz, learner):
    review_deck(learner, quiz)
    page.set_viewport_size(PHONE)
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    page.goto(site + REVIEW_PATH)

    answer(page, Kind.SINGLE)
    check_answer(page)
    assert verdict(page) == "Right"
    before = comes_back(page)
    page.get_by_role("button", name="That was easy").click()
    expect(page.get_by_text("Marked easy.")).to_be_visible()
    after = comes_back(page)
    assert days_until(after) > days_until(before), (before, after)
    expect(page.get_by_role("button", name="That was easy")).to_have_count(0)

    # Only a right answer can be easy: a blank one is taught, with no such button.
    page.get_by_role("link", name="Next question").click()
    check_answer(page)
    assert verdict(page) == "Here's the answer"
    assert comes_back(page) == "tomorrow"
    expect(page.get_by_role("button", name="That was easy")).to_have_count(0)
    assert page_problems.all() == []


def test_on_a_phone_the_header_keeps_one_row_with_review_and_signing_out_is_on_the_account_page(
    page, page_problems, site, quiz, learner
):
    review_deck(learner, quiz)
    page.set_viewport_size(PHONE)
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    nav = page.get_by_role("navigation", name="Main")

    links = [nav.get_by_role("link", name=name) for name in ("Courses", "Dashboard", "Account")]
    tops = {round(link.bounding_box()["y"]) for link in [*links, header_review_link(page)]}
    assert len(tops) == 1, tops  # one row
    expect(nav.get_by_role("button", name="Sign out")).to_be_hidden()

    nav.get_by_role("link", name="Account").click()
    page.get_by_role("button", name="Sign out of jsnlearn").click()
    expect(nav.get_by_role("link", name="Sign in")).to_be_visible()
    assert page_problems.all() == []
