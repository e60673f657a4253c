"""The pairs behind first and repeat views: laid out so that no first view repeats a pair, and
checked afterwards from what was actually sent."""

import random
from itertools import pairwise

import pytest

from jsnlearn.loadtest.visits import (
    FIRST,
    PASS,
    REPEAT,
    WARM_UP,
    Learner,
    Ledger,
    handed_out,
    plan,
    visits,
)

LESSONS = [f"/lesson/{n}/" for n in range(1, 8)]


def learners(count: int, sessions: int, urls=lambda n: LESSONS, kind: str = "s"):
    """`count` learners with `sessions` sessions each, named like "s3.1" (learner 3's second)."""
    return [Learner([f"{kind}{n}.{s}" for s in range(sessions)], urls(n)) for n in range(count)]


def small_plan(**sizes):
    sizes = {"warm_up": 20, "measured": 200, "repeat_pairs": 30, **sizes}
    return plan(learners(12, 4), learners(12, 1, kind="r"), **sizes)


def test_no_first_view_repeats_a_pair_and_the_warm_up_takes_others():
    laid_out = small_plan()

    firsts = laid_out.warm_up + laid_out.first

    assert len(laid_out.warm_up) == 20
    assert len(laid_out.first) == 200
    assert len(set(firsts)) == len(firsts)


def test_repeat_pairs_are_their_own_sessions_and_never_a_first_view():
    laid_out = small_plan()

    assert len(laid_out.repeat) == 30
    assert len(set(laid_out.repeat)) == 30
    assert all(session.startswith("r") for session, _ in laid_out.repeat)
    assert not set(laid_out.repeat) & set(laid_out.warm_up + laid_out.first)


def test_a_learners_session_goes_through_their_own_urls_only():
    own = {n: [f"/attempts/{n}-{k}/" for k in range(3)] for n in range(5)}
    laid_out = plan(
        learners(5, 3, urls=own.get),
        learners(5, 1, urls=own.get, kind="r"),
        warm_up=5,
        measured=30,
        repeat_pairs=10,
    )

    for session, url in laid_out.warm_up + laid_out.first + laid_out.repeat:
        learner = int(session[1:].split(".")[0])
        assert url in own[learner]


def test_consecutive_first_views_come_from_different_learners():
    laid_out = small_plan()

    owners = [session.split(".")[0] for session, _ in laid_out.first]

    assert all(a != b for a, b in pairwise(owners))


def test_learners_without_urls_are_left_out():
    none_for_odd = learners(6, 2, urls=lambda n: [] if n % 2 else ["/result/"])

    pairs = list(visits(none_for_odd, random.Random(1)))  # noqa: S311

    assert len(pairs) == 6
    assert {session.split(".")[0] for session, _ in pairs} == {"s0", "s2", "s4"}


def test_too_few_pairs_for_the_first_views_is_an_error():
    with pytest.raises(ValueError, match="more sessions per learner"):
        plan(learners(2, 2), [], warm_up=10, measured=20, repeat_pairs=5)


def lines(pairs, method="GET"):
    return [f"{method}\t{url}\tsessionid={session}\t" for session, url in pairs]


def run_as_the_bench_does(ledger, laid_out, *, first_sent, repeat_sent):
    """What the bench records: the smoke test and warm-up, the first views wrk handed out,
    the pass over every repeat pair, then the repeat views handed out (rotating)."""
    warm_up, first, repeat = (lines(p) for p in (laid_out.warm_up, laid_out.first, laid_out.repeat))
    ledger.record("lesson", WARM_UP, warm_up)
    ledger.record("lesson", FIRST, handed_out(first, first_sent))
    ledger.record("lesson", PASS, repeat)
    ledger.record("lesson", REPEAT, handed_out(repeat, repeat_sent))


def test_a_run_within_its_pairs_keeps_both_definitions():
    ledger = Ledger()

    run_as_the_bench_does(ledger, small_plan(), first_sent=200, repeat_sent=95)

    assert ledger.problems() == []


def test_first_views_sent_past_their_pairs_are_found_repeated():
    ledger = Ledger()

    run_as_the_bench_does(ledger, small_plan(), first_sent=230, repeat_sent=95)

    assert ledger.problems() == ["lesson: 30 first-view pairs were requested more than once"]


def test_a_first_view_requested_in_the_warm_up_is_found():
    laid_out = small_plan()
    ledger = Ledger()
    run_as_the_bench_does(ledger, laid_out, first_sent=10, repeat_sent=10)

    ledger.record("lesson", WARM_UP, lines(laid_out.first[3:5]))

    assert ledger.problems() == ["lesson: 2 first-view pairs were requested in another phase"]


def test_a_repeat_view_the_pass_did_not_visit_is_found():
    laid_out = small_plan()
    ledger = Ledger()
    ledger.record("quiz result", PASS, lines(laid_out.repeat[1:]))

    ledger.record("quiz result", REPEAT, handed_out(lines(laid_out.repeat), 60))

    assert ledger.problems() == ["quiz result: 1 repeat-view pairs were not visited in the pass"]


def test_handed_out_lines_rotate_past_the_end():
    assert handed_out(["a", "b", "c"], 2) == ["a", "b"]
    assert handed_out(["a", "b", "c"], 5) == ["a", "b", "c", "a", "b"]
    assert handed_out([], 3) == []
