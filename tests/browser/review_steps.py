"""A learner's review of the `quiz` fixture's questions (tests/factories.py, SIX_KINDS), by what
the pages show: labels, buttons and texts, never tokens.

The deck is made as a learner makes it, by submitting the quiz, then brought forward: its cards
fall due an hour ago, one a minute apart in SIX_KINDS' order, so the review page asks them in
that order. A review card is one question on its own, whatever its number in the quiz."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from jsnlearn.review.models import ReviewCard
from jsnlearn.review.services import refresh_review_ready, sync_deck
from quizzes.grading import Kind
from quizzes.services import start_attempt, submit_attempt
from tests.browser.quiz_steps import (
    MULTIPLE_RIGHT,
    ORDER,
    PAIRS,
    SHORT_TEXT_RIGHT,
    SINGLE_RIGHT,
)
from tests.factories import SIX_KINDS
from tests.quizzes.helpers import correct_answers, paper_of

REVIEW_PATH = "/review/"


def review_deck(learner, quiz, *, right=frozenset(SIX_KINDS)) -> None:
    """Submit `quiz` for `learner` with the kinds in `right` answered correctly and the rest
    left blank, bring their deck up to date and make every card due, in SIX_KINDS' order."""
    attempt = start_attempt(user=learner, quiz=quiz).attempt
    paper = paper_of(attempt)
    kinds = {shown.question.pk: shown.kind for shown in paper.questions}
    answers = {pk: a for pk, a in correct_answers(paper).items() if kinds[pk] in right}
    submit_attempt(paper=paper, answers=answers)
    now = timezone.now()
    sync_deck(user=learner, now=now)
    for minute, kind in enumerate(SIX_KINDS):
        ReviewCard.objects.filter(user=learner, question__kind=kind).update(
            due=now - timedelta(minutes=60 - minute)
        )
    refresh_review_ready(user=learner, now=now)


def the_question(page):
    """The one question of a review card, or of an answer page."""
    return page.locator(".question")


def header_review_link(page):
    return page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^Review")
    )


def check_answer(page):
    page.get_by_role("button", name="Check my answer").click()
    expect(page).to_have_url(re.compile(r"/review/answers/\d+/"))


def verdict(page) -> str:
    """The answer page's verdict, as its heading says it ("Right", "Not quite", …): its
    accessible name, without the icon beside it."""
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    return heading.evaluate(
        "h => Array.from(h.childNodes)"
        "  .filter(n => !(n.nodeType === 1 && n.getAttribute('aria-hidden') === 'true'))"
        "  .map(n => n.textContent).join('').trim()"
    )


def comes_back(page) -> str:
    """When the answer page says the question comes back ("tomorrow", "in 3 days, on …")."""
    text = " ".join(page.locator(".review-verdict__when").text_content().split())
    return re.search(r"comes back (.+)\.$", text).group(1)


def days_until(when: str) -> int:
    """`comes_back`'s words as a number of days (weeks and months roughly)."""
    if when == "tomorrow":
        return 1
    number, unit = re.match(r"in (\d+) (day|week|month)s?", when).groups()
    return int(number) * {"day": 1, "week": 7, "month": 30}[unit]


# ---- Answering each kind, by what the card shows ----------------------------------------------


def sortable_order(page) -> list[str]:
    items = the_question(page).locator(".sortable__text")
    expect(items.first).to_be_attached()
    return items.all_text_contents()


def order_by_keyboard(page, order=ORDER):
    """Sort the list with the Move up buttons, pressed with Enter: each item up to its place.
    A list may start in order and is unanswered until an item moves: then the first goes down,
    and back up with the rest."""
    box = the_question(page)
    if sortable_order(page) == order:
        box.get_by_role("button", name=f"Move “{order[0]}” down").press("Enter")
    for place, text in enumerate(order):
        for _ in range(sortable_order(page).index(text) - place):
            box.get_by_role("button", name=f"Move “{text}” up").press("Enter")
    assert sortable_order(page) == order


def order_with_radios(page, order=ORDER):
    box = the_question(page)
    for place, text in enumerate(order, start=1):
        box.get_by_role("group", name=f"Place {place}").get_by_label(text, exact=True).check()


def match_by_tapping(page, pairs=PAIRS):
    box = the_question(page)
    for left, right in pairs.items():
        item = box.get_by_role("button", name=re.compile(rf"^{re.escape(left)}, "))
        item.click()
        box.get_by_role("button", name=re.compile(rf"^{re.escape(right)}(, |$)")).click()
        expect(item).to_have_accessible_name(f"{left}, matched with {right}")


def match_with_radios(page, pairs=PAIRS):
    box = the_question(page)
    for left, right in pairs.items():
        group = box.get_by_role("group", name=re.compile(rf"^{re.escape(left)}\b"))
        group.get_by_label(right, exact=True).check()


def answer(page, kind, *, javascript=True, single=SINGLE_RIGHT):
    """Answer the card shown, of `kind`, right (the single choice with `single`)."""
    box = the_question(page)
    if kind == Kind.SINGLE:
        box.get_by_label(single, exact=True).check()
    elif kind == Kind.MULTIPLE:
        for text in MULTIPLE_RIGHT:
            box.get_by_label(text, exact=True).check()
    elif kind == Kind.TRUE_FALSE:
        box.get_by_label("True", exact=True).check()
    elif kind == Kind.SHORT_TEXT:
        box.get_by_label("Your answer").fill(SHORT_TEXT_RIGHT)
    elif kind == Kind.ORDERING:
        (order_by_keyboard if javascript else order_with_radios)(page)
    else:
        (match_by_tapping if javascript else match_with_radios)(page)
