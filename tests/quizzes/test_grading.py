"""Quiz grading: what each kind of question earns, typed answers that count as the same,
and the questions an instructor must fix before they can be graded. No database needed."""

import unicodedata
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizzes.grading import (
    RULES,
    Grade,
    Kind,
    Option,
    Spec,
    correct_answer,
    grade,
    is_blank,
    normalize,
    problems,
)


def choices(kind, correct, count=4, points=1):
    """Options 1..count, labelled "Option n", the ids in `correct` marked correct."""
    options = tuple(Option(i, f"Option {i}", is_correct=i in correct) for i in range(1, count + 1))
    return Spec(kind, points, options)


SINGLE = choices(Kind.SINGLE, {2}, points=2)
TRUE_FALSE = Spec(Kind.TRUE_FALSE, 2, (Option(1, "True", is_correct=True), Option(2, "False")))
MULTIPLE = choices(Kind.MULTIPLE, {1, 3}, points=2)
SHORT_TEXT = Spec(Kind.SHORT_TEXT, 2, (Option(1, "LINE"), Option(2, "ライン")))
ORDERING = Spec(
    Kind.ORDERING,
    2,
    (Option(10, "Sign up"), Option(20, "Verify"), Option(30, "Add friends"), Option(40, "Chat")),
)
MATCHING = Spec(
    Kind.MATCHING,
    2,
    (
        Option(1, "LINE", match_text="Messaging"),
        Option(2, "mixi", match_text="Early social network"),
        Option(3, "note", match_text="Blogging"),
    ),
)

# kind: (spec, right answer, wrong answer, blank answer)
CASES = {
    Kind.SINGLE: (SINGLE, 2, 3, None),
    Kind.TRUE_FALSE: (TRUE_FALSE, 1, 2, None),
    Kind.MULTIPLE: (MULTIPLE, {1, 3}, {2, 4}, set()),
    Kind.SHORT_TEXT: (SHORT_TEXT, "line", "Facebook", "  "),
    Kind.ORDERING: (ORDERING, [10, 20, 30, 40], [40, 30, 20, 10], [None] * 4),
    Kind.MATCHING: (MATCHING, {1: 1, 2: 2, 3: 3}, {1: 2, 2: 3, 3: 1}, dict.fromkeys([1, 2, 3])),
}
kinds = pytest.mark.parametrize("kind", Kind.values)


# Right, wrong and blank answers, kind by kind.


@kinds
def test_the_right_answer_earns_full_points(kind):
    spec, right, _, _ = CASES[kind]

    result = grade(spec, right)

    assert result == Grade(credit=Fraction(1), points=Decimal("2.00"))
    assert result.is_correct
    assert not is_blank(kind, right)


@kinds
def test_a_wrong_answer_earns_nothing(kind):
    spec, _, wrong, _ = CASES[kind]

    result = grade(spec, wrong)

    assert result == Grade(credit=Fraction(0), points=Decimal("0.00"))
    assert not result.is_correct
    assert not is_blank(kind, wrong)


@kinds
def test_a_blank_answer_earns_nothing(kind):
    spec, _, _, blank = CASES[kind]

    assert is_blank(kind, blank)
    assert is_blank(kind, None)
    assert grade(spec, blank).credit == 0
    assert grade(spec, None).points == 0


@pytest.mark.parametrize("kind", [Kind.MULTIPLE, Kind.ORDERING, Kind.MATCHING])
def test_an_empty_collection_is_blank(kind):
    assert is_blank(kind, {} if kind == Kind.MATCHING else [])


# Partial credit.


@pytest.mark.parametrize(
    ("picks", "credit"),
    [
        ({1, 2, 3}, 1),
        ({1, 2}, Fraction(2, 3)),
        ({1, 2, 4}, Fraction(1, 3)),  # 2 right - 1 wrong
        ({1, 4, 5}, 0),  # 1 right - 2 wrong, not below zero
        ({1, 2, 3, 4}, Fraction(2, 3)),
        ({1, 2, 3, 4, 5}, Fraction(1, 3)),  # ticking everything: 3 right - 2 wrong
        ({4}, 0),
    ],
)
def test_multiple_choice_earns_right_picks_minus_wrong_picks(picks, credit):
    result = grade(choices(Kind.MULTIPLE, {1, 2, 3}, count=5), picks)

    assert result.credit == credit


@pytest.mark.parametrize("picks", [[1, 3], (3, 1), iter([1, 3]), (i for i in (3, 1)), [1, 3, 3]])
def test_multiple_choice_accepts_any_collection_of_ids(picks):
    assert grade(MULTIPLE, picks).is_correct


@pytest.mark.parametrize(
    ("slots", "credit"),
    [
        ([10, 30, 20, 40], Fraction(1, 2)),  # two swapped
        ([10, 20, 40, 30], Fraction(1, 2)),
        ([10, None, 30, 40], Fraction(3, 4)),
        ([10, 20], Fraction(1, 2)),  # missing slots count as wrong
        ([10, 20, 30, 40, 10], 1),  # extra slots are ignored
        ([10, 10, 10, 10], Fraction(1, 4)),
        ([None, 10, 20, 30], 0),  # every item one slot late
    ],
)
def test_ordering_earns_the_share_of_slots_in_the_right_place(slots, credit):
    assert grade(ORDERING, slots).credit == credit


@pytest.mark.parametrize(
    ("matches", "credit"),
    [
        ({1: 1, 2: 3, 3: 2}, Fraction(1, 3)),
        ({1: 1, 2: 2, 3: None}, Fraction(2, 3)),
        ({1: 1, 2: 2}, Fraction(2, 3)),  # a missing pair counts as wrong
        ({1: 1, 2: 2, 3: 3, 99: 1}, 1),  # an unknown left id is ignored
        ({1: 1, 2: 1, 3: 1}, Fraction(1, 3)),
    ],
)
def test_matching_earns_the_share_of_pairs_matched(matches, credit):
    assert grade(MATCHING, matches).credit == credit


@pytest.mark.parametrize(
    ("points", "picks", "expected"),
    [
        (1, {1}, Decimal("0.33")),
        (1, {1, 2}, Decimal("0.66")),  # rounded down, not to the nearest
        (2, {1, 2}, Decimal("1.33")),
        (3, {1, 2}, Decimal("2.00")),
        (7, {1}, Decimal("2.33")),
        (1, {1, 2, 3}, Decimal("1.00")),
    ],
)
def test_points_are_rounded_down_to_the_cent(points, picks, expected):
    result = grade(choices(Kind.MULTIPLE, {1, 2, 3}, points=points), picks)

    assert result.points == expected
    assert str(result.points) == str(expected)  # always two decimal places


# Typed answers.


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("ＬＩＮＥ", "LINE"),  # noqa: RUF001 (full-width on purpose)
        (" line ", "LINE"),
        ("Line.", "LINE"),
        ("LINE!?", "line"),
        ("めいし", "メイシ"),  # hiragana and katakana
        ("ﾒｲｼ", "めいし"),  # half-width katakana
        ("既読。", "既読"),
        ("  kidoku   mark ", "Kidoku Mark"),
        ("kidoku\tmark", "kidoku mark"),
    ],
)
def test_typed_answers_match_despite_width_case_kana_spacing_and_final_punctuation(typed, accepted):
    assert normalize(typed) == normalize(accepted)
    assert grade(Spec(Kind.SHORT_TEXT, 1, (Option(1, accepted),)), typed).is_correct


def test_normalize_collapses_whitespace_and_keeps_inner_punctuation():
    assert normalize("  kidoku   mark ") == "kidoku mark"
    assert normalize("Twitter/X.") == "twitter/x"


@pytest.mark.parametrize("typed", ["LINER", "LIN E", "ラインズ", "L", "Ｌ"])  # noqa: RUF001
def test_other_words_do_not_match(typed):
    assert not grade(SHORT_TEXT, typed).is_correct


def test_any_accepted_answer_earns_full_points():
    assert grade(SHORT_TEXT, "らいん").is_correct


# Nonsense answers.


@pytest.mark.parametrize(
    ("kind", "answer"),
    [
        (Kind.SINGLE, 999),
        (Kind.SINGLE, -1),
        (Kind.TRUE_FALSE, 3),
        (Kind.MULTIPLE, {999, 998}),
        (Kind.MULTIPLE, [None, 999]),
        (Kind.SHORT_TEXT, "!!!"),
        (Kind.SHORT_TEXT, "\x00"),
        (Kind.ORDERING, [999, 998, 997, 996]),
        (Kind.ORDERING, [None]),
        (Kind.ORDERING, []),
        (Kind.MATCHING, {999: 1, 1: 999}),
        (Kind.MATCHING, {1: None, 2: 999}),
        (Kind.MATCHING, {}),
    ],
)
def test_unknown_ids_and_nonsense_score_nothing(kind, answer):
    assert grade(CASES[kind][0], answer) == Grade(credit=Fraction(0), points=Decimal("0.00"))


def test_an_unknown_kind_is_a_problem_and_cannot_be_graded():
    spec = Spec("essay", 1, (Option(1, "Anything"),))

    assert problems(spec) == ["'essay' is not a question kind."]
    with pytest.raises(ValueError, match="not a question kind"):
        grade(spec, 1)


# Questions an instructor must fix.


def pairs(*match_texts):
    return tuple(
        Option(i, f"Left {i}", match_text=text) for i, text in enumerate(match_texts, start=1)
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            choices(Kind.SINGLE, {1}, points=0),
            "A question must be worth at least 1 point.",
        ),
        (
            choices(Kind.SINGLE, {1, 2}),
            "A single-choice question needs exactly one correct option; it has 2.",
        ),
        (
            choices(Kind.SINGLE, set()),
            "A single-choice question needs exactly one correct option; it has none.",
        ),
        (
            choices(Kind.SINGLE, {1}, count=1),
            "A single-choice question needs at least 2 options; it has 1.",
        ),
        (
            choices(Kind.TRUE_FALSE, {1}, count=3),
            "A true-or-false question needs exactly 2 options; it has 3.",
        ),
        (
            choices(Kind.TRUE_FALSE, {1, 2}, count=2),
            "A true-or-false question needs exactly one correct option; it has 2.",
        ),
        (
            choices(Kind.MULTIPLE, set()),
            "A multiple-choice question needs at least one correct option; it has none.",
        ),
        (
            choices(Kind.MULTIPLE, {1}, count=1),
            "A multiple-choice question needs at least 2 options; it has 1.",
        ),
        (
            Spec(Kind.SHORT_TEXT, 1, (Option(1, "  "), Option(2, "。"), Option(3, ""))),
            "A short-text question needs at least one accepted answer that is not blank.",
        ),
        (
            Spec(Kind.SHORT_TEXT, 1, ()),
            "A short-text question needs at least one accepted answer that is not blank.",
        ),
        (
            choices(Kind.ORDERING, set(), count=1),
            "An ordering question needs at least 2 items; it has 1.",
        ),
        (
            Spec(Kind.MATCHING, 1, pairs("Messaging")),
            "A matching question needs at least 2 pairs; it has 1.",
        ),
        (
            Spec(Kind.MATCHING, 1, pairs("Messaging", " ")),
            "Every pair in a matching question needs a match text; 'Left 2' has none.",
        ),
        (
            Spec(Kind.MATCHING, 1, pairs("Messaging", "Blogging", "ＭＥＳＳＡＧＩＮＧ.")),  # noqa: RUF001
            "The right sides of a matching question must differ; 'Messaging' appears more "
            "than once.",
        ),
    ],
)
def test_a_question_that_cannot_be_graded_says_why(spec, message):
    assert problems(spec) == [message]


def test_every_problem_is_listed():
    assert problems(Spec(Kind.TRUE_FALSE, 0, ())) == [
        "A question must be worth at least 1 point.",
        "A true-or-false question needs exactly 2 options; it has 0.",
        "A true-or-false question needs exactly one correct option; it has none.",
    ]


@kinds
def test_a_well_made_question_has_no_problems(kind):
    assert problems(CASES[kind][0]) == []


def test_the_correct_answer_has_the_shape_of_a_learners_answer():
    short_text = Spec(
        Kind.SHORT_TEXT, 1, (Option(1, " 。"), Option(2, "LINE"), Option(3, "ライン"))
    )

    assert correct_answer(SINGLE) == 2
    assert correct_answer(TRUE_FALSE) == 1
    assert correct_answer(MULTIPLE) == frozenset({1, 3})
    assert correct_answer(short_text) == "LINE"  # the first accepted answer that is not blank
    assert correct_answer(ORDERING) == (10, 20, 30, 40)
    assert correct_answer(MATCHING) == {1: 1, 2: 2, 3: 3}


@kinds
def test_every_kind_has_a_short_rule_for_instructors(kind):
    assert 20 < len(RULES[kind]) < 250


# Properties over random well-made questions and random answers.

ids = st.integers(min_value=1, max_value=10**6)
texts = st.text(max_size=12)
non_blank_texts = st.text(min_size=1, max_size=12).filter(normalize)


@st.composite
def specs(draw, kind):
    """A random question of this kind that can be graded."""
    if kind == Kind.TRUE_FALSE:
        count = 2
    else:
        count = draw(st.integers(1 if kind == Kind.SHORT_TEXT else 2, 6))
    option_ids = draw(st.lists(ids, min_size=count, max_size=count, unique=True))
    option_texts = draw(st.lists(texts, min_size=count, max_size=count))
    flags = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    match_texts = draw(st.lists(texts, min_size=count, max_size=count))
    if kind in (Kind.SINGLE, Kind.TRUE_FALSE):
        correct = draw(st.integers(0, count - 1))
        flags = [i == correct for i in range(count)]
    elif kind == Kind.MULTIPLE:
        flags[draw(st.integers(0, count - 1))] = True
    elif kind == Kind.SHORT_TEXT:
        option_texts[draw(st.integers(0, count - 1))] = draw(non_blank_texts)
    elif kind == Kind.MATCHING:
        match_texts = draw(
            st.lists(non_blank_texts, min_size=count, max_size=count, unique_by=normalize)
        )
    options = tuple(map(Option, option_ids, option_texts, flags, match_texts))
    return Spec(kind, draw(st.integers(1, 100)), options)


def answers(spec):
    """Answers of the right shape: known ids, unknown ids, empty slots, in any combination."""
    known = [option.id for option in spec.options]
    an_id = st.sampled_from(known) | st.integers()
    slot = st.none() | an_id
    by_kind = {
        Kind.SINGLE: slot,
        Kind.TRUE_FALSE: slot,
        Kind.MULTIPLE: st.frozensets(an_id) | st.lists(slot),
        Kind.SHORT_TEXT: st.text() | st.sampled_from([option.text for option in spec.options]),
        Kind.ORDERING: st.lists(slot, max_size=len(known) + 2) | st.permutations(known),
        Kind.MATCHING: (
            st.dictionaries(an_id, slot)
            | st.permutations(known).map(lambda chosen: dict(zip(known, chosen, strict=True)))
        ),
    }
    return st.none() | by_kind[spec.kind]


@kinds
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_answer_earns_between_nothing_and_full_points(kind, data):
    spec = data.draw(specs(kind))
    answer = data.draw(answers(spec))

    result = grade(spec, answer)

    assert 0 <= result.credit <= 1
    assert 0 <= result.points <= spec.points
    assert (result.points == spec.points) == result.is_correct
    if is_blank(kind, answer):
        assert result.credit == 0


@kinds
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_correct_answer_of_a_well_made_question_earns_full_points(kind, data):
    spec = data.draw(specs(kind))
    answer = correct_answer(spec)

    result = grade(spec, answer)

    assert problems(spec) == []
    assert result.is_correct
    assert result.points == spec.points
    assert not is_blank(kind, answer)


def _folding_expands(char):
    compatible = unicodedata.normalize("NFKC", char)
    return len(compatible.casefold()) > len(compatible)


# One pass of NFKC and case folding is not always enough: a character whose folding expands
# (İ to i + dot above, ᾌ to ἄι) followed by combining marks may recompose differently.
# Plain st.text() almost never draws such a string, so draw some on purpose.
expanding_folds = [char for char in map(chr, range(0x10000)) if _folding_expands(char)]
folding_traps = st.lists(
    st.sampled_from(expanding_folds) | st.characters(categories=["Mn"]), max_size=5
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.text() | folding_traps)
@example("ᾌ\u0304")
@example("İ\u0e4b")
@example("a. .")
def test_normalize_is_idempotent_and_trimmed(text):
    once = normalize(text)

    assert normalize(once) == once
    assert once == once.strip()
