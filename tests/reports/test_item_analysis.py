"""The quiz statistics' arithmetic, against a small data set worked out by hand (the comments show
the working) and, for correlations, against the standard library's own `statistics.correlation`
and `statistics.covariance`, never against the module under test."""

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jsnlearn.reports.item_analysis import (
    FEW_ATTEMPTS,
    Item,
    Sitting,
    analyse,
    letter,
)

# Three questions: Q1 single choice worth 1 (options 11 right, 12, 13), Q2 worth 2 (partial
# credit), Q3 single choice worth 1 (options 31, 32 right). Six attempts:
#          Q1        Q2   Q3        total  rest of Q1
#   A      1 (11)    2    1 (32)    4      3
#   B      1 (11)    2    0 (31)    3      2
#   C      1 (11)    1    1 (32)    3      2
#   D      0 (12)    1    0 (31)    1      1
#   E      0 (13)    0    1 (32)    1      1
#   F      0 (12)    0    0 (31)    0      0
ITEMS = [
    Item(key=1, max_points=1, options=(11, 12, 13), correct=frozenset({11})),
    Item(key=2, max_points=2),
    Item(key=3, max_points=1, options=(31, 32), correct=frozenset({32})),
]
ROWS = [
    ((1, 2, 1), (11, 32)),
    ((1, 2, 0), (11, 31)),
    ((1, 1, 1), (11, 32)),
    ((0, 1, 0), (12, 31)),
    ((0, 0, 1), (13, 32)),
    ((0, 0, 0), (12, 31)),
]
SITTINGS = [
    Sitting(scores=scores, picks=(frozenset({q1}), frozenset(), frozenset({q3})))
    for scores, (q1, q3) in ROWS
]
TOTALS = [4, 3, 3, 1, 1, 0]


@pytest.fixture(scope="module")
def figures():
    return analyse(ITEMS, SITTINGS)


def test_the_quiz_figures_are_those_worked_out_by_hand(figures):
    assert figures.attempts == 6
    assert figures.questions == 3
    # Totals sum to 12 over 6 attempts: a mean of 2 of 4 points.
    assert figures.mean == pytest.approx(50)
    # Sorted 0 1 1 3 3 4: the middle two are 1 and 3, so 2 of 4.
    assert figures.median == pytest.approx(50)
    # Deviations from 2: 2 1 1 -1 -1 -2, squares sum to 12, over N - 1 = 5: variance 2.4.
    assert figures.sd == pytest.approx(100 * math.sqrt(2.4) / 4)
    # Item variances (over N - 1): Q1 6 x 0.25 / 5 = 0.3, Q2 4 x 1 / 5 = 0.8, Q3 0.3.
    # alpha = 3/2 x (1 - 1.4 / 2.4) = 0.625.
    assert figures.alpha == pytest.approx(0.625)
    # SEM = SD x sqrt(1 - 0.625), as a percent of 4 points.
    assert figures.sem == pytest.approx(100 * math.sqrt(2.4) * math.sqrt(0.375) / 4)


def test_facility_and_spread_per_question(figures):
    q1, q2, q3 = figures.items
    # Q1: 3 of 6 points; Q2: 6 of 12; Q3: 3 of 6.
    assert [item.facility for item in figures.items] == pytest.approx([50, 50, 50])
    assert q1.sd == pytest.approx(100 * math.sqrt(0.3))
    assert q2.sd == pytest.approx(100 * math.sqrt(0.8) / 2)
    assert q3.sd == pytest.approx(100 * math.sqrt(0.3))


def test_discrimination_is_the_correlation_with_the_rest_of_the_quiz(figures):
    # Q1 against the rest 3 2 2 1 1 0: deviations 1/2 x (1.5 .5 .5) and -1/2 x (-.5 -.5 -1.5)
    # give Sxy = 2.5, Sxx = 1.5, Syy = 5.5, so r = 2.5 / sqrt(8.25).
    assert figures.items[0].discrimination == pytest.approx(100 * 2.5 / math.sqrt(8.25))
    for j, item in enumerate(figures.items):
        scores = [row[0][j] for row in ROWS]
        rest = [total - score for total, score in zip(TOTALS, scores, strict=True)]
        assert item.discrimination == pytest.approx(100 * statistics.correlation(scores, rest))


def test_discriminative_efficiency_divides_by_the_covariance_of_the_sorted_lists(figures):
    for j, item in enumerate(figures.items):
        scores = [row[0][j] for row in ROWS]
        rest = [total - score for total, score in zip(TOTALS, scores, strict=True)]
        most = statistics.covariance(sorted(scores), sorted(rest))
        assert item.efficiency == pytest.approx(100 * statistics.covariance(scores, rest) / most)
    # Q1's scores and rest already rise together: it discriminates as well as they allow.
    assert figures.items[0].efficiency == pytest.approx(100)


def test_each_option_is_counted_and_correlated_with_the_rest(figures):
    q1 = figures.items[0]
    assert [(o.option, o.picked, o.correct) for o in q1.options] == [
        (11, 3, True),
        (12, 2, False),
        (13, 1, False),
    ]
    rest = [3, 2, 2, 1, 1, 0]
    # Option 12 (picked by D and F): Sxy = -2, Sxx = 4/3, Syy = 5.5 by hand.
    assert q1.options[1].point_biserial == pytest.approx(-200 / math.sqrt(4 / 3 * 5.5))
    for option in q1.options:
        picked = [1 if row[1][0] == option.option else 0 for row in ROWS]
        assert option.point_biserial == pytest.approx(100 * statistics.correlation(picked, rest))
    assert q1.options[0].picked_percent == pytest.approx(50)


def test_a_question_of_middling_difficulty_that_discriminates_raises_no_flag(figures):
    assert figures.items[0].flags == []


def _one_question_with_a_filler(first_scores, first_picks=None, options=()):
    """Item 1 as given, item 2 a filler worth 100 scored 0, 1, 2... so the rest of the quiz
    ranks the attempts: the last attempts are the strongest."""
    picks = first_picks or [frozenset()] * len(first_scores)
    items = [
        Item(
            key=1, max_points=1, options=options, correct=frozenset({1}) if options else frozenset()
        ),
        Item(key=2, max_points=100),
    ]
    sittings = [
        Sitting(scores=(score, float(n)), picks=(pick, frozenset()))
        for n, (score, pick) in enumerate(zip(first_scores, picks, strict=True))
    ]
    return analyse(items, sittings)


def test_strong_learners_picking_a_distractor_over_the_key_ask_to_check_the_key():
    # Ten attempts; the strongest 27% by the rest (ceil 2.7 = 3: the last three) pick option 2,
    # scoring 0 on item 1; the other seven pick the key, option 1.
    picks = [frozenset({1})] * 7 + [frozenset({2})] * 3
    figures = _one_question_with_a_filler([1] * 7 + [0] * 3, picks, options=(1, 2))
    item = figures.items[0]
    assert [(o.option, o.upper_picks, o.check_key) for o in item.options] == [
        (1, 0, False),
        (2, 3, True),
    ]
    assert "Strong learners pick option B more than the key: check the key." in item.flags
    assert item.discrimination < 0
    assert any(
        flag.startswith("Does not discriminate: learners who do well") for flag in item.flags
    )


def test_a_key_the_strong_learners_pick_raises_no_key_flag():
    picks = [frozenset({2})] * 7 + [frozenset({1})] * 3
    item = _one_question_with_a_filler([0] * 7 + [1] * 3, picks, options=(1, 2)).items[0]
    assert not any(option.check_key for option in item.options)
    assert not any("check the key" in flag for flag in item.flags)


def test_too_easy_above_90_percent_and_too_hard_below_20():
    easy = _one_question_with_a_filler([0] + [1] * 19).items[0]  # 19 of 20: 95%
    assert easy.facility == pytest.approx(95)
    assert "Too easy: learners earned 95% of its points." in easy.flags
    hard = _one_question_with_a_filler([0] * 9 + [1]).items[0]  # 1 of 10
    assert "Too hard: learners earned 10% of its points." in hard.flags
    middling = _one_question_with_a_filler([0] * 5 + [1] * 5).items[0]
    assert not any(flag.startswith("Too") for flag in middling.flags)


def test_the_boundaries_of_easy_and_hard_are_not_flagged():
    at_90 = _one_question_with_a_filler([0] + [1] * 9).items[0]  # exactly 90%
    at_20 = _one_question_with_a_filler([0] * 8 + [1] * 2).items[0]  # exactly 20%
    assert not any(flag.startswith("Too") for flag in at_90.flags + at_20.flags)


def test_a_question_everyone_scores_alike_does_not_discriminate():
    item = _one_question_with_a_filler([1] * 10).items[0]
    assert item.discrimination is None
    assert item.efficiency is None
    assert "Does not discriminate: every attempt scored it, or the rest, the same." in item.flags


def test_a_weak_correlation_is_flagged_below_20_percent():
    # Item scores 1 0 0 1 0 1 0 1 1 0 against a rest 0..9: r is small and positive.
    scores = [1, 0, 0, 1, 0, 1, 0, 1, 1, 0]
    item = _one_question_with_a_filler(scores).items[0]
    expected = 100 * statistics.correlation(scores, list(range(10)))
    assert 0 < expected < 20
    assert item.discrimination == pytest.approx(expected)
    assert any("strong and weak learners score about the same" in flag for flag in item.flags)


def test_fewer_attempts_than_the_threshold_are_marked_unreliable():
    assert FEW_ATTEMPTS == 30
    assert _one_question_with_a_filler([0, 1] * 14 + [1]).few  # 29
    assert not _one_question_with_a_filler([0, 1] * 15).few  # 30


def test_no_spread_in_the_totals_gives_no_alpha_nor_standard_error():
    figures = analyse(ITEMS, [SITTINGS[0]] * 4)
    assert figures.sd == 0
    assert figures.alpha is None
    assert figures.sem is None


def test_one_attempt_or_none_gives_no_spread_and_no_error():
    one = analyse(ITEMS, SITTINGS[:1])
    assert one.mean == pytest.approx(100)
    assert one.sd is None
    assert one.alpha is None
    none = analyse(ITEMS, [])
    assert none.attempts == 0
    assert none.mean is None


def test_options_are_lettered_by_place():
    assert [letter(n) for n in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 1), st.integers(0, 2), st.integers(0, 3)), min_size=2, max_size=40
    )
)
def test_figures_stay_within_their_bounds_whatever_the_scores(rows):
    items = [Item(key=1, max_points=1), Item(key=2, max_points=2), Item(key=3, max_points=3)]
    figures = analyse(items, [Sitting(scores=tuple(map(float, row))) for row in rows])

    assert 0 <= figures.mean <= 100
    if figures.alpha is not None:
        assert figures.alpha <= 1 + 1e-9
    for item in figures.items:
        assert 0 <= item.facility <= 100
        if item.discrimination is not None:
            assert -100 - 1e-9 <= item.discrimination <= 100 + 1e-9
        if item.efficiency is not None:
            # The sorted lists' covariance is the largest any pairing allows (rearrangement).
            assert item.efficiency <= 100 + 1e-9
