"""A learner's steps through the `quiz` fixture's pages (tests/factories.py, SIX_KINDS), by what the
page shows: labels, buttons and texts, never tokens. Questions keep their authored order (the quiz
does not shuffle questions), so question N is SIX_KINDS' Nth kind; options are shuffled."""

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


def start_quiz(page, site, button="Start the quiz"):
    page.goto(site + QUIZ_PATH)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible()


def answer_choices(page, *, single=SINGLE_RIGHT, true_false="True"):
    """Single choice, multiple choice (both right options) and true/false."""
    question(page, Kind.SINGLE).get_by_label(single).check()
    for text in MULTIPLE_RIGHT:
        question(page, Kind.MULTIPLE).get_by_label(text).check()
    question(page, Kind.TRUE_FALSE).get_by_label(true_false, exact=True).check()


def answer_short_text(page, text=SHORT_TEXT_RIGHT):
    question(page, Kind.SHORT_TEXT).get_by_label("Your answer").fill(text)


def sortable_order(page) -> list[str]:
    """The ordering question's items as its Move up/Move down list shows them (once the
    script has built it: reading at once raced it on a busy machine)."""
    items = question(page, Kind.ORDERING).locator(".sortable__text")
    expect(items.first).to_be_attached()
    return items.all_text_contents()


def select_order(page) -> list[str]:
    """What the ordering question's per-place selects hold, hidden or not, place 1 first."""
    return (
        question(page, Kind.ORDERING)
        .locator("select")
        .evaluate_all("selects => selects.map(s => s.selectedOptions[0].textContent)")
    )


def order_with_buttons(page, order=ORDER):
    """Sort the list with the Move up buttons, as a learner would: each item up to its place.
    A list may start in order (as likely as any other order), and is unanswered until an item
    moves: then the first goes down, and back up with the rest."""
    ordering = question(page, Kind.ORDERING)
    if sortable_order(page) == order:
        ordering.get_by_role("button", name=f"Move “{order[0]}” down").click()
    for place, text in enumerate(order):
        for _ in range(sortable_order(page).index(text) - place):
            ordering.get_by_role("button", name=f"Move “{text}” up").click()
    assert sortable_order(page) == order


def order_with_selects(page, order=ORDER):
    ordering = question(page, Kind.ORDERING)
    for place, text in enumerate(order, start=1):
        ordering.get_by_label(f"Place {place}").select_option(label=text)


def match(page, pairs=PAIRS):
    matching = question(page, Kind.MATCHING)
    for left, right in pairs.items():
        matching.get_by_label(left, exact=True).select_option(label=right)


def answer_all_correctly(page, *, javascript=True):
    answer_choices(page)
    answer_short_text(page)
    if javascript:
        order_with_buttons(page)
    else:
        order_with_selects(page)
    match(page)


def submit(page):
    page.get_by_role("button", name="Submit answers").click()


def marks(page) -> list[str]:
    """The result page's mark of each question, in order."""
    return page.locator(".question-result .mark").all_text_contents()


def no_sideways_scrolling(page, width) -> bool:
    page.wait_for_load_state()  # after a click that submits, the next page must be there
    return page.evaluate("document.documentElement.scrollWidth") <= width
