"""The attempt form as the server renders it, the form every learner submits (quiz.js only
hides parts of it and keeps them in step): full-width choices that never cut an option's text
off, a group of radio buttons per ordering place and per matching item, no select, and fields
named exactly as the paper reads them."""

import re
from html.parser import HTMLParser

import pytest

from quizzes.grading import Kind
from tests.factories import SIX_KINDS
from tests.quizzes.helpers import (
    attempt_url,
    correct_answers,
    form_data,
    paper_of,
    question_of,
    start,
)


class Form(HTMLParser):
    """The form's controls and its fieldsets: each fieldset's legend and the radios in it."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.inputs, self.labels, self.fieldsets = [], [], {}, []
        self._open, self._legend, self._label = [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "fieldset":
            self._open.append({"class": attributes.get("class", ""), "legend": "", "radios": []})
        elif tag == "legend" and self._open:
            self._legend = self._open[-1]
        elif tag == "input":
            self.inputs.append(attributes)
            if attributes.get("type") == "radio" and self._open:
                self._open[-1]["radios"].append(attributes)
        elif tag == "label":
            self._label = attributes.get("for")
            self.labels[self._label] = ""

    def handle_endtag(self, tag):
        if tag == "fieldset":
            self.fieldsets.append(self._open.pop())
        elif tag == "legend":
            self._legend = None
        elif tag == "label":
            self._label = None

    def handle_data(self, data):
        if self._legend is not None:
            self._legend["legend"] += data
        if self._label is not None:
            self.labels[self._label] += data

    def places(self) -> list[dict]:
        return [f for f in self.fieldsets if f["class"] == "place"]

    def offered(self, place) -> list[str]:
        return [self.labels[radio["id"]] for radio in place["radios"]]

    def chosen(self, place) -> str:
        return next((self.labels[r["id"]] for r in place["radios"] if "checked" in r), "")


@pytest.fixture
def attempt(learner_client, quiz):
    return start(learner_client)


def form_of_attempt(client, attempt) -> Form:
    response = client.get(attempt_url(attempt))
    assert response.status_code == 200
    return Form(response.content.decode())


def test_ordering_and_matching_are_radio_groups_offering_every_text_in_full(
    learner_client, attempt
):
    form = form_of_attempt(learner_client, attempt)
    paper = paper_of(attempt)
    ordering, matching = question_of(paper, Kind.ORDERING), question_of(paper, Kind.MATCHING)
    items = [option.choice.text for option in ordering.options]
    matches = [target.choice.match_text for target in matching.targets]

    assert "select" not in form.tags
    places = {place["radios"][0]["name"]: place for place in form.places()}
    assert list(places) == [slot.name for slot in ordering.slots + matching.slots]
    for number, slot in enumerate(ordering.slots, start=1):
        assert places[slot.name]["legend"] == f"Place {number}"
        assert form.offered(places[slot.name]) == items  # in the shuffled order shown
        assert {radio["name"] for radio in places[slot.name]["radios"]} == {slot.name}
    for slot in matching.slots:
        assert places[slot.name]["legend"] == slot.left.choice.text
        assert form.offered(places[slot.name]) == matches
    assert sorted(items) == sorted(text for text, *_ in SIX_KINDS[Kind.ORDERING][1])


def test_the_form_names_only_fields_the_paper_reads(learner_client, attempt):
    form = form_of_attempt(learner_client, attempt)
    paper = paper_of(attempt)

    names = {control["name"] for control in form.inputs if "name" in control}

    assert names == paper.field_names | {"csrfmiddlewaretoken"}
    values = {c["value"] for c in form.inputs if c.get("type") in ("radio", "checkbox")}
    assert all(re.fullmatch(r"[0-9a-f]{16}", value) for value in values)


def test_a_saved_order_and_pairs_come_back_checked_in_their_groups(learner_client, attempt):
    paper = paper_of(attempt)
    answers = correct_answers(paper)
    response = learner_client.post(attempt_url(attempt), {**form_data(paper, answers), "save": "1"})
    assert response.status_code == 302

    form = form_of_attempt(learner_client, attempt)

    pairs = {text: match for text, _, _, match in SIX_KINDS[Kind.MATCHING][1]}
    order = [text for text, *_ in SIX_KINDS[Kind.ORDERING][1]]
    places = form.places()
    assert [form.chosen(place) for place in places[: len(order)]] == order
    assert {p["legend"]: form.chosen(p) for p in places[len(order) :]} == pairs


def test_the_bar_counts_answers_and_the_page_loads_the_quiz_styles(learner_client, attempt):
    html = learner_client.get(attempt_url(attempt)).content.decode()

    assert re.search(r'<span class="quiz-bar__answered"></span> of 6 answered', html)
    assert re.search(r'<link rel="stylesheet" href="[^"]*css/quiz[^"]*\.css">', html)
    # The short text box has a placeholder: CSS counts it as answered once it is not shown.
    assert 'placeholder="Type your answer"' in html
