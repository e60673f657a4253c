"""A learner's steps through the `quiz` fixture's pages (tests/factories.py, SIX_KINDS), by what the
page shows: labels, buttons and texts, never tokens. Questions keep their authored order (the quiz
does not shuffle questions), so question N is SIX_KINDS' Nth kind; options are shuffled.

With JavaScript the attempt shows one question at a time: each step goes to its question with
Back and Next first, as a learner would. Without it every question is on the page."""

import re

from playwright.sync_api import expect

from quizzes.grading import Kind
from tests.factories import SIX_KINDS

QUIZ_PATH = "/courses/sns-japan/m1/quiz/q1/"
NUMBER = {kind: number for number, kind in enumerate(SIX_KINDS, start=1)}


def _texts(kind, *, correct=None):
    return [text for text, is_correct, *_ in SIX_KINDS[kind][1] if correct in (None, is_correct)]


SINGLE_RIGHT = _texts(Kind.SINGLE, correct=True)[0]
SINGLE_WRONG = _texts(Kind.SINGLE, correct=False)[0]
MULTIPLE_RIGHT = _texts(Kind.MULTIPLE, correct=True)
ORDER = _texts(Kind.ORDERING)  # the authored order is the answer
PAIRS = {text: match for text, _, _, match in SIX_KINDS[Kind.MATCHING][1]}
SHORT_TEXT_RIGHT = "line"  # accepted as "LINE": case is not judged
EXPLANATIONS = [f"EXPLAIN-{kind}" for kind in SIX_KINDS]
# The feedback on the options a learner answering everything right has chosen.
RIGHT_FEEDBACK = ["FB-accept-professional", "FB-working-hours", "FB-polite-language"]


def question(page, kind):
    return page.locator(f"#question-{NUMBER[kind]}")


def shown_number(page) -> int | None:
    """The question the Back/Next bar says is shown; None without JavaScript (no bar)."""
    # The script runs before DOMContentLoaded (it is deferred): after that, no bar means none.
    page.wait_for_load_state("domcontentloaded")
    position = page.locator(".quiz-bar__position")
    if not position.count():
        return None
    return int(re.search(r"Question (\d+) of", position.text_content()).group(1))


def reach(page, kind):
    """`kind`'s question, brought into view with Next or Back when the questions come one at a
    time."""
    return reach_number(page, NUMBER[kind])


def reach_number(page, wanted: int):
    """Question number `wanted`, brought into view with Next or Back when the questions come
    one at a time."""
    number = shown_number(page)
    while number is not None and number != wanted:
        step = "Next" if number < wanted else "Back"
        page.get_by_role("button", name=step, exact=True).click()
        number = shown_number(page)
    target = page.locator(f"#question-{wanted}")
    expect(target).to_be_visible()
    return target


def start_quiz(page, site, button="Start the quiz"):
    page.goto(site + QUIZ_PATH)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible()


def answer_choices(page, *, single=SINGLE_RIGHT, true_false="True"):
    """Single choice, multiple choice (both right options) and true/false."""
    reach(page, Kind.SINGLE).get_by_label(single).check()
    for text in MULTIPLE_RIGHT:
        reach(page, Kind.MULTIPLE).get_by_label(text).check()
    reach(page, Kind.TRUE_FALSE).get_by_label(true_false, exact=True).check()


def answer_short_text(page, text=SHORT_TEXT_RIGHT):
    reach(page, Kind.SHORT_TEXT).get_by_label("Your answer").fill(text)


def sortable_order(page) -> list[str]:
    """The ordering question's items as its Move up/Move down list shows them (once the
    script has built it: reading at once raced it on a busy machine)."""
    items = question(page, Kind.ORDERING).locator(".sortable__text")
    expect(items.first).to_be_attached()
    return items.all_text_contents()


def radio_order(page) -> list[str]:
    """What the ordering question's per-place radio groups hold, hidden or not, place 1 first
    ("" for a place with nothing chosen)."""
    return (
        question(page, Kind.ORDERING)
        .locator("fieldset.place")
        .evaluate_all(
            "places => places.map(place => {"
            "  const radio = place.querySelector('input:checked');"
            "  return radio ? radio.labels[0].textContent : ''; })"
        )
    )


def radio_pairs(page) -> dict[str, str]:
    """What the matching question's per-item radio groups hold, hidden or not: item → match."""
    return dict(
        question(page, Kind.MATCHING)
        .locator("fieldset.place")
        .evaluate_all(
            "places => places.map(place => {"
            "  const radio = place.querySelector('input:checked');"
            "  return [place.querySelector('legend').textContent,"
            "          radio ? radio.labels[0].textContent : '']; })"
        )
    )


def order_with_buttons(page, order=ORDER):
    """Sort the list with the Move up buttons, as a learner would: each item up to its place.
    A list may start in order (as likely as any other order), and is unanswered until an item
    moves: then the first goes down, and back up with the rest."""
    ordering = reach(page, Kind.ORDERING)
    if sortable_order(page) == order:
        ordering.get_by_role("button", name=f"Move “{order[0]}” down").click()
    for place, text in enumerate(order):
        for _ in range(sortable_order(page).index(text) - place):
            ordering.get_by_role("button", name=f"Move “{text}” up").click()
    assert sortable_order(page) == order


def order_with_radios(page, order=ORDER):
    """Without JavaScript: for each place, the item that goes there."""
    ordering = question(page, Kind.ORDERING)
    for place, text in enumerate(order, start=1):
        ordering.get_by_role("group", name=f"Place {place}").get_by_label(text, exact=True).check()


def match_with_radios(page, pairs=PAIRS):
    """Without JavaScript: for each item, its match."""
    matching = question(page, Kind.MATCHING)
    for left, right in pairs.items():
        group = matching.get_by_role("group", name=re.compile(rf"^{re.escape(left)}\b"))
        group.get_by_label(right, exact=True).check()


def item_button(page, text):
    return question(page, Kind.MATCHING).get_by_role(
        "button", name=re.compile(rf"^{re.escape(text)}, ")
    )


def target_button(page, text):
    return question(page, Kind.MATCHING).get_by_role(
        "button", name=re.compile(rf"^{re.escape(text)}(, |$)")
    )


def match_by_tapping(page, pairs=PAIRS):
    """With JavaScript: tap an item, then its match."""
    reach(page, Kind.MATCHING)
    for left, right in pairs.items():
        item_button(page, left).click()
        target_button(page, right).click()
        expect(item_button(page, left)).to_have_accessible_name(f"{left}, matched with {right}")


def match(page, pairs=PAIRS):
    if shown_number(page) is None:
        match_with_radios(page, pairs)
    else:
        match_by_tapping(page, pairs)


def answer_all_correctly(page, *, javascript=True):
    answer_choices(page)
    answer_short_text(page)
    if javascript:
        order_with_buttons(page)
    else:
        order_with_radios(page)
    match(page)


def submit(page):
    """Submit the form: "Submit answers" under it, or on the last question the bar's "Submit"
    (one of the two is shown at a time)."""
    page.get_by_role("button", name=re.compile("^Submit( answers)?$")).click()


def marks(page) -> list[str]:
    """The result page's mark of each question, in order."""
    return page.locator(".question-result .mark").all_text_contents()


def no_sideways_scrolling(page, width) -> bool:
    page.wait_for_load_state()  # after a click that submits, the next page must be there
    return page.evaluate("document.documentElement.scrollWidth") <= width
