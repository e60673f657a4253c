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
    MULTIPLE_RIGHT,
    NUMBER,
    ORDER,
    PAIRS,
    QUIZ_PATH,
    RIGHT_FEEDBACK,
    SHORT_TEXT_RIGHT,
    SINGLE_RIGHT,
    SINGLE_WRONG,
    answer_all_correctly,
    answer_choices,
    answer_short_text,
    item_button,
    marks,
    match,
    no_sideways_scrolling,
    order_with_buttons,
    order_with_radios,
    question,
    radio_order,
    radio_pairs,
    reach,
    sortable_order,
    start_quiz,
    submit,
    target_button,
)
from tests.browser.steps import sign_in
from tests.factories import SIX_KINDS

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

    # The attempt page: one question at a time. Ordering is a list with Move buttons over hidden
    # radios, which stay empty (unanswered) until the learner moves something, then follow it.
    expect(page.get_by_role("group", name=re.compile("^Question 1"))).to_be_visible()
    expect(page.get_by_role("group", name=re.compile("^Question 2"))).to_be_hidden()
    expect(page.locator(".quiz-bar")).to_contain_text("Question 1 of 6")
    expect(page.locator(".quiz-bar")).to_contain_text("0 of 6 answered")
    ordering = reach(page, Kind.ORDERING)
    expect(ordering.get_by_role("button", name=re.compile("^Move “.*” up$"))).to_have_count(4)
    expect(ordering.locator("fieldset.place").first).to_be_hidden()
    assert radio_order(page) == [""] * 4
    assert_no_answer_key(page)
    attempt_url = page.url

    answer_choices(page)
    order_with_buttons(page)
    assert radio_order(page) == ORDER
    match(page)
    expect(page.locator(".quiz-bar")).to_contain_text("5 of 6 answered")
    submit(page)  # the short text question left blank

    # The server's confirmation: nothing graded yet, every answer kept.
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("You left 1 question unanswered: Question 4.")
    expect(question(page, Kind.SHORT_TEXT)).to_contain_text("Not answered yet.")
    # The form opens at the first unanswered question.
    expect(question(page, Kind.SHORT_TEXT)).to_be_visible()
    expect(page.locator(".quiz-bar")).to_contain_text("Question 4 of 6")
    expect(page.get_by_role("button", name="Submit anyway")).to_be_visible()
    assert page.url == attempt_url
    expect(question(page, Kind.SINGLE).locator("input:checked")).to_have_count(1)
    assert sortable_order(page) == radio_order(page) == ORDER
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
    reach(page, Kind.SINGLE).get_by_label(SINGLE_WRONG).check()
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


def heard(page, selector) -> str:
    """The text of `selector`'s element as Chromium gives it to a screen reader, CSS-generated
    content included."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    found = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
    backend = cdp.send("DOM.describeNode", {"nodeId": found["nodeId"]})["node"]["backendNodeId"]
    nodes = {node["nodeId"]: node for node in cdp.send("Accessibility.getFullAXTree")["nodes"]}
    start = next(node for node in nodes.values() if node.get("backendDOMNodeId") == backend)

    def texts(node):
        if node["role"]["value"] == "StaticText":
            return [node["name"]["value"]]
        return [text for child in node.get("childIds", []) for text in texts(nodes[child])]

    return "".join(texts(start)).strip()


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_a_learner_orders_and_matches_with_radios_fails_then_passes(
    page, page_problems, site, quiz, learner
):
    Quiz.objects.filter(pk=quiz.pk).update(reveal_answers=Quiz.Reveal.WHEN_DONE)  # marks only
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)

    # Every question on the page; no list, no Move buttons, no select: a group of radios per
    # place and per item, each option's text in full.
    expect(page.locator(".question:visible")).to_have_count(6)
    expect(page.locator("select")).to_have_count(0)
    ordering = question(page, Kind.ORDERING)
    expect(ordering.locator(".sortable")).to_have_count(0)
    expect(ordering.get_by_role("group", name="Place 4")).to_be_visible()
    expect(ordering).to_contain_text("for each place, choose the item that goes there")
    expect(question(page, Kind.MATCHING).get_by_role("group")).to_have_count(4)
    expect(page.get_by_role("button", name="Next")).to_have_count(0)
    # The bar's count is CSS's (a counter of the questions holding an answer): it is in what a
    # screen reader reads, not in the DOM's text.
    assert heard(page, ".quiz-bar__count") == "0 of 6 answered"
    assert_no_answer_key(page)

    # Two wrong answers (4 of 6 points, under the 70% pass mark).
    answer_choices(page, single=SINGLE_WRONG, true_false="False")
    answer_short_text(page)
    assert heard(page, ".quiz-bar__count") == "4 of 6 answered"
    order_with_radios(page)
    match(page)
    assert radio_order(page) == ORDER
    assert heard(page, ".quiz-bar__count") == "6 of 6 answered"
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


def focused(page) -> dict:
    """What has the keyboard focus: its question's number, its tag and type, and its name as a
    learner reads it (a label's text, or a button's)."""
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          const question = e.closest('.question');
          const label = e.labels && e.labels.length ? e.labels[0].textContent : '';
          return {
            question: question ? Number(question.id.replace('question-', '')) : null,
            tag: e.tagName.toLowerCase(), type: e.type || '',
            name: e.getAttribute('aria-label') || label || e.textContent.trim(),
          };
        }"""
    )


def tab_until(page, wanted, *, limit=60):
    """Press Tab until the focused element is what `wanted` (a predicate on `focused`) says."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted(focused(page)):
            return focused(page)
    raise AssertionError(f"Tab never reached it; focus is on {focused(page)}")


def in_question(kind):
    return lambda now: now["question"] == NUMBER[kind]


def named(name):
    return lambda now: now["name"] == name


def choose_with_arrows(page, text):
    """In a radio group that has the focus, arrow down to `text` (arrows check as they move;
    Space checks the first)."""
    page.keyboard.press("Space")
    for _ in range(10):
        if focused(page)["name"] == text:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"No option {text!r} in the group")


def test_a_learner_answers_every_kind_and_submits_by_keyboard_alone(
    page, page_problems, site, quiz, learner
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)
    bar = page.locator(".quiz-bar")
    count = bar.locator(".quiz-bar__count")
    expect(count).to_have_attribute("aria-live", "polite")

    # Single choice: Tab into the group, arrows to the answer; Tab on to Next.
    tab_until(page, in_question(Kind.SINGLE))
    choose_with_arrows(page, SINGLE_RIGHT)
    expect(count).to_have_text("1 of 6 answered")
    assert tab_until(page, named("Next"))["tag"] == "button"
    page.keyboard.press("Enter")
    expect(bar).to_contain_text("Question 2 of 6")
    expect(question(page, Kind.MULTIPLE).get_by_role("group").first).to_be_focused()

    # Multiple choice: Space on each right option.
    now = tab_until(page, in_question(Kind.MULTIPLE))
    while now["question"] == NUMBER[Kind.MULTIPLE]:
        if now["name"] in MULTIPLE_RIGHT:
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
        now = focused(page)
    assert now["name"] == "Back"  # the bar comes straight after the question
    tab_until(page, named("Next"))
    page.keyboard.press("Enter")

    tab_until(page, in_question(Kind.TRUE_FALSE))
    choose_with_arrows(page, "True")
    tab_until(page, named("Next"))
    page.keyboard.press("Enter")

    # Short text: Enter goes on to the next question rather than submitting.
    assert tab_until(page, in_question(Kind.SHORT_TEXT))["type"] == "text"
    page.keyboard.type(SHORT_TEXT_RIGHT)
    page.keyboard.press("Enter")
    expect(bar).to_contain_text("Question 5 of 6")
    expect(count).to_have_text("4 of 6 answered")

    # Ordering: Tab skips the hidden radios and the disabled "up" button; a moved item keeps
    # the focus, at its new place.
    ordering = question(page, Kind.ORDERING)
    first = sortable_order(page)[0]
    down = ordering.get_by_role("button", name=f"Move “{first}” down")
    assert tab_until(page, in_question(Kind.ORDERING))["name"] == f"Move “{first}” down"
    assert down.evaluate("button => button.matches(':focus-visible')")
    page.keyboard.press("Enter")
    assert sortable_order(page)[1] == first
    expect(down).to_be_focused()
    page.keyboard.press("Space")
    assert sortable_order(page)[2] == first
    expect(down).to_be_focused()
    page.keyboard.press("Enter")
    assert sortable_order(page)[3] == first
    # At the bottom "down" is disabled: focus stays on the item, on its "up" button.
    expect(down).to_be_disabled()
    up = ordering.get_by_role("button", name=f"Move “{first}” up")
    expect(up).to_be_focused()
    expect(ordering.locator("p[aria-live]")).to_have_text(f"“{first}” is now at place 4 of 4.")
    page.keyboard.press("Enter")
    assert sortable_order(page)[2] == first
    expect(up).to_be_focused()
    assert radio_order(page) == sortable_order(page)
    for place, text in enumerate(ORDER):
        for _ in range(sortable_order(page).index(text) - place):
            ordering.get_by_role("button", name=f"Move “{text}” up").press("Enter")
    assert sortable_order(page) == radio_order(page) == ORDER
    tab_until(page, named("Next"))
    page.keyboard.press("Enter")

    # Matching: Enter on an item takes the focus to the matches; Enter on its match pairs them
    # and brings the focus back to the next item without a match.
    matching = question(page, Kind.MATCHING)
    status = matching.locator("p[aria-live]")
    tab_until(page, in_question(Kind.MATCHING))
    for _ in PAIRS:
        left = focused(page)["name"].split(",")[0]
        page.keyboard.press("Enter")
        expect(status).to_have_text(f"“{left}” selected: now choose its match.")
        assert focused(page)["name"].startswith(tuple(PAIRS.values()))
        while not focused(page)["name"].startswith(PAIRS[left]):
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(status).to_have_text(f"Matched “{left}” with “{PAIRS[left]}”.")
    assert radio_pairs(page) == PAIRS
    expect(count).to_have_text("6 of 6 answered")

    # The last question: Submit in place of Next, the one submit button shown; nothing is
    # left unanswered.
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_hidden()
    expect(page.get_by_role("button", name="Submit answers")).to_be_hidden()
    expect(page.get_by_text("Every question has an answer.")).to_be_visible()
    tab_until(page, named("Submit"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Passed: 100%")).to_be_visible()
    assert page_problems.all() == []


CLIPPED = """() => Array.from(document.querySelectorAll(
    '.question label, .place__legend, .sortable__text, .pair, .pair__text, .pair__note,'
    + ' .sortable__move, .quiz-bar__nav > *'))
  .filter(e => e.getClientRects().length)
  .filter(e => e.scrollWidth > e.clientWidth
    || e.getBoundingClientRect().right > document.documentElement.clientWidth)
  .map(e => e.className + ': ' + e.textContent)"""


def clipped(page) -> list[str]:
    """Labels, items, matches and buttons whose text is cut off or runs off the screen."""
    return page.evaluate(CLIPPED)


def test_every_question_of_the_stepped_form_fits_a_320_px_phone_in_full(
    page, page_problems, site, quiz, learner
):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)
    for kind in SIX_KINDS:
        reach(page, kind)
        assert clipped(page) == [], kind
        assert no_sideways_scrolling(page, 320)
    # Every Move button is a comfortable touch target, however narrow the screen.
    sizes = (
        reach(page, Kind.ORDERING)
        .locator(".sortable__move")
        .evaluate_all("buttons => buttons.map(b => [b.offsetWidth, b.offsetHeight])")
    )
    assert all(width >= 40 and height >= 40 for width, height in sizes), sizes
    sizes = (
        reach(page, Kind.MATCHING)
        .locator(".pair")
        .evaluate_all("buttons => buttons.map(b => [b.offsetWidth, b.offsetHeight])")
    )
    assert all(width >= 250 and height >= 44 for width, height in sizes), sizes
    match(page)
    assert clipped(page) == []  # with each item's match written under it
    assert page_problems.all() == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_every_option_fits_a_320_px_phone_in_full(
    page, page_problems, site, quiz, learner
):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)

    labels = page.locator(".question label")
    assert labels.count() == 3 + 4 + 2 + 1 + 4 * 4 + 3 * 3  # every option of every kind
    assert clipped(page) == []
    assert no_sideways_scrolling(page, 320)
    # Every option is a full-width row: a tap anywhere on it answers.
    widths = labels.evaluate_all("labels => labels.map(l => l.closest('li').offsetWidth)")
    assert min(widths) >= 230, widths
    assert page_problems.all() == []


def test_the_bar_stays_in_view_and_answers_survive_back_and_next(
    page, page_problems, site, quiz, learner
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)
    bar = page.locator(".quiz-bar")

    answer_choices(page)
    reach(page, Kind.SINGLE)
    expect(question(page, Kind.SINGLE).get_by_label(SINGLE_RIGHT)).to_be_checked()
    expect(bar).to_contain_text("3 of 6 answered")

    # The matching question is taller than the screen: at its top, the bar is at the foot of
    # the screen, not below the question.
    reach(page, Kind.MATCHING)
    page.evaluate("window.scrollTo(0, 0)")
    assert page.evaluate("document.documentElement.scrollHeight") > 844
    box = bar.bounding_box()
    assert abs(box["y"] + box["height"] - 844) <= 1, box
    expect(bar.get_by_role("button", name="Next", exact=True)).to_be_hidden()  # the last one

    # An item tapped, then its match tapped again, undoes the pair.
    left, right = next(iter(PAIRS.items()))
    item_button(page, left).click()
    expect(item_button(page, left)).to_have_attribute("aria-pressed", "true")
    target_button(page, right).click()
    expect(bar).to_contain_text("4 of 6 answered")
    target_button(page, right).click()  # selects the match: now its item
    item_button(page, left).click()
    expect(item_button(page, left)).to_have_accessible_name(f"{left}, not matched yet")
    expect(bar).to_contain_text("3 of 6 answered")
    # One match per item: a match given to another item leaves the first.
    other = list(PAIRS)[1]
    item_button(page, left).click()
    target_button(page, right).click()
    item_button(page, other).click()
    target_button(page, right).click()
    assert radio_pairs(page)[left] == ""
    assert radio_pairs(page)[other] == right
    expect(target_button(page, right)).to_have_accessible_name(f"{right}, matched with {other}")

    # Saved for later and resumed: the form opens at the first unanswered question.
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_text("Your answers are saved")).to_be_visible()
    expect(bar).to_contain_text("Question 4 of 6")
    expect(bar).to_contain_text("4 of 6 answered")
    assert radio_pairs(page)[other] == right
    assert page_problems.all() == []


def drag(page, item, to, *, touch=False):
    """Drag an ordering item by its handle onto the place of `to`, with the mouse or a finger."""
    start = item.locator(".sortable__handle").bounding_box()
    end = to.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    goal = end["y"] + end["height"] / 2 + (8 if end["y"] > start["y"] else -8)
    steps = [y + (goal - y) * n / 10 for n in range(1, 11)]
    if not touch:
        page.mouse.move(x, y)
        page.mouse.down()
        for step in steps:
            page.mouse.move(x, step)
        page.mouse.up()
        return
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in steps:
        point = {"x": x, "y": step}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


@pytest.mark.parametrize("touch", [False, True], ids=["mouse", "touch"])
@pytest.mark.browser_context_args(has_touch=True)
def test_ordering_items_are_dragged_into_place_and_the_move_is_announced(
    page, page_problems, site, quiz, learner, touch
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)
    ordering = reach(page, Kind.ORDERING)
    items = ordering.locator(".sortable__item")
    assert radio_order(page) == [""] * 4  # untouched: unanswered

    for place, text in enumerate(ORDER):
        now = sortable_order(page)
        if now.index(text) != place:
            drag(page, items.nth(now.index(text)), items.nth(place), touch=touch)
            expect(ordering.locator("p[aria-live]")).to_have_text(
                f"“{text}” is now at place {place + 1} of 4."
            )
    if radio_order(page) == [""] * 4:  # it started in order: one drag down and back
        drag(page, items.nth(0), items.nth(1), touch=touch)
        drag(page, items.nth(1), items.nth(0), touch=touch)

    assert sortable_order(page) == radio_order(page) == ORDER
    expect(page.locator(".quiz-bar")).to_contain_text("1 of 6 answered")
    assert page_problems.all() == []


def test_the_attempt_and_result_pages_fit_a_320_px_phone(page, page_problems, site, quiz, learner):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    page.goto(site + QUIZ_PATH)
    assert no_sideways_scrolling(page, 320)
    start_quiz(page, site)
    assert no_sideways_scrolling(page, 320)
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_every_step_of_the_form_meets_wcag_21_aa(
    page, page_problems, site, wcag_violations, quiz, learner, width, scheme
):
    """axe on each question as the stepped form shows it, with an item chosen and a pair made
    (the states the script adds), at a phone's width and a desktop's, in both colour schemes."""
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)
    answer_choices(page)
    for kind in SIX_KINDS:
        reach(page, kind)
        assert wcag_violations(page) == [], kind
    left, right = next(iter(PAIRS.items()))
    item_button(page, left).click()
    assert wcag_violations(page) == [], "an item waiting for its match"
    target_button(page, right).click()
    order_with_buttons(page)
    assert wcag_violations(page) == [], "the ordering question, sorted"
    assert page_problems.all() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_form_without_its_script_meets_wcag_21_aa(
    page, site, wcag_violations, quiz, learner, width, scheme
):
    """The form as a browser without JavaScript shows it. axe itself is a script (it does not run
    in a page with JavaScript off), so here the page's own script is not loaded instead."""
    page.route("**/js/quiz*.js", lambda route: route.abort())
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)
    expect(page.locator(".question:visible")).to_have_count(6)
    expect(page.locator(".sortable")).to_have_count(0)
    order_with_radios(page)
    assert wcag_violations(page) == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_a_partial_order_saved_without_javascript_gives_way_to_the_list_the_script_shows(
    page, browser, site, quiz, learner
):
    sign_in(page, site, learner.email, lands_on="/dashboard/")
    start_quiz(page, site)
    ordering = question(page, Kind.ORDERING)
    ordering.get_by_role("group", name="Place 1").get_by_label(ORDER[1], exact=True).check()
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_text("Your answers are saved")).to_be_visible()
    assert radio_order(page) == [ORDER[1], "", "", ""]

    # The same learner, on a browser with JavaScript: the list shows the items as drawn, so the
    # place chosen before is not sent behind it.
    with_script = browser.new_context(storage_state=page.context.storage_state())
    try:
        again = with_script.new_page()
        again.goto(page.url)
        reach(again, Kind.ORDERING)
        assert radio_order(again) == [""] * 4
        expect(again.locator(".quiz-bar")).to_contain_text("0 of 6 answered")
    finally:
        with_script.close()
