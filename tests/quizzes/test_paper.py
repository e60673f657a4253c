"""A paper's starting order gives nothing away: every arrangement of an ordering question's items,
and of a matching question's right sides against its left items, is as likely as any other, the
answer's own included. Counted over many papers drawn from a seeded random source, so the test
gives the same verdict on every run."""

import math
import random
import uuid
from collections import Counter
from itertools import permutations

import pytest
from django.utils.crypto import salted_hmac

from quizzes.grading import Kind
from quizzes.paper import OptionTokens, make_layout
from tests.factories import QuizFactory, add_question

PAPERS = 6_000
# The chi-square statistic that n! equally likely arrangements pass 999 times in 1,000
# (n! - 1 degrees of freedom).
CHI_SQUARE_LIMIT = {2: 10.83, 3: 20.52, 4: 49.73}

ITEMS = ["Bow", "Offer your card", "Receive theirs", "Lay it on the table"]
MEANINGS = ["a business card", "a read receipt", "the student job hunt", "a group chat"]


def question_of(kind, size, *, shuffle_choices):
    quiz = QuizFactory(shuffle_choices=shuffle_choices)
    if kind == Kind.ORDERING:
        options = [(text, True, "", "") for text in ITEMS[:size]]
    else:
        options = [(f"term {n}", True, "", MEANINGS[n]) for n in range(size)]
    question = add_question(quiz, kind, "Put them in order, or pair them.", options)
    return quiz, quiz.questions.prefetch_related("choices").get(pk=question.pk)


def arrangement(layout, question) -> tuple[int, ...]:
    """Where the answer's items are shown: for ordering, the authored place of each item in the
    order shown; for matching, the place of each right side's own left item. (0, 1, ...) is
    the answer's order."""
    key = str(question.pk)
    if question.kind == Kind.ORDERING:
        authored = [choice.pk for choice in question.choices.all()]
        return tuple(authored.index(pk) for pk in layout["options"][key])
    lefts = layout["options"][key]
    return tuple(lefts.index(pk) for pk in layout["targets"][key])


def chi_square(counts: Counter, arrangements: list) -> float:
    expected = sum(counts.values()) / len(arrangements)
    return sum((counts[a] - expected) ** 2 / expected for a in arrangements)


@pytest.mark.parametrize("shuffle_choices", [False, True], ids=["options kept", "options shuffled"])
@pytest.mark.parametrize("size", [2, 3, 4])
@pytest.mark.parametrize("kind", [Kind.ORDERING, Kind.MATCHING])
def test_every_starting_arrangement_is_equally_likely(db, kind, size, shuffle_choices):
    quiz, question = question_of(kind, size, shuffle_choices=shuffle_choices)
    # Seeded, so every run draws the same papers; production draws from secrets.SystemRandom.
    source = random.Random(f"{kind}-{size}-{shuffle_choices}")  # noqa: S311

    counts = Counter(
        arrangement(make_layout(quiz, [question], rng=source), question) for _ in range(PAPERS)
    )

    arrangements = list(permutations(range(size)))
    assert len(arrangements) == math.factorial(size)
    assert set(counts) == set(arrangements), counts  # the answer's order included
    assert chi_square(counts, arrangements) < CHI_SQUARE_LIMIT[size], counts


def test_an_options_token_is_the_same_as_before_so_open_forms_stay_valid():
    """A form a learner has open names its options by tokens made before any change of how
    they are worked out: they must not change, or sending the form would be refused."""
    attempt_id = uuid.UUID("8c365184-90b4-4448-8ab7-956604234834")
    tokens = OptionTokens(attempt_id)
    for choice_id in (1, 42, 10_000):
        expected = salted_hmac("quizzes.paper", f"{attempt_id}:{choice_id}").hexdigest()[:16]
        assert tokens(choice_id) == expected
    assert tokens(1) != OptionTokens(uuid.uuid4())(1)
