"""Who asks for what: the (session, URL) pairs behind each page's first and repeat views.

A *first view* is a session's first request for a URL in the run: a learner moving through a
course. A *repeat view* is a request for a pair the session has asked for before: every repeat
pair is visited once in a pass before its views are measured. Both are defined by what the client
has requested, never by what the site keeps, so the figures mean the same whatever it caches.

`plan` lays the pairs out; `Ledger` records what wrk actually sent and checks afterwards that the
definitions held: no first view was requested twice, every repeat view was visited first.
"""

import random
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

FIRST, WARM_UP, PASS, REPEAT = "first views", "warm-up", "repeat pass", "repeat views"


@dataclass(frozen=True)
class Learner:
    """Someone's sessions and the URLs of theirs that a page shows (their own attempts, the
    course's lessons, or one URL for everyone)."""

    sessions: Sequence
    urls: Sequence[str]


@dataclass(frozen=True)
class Plan:
    warm_up: list  # first views sent before measuring (the smoke test takes the first)
    first: list  # first views measured: pairs never requested before
    repeat: list  # pairs visited once in a pass, then requested over and over while measured


def visits(learners: Iterable[Learner], rng: random.Random) -> Iterator[tuple]:
    """Every (session, URL) pair of every learner, once each. A learner's first session goes
    through their URLs from a point of its own, then the next session does; learners take
    turns, in a shuffled order, so consecutive requests come from different people."""
    learners = [learner for learner in learners if learner.urls and learner.sessions]
    rng.shuffle(learners)
    walks = [_walk(learner, rng.randrange(len(learner.urls))) for learner in learners]
    while walks:
        still_going = []
        for walk in walks:
            pair = next(walk, None)
            if pair is not None:
                yield pair
                still_going.append(walk)
        walks = still_going


def _walk(learner: Learner, start: int) -> Iterator[tuple]:
    urls = learner.urls
    for session in learner.sessions:
        for n in range(len(urls)):
            yield session, urls[(start + n) % len(urls)]


def plan(
    first: Iterable[Learner],
    repeat: Iterable[Learner],
    *,
    warm_up: int,
    measured: int,
    repeat_pairs: int,
    seed: int = 5,
) -> Plan:
    """`warm_up` + `measured` first views from the `first` learners' sessions, and up to
    `repeat_pairs` repeat pairs from the `repeat` learners' (other) sessions. Raises ValueError
    when there are too few first views: a pair would have to be sent twice."""
    rng = random.Random(seed)
    firsts = list(islice(visits(first, rng), warm_up + measured))
    if len(firsts) < warm_up + measured:
        raise ValueError(
            f"only {len(firsts)} (session, URL) pairs for {warm_up + measured} first views: "
            "make more sessions per learner"
        )
    repeats = list(islice(visits(repeat, rng), repeat_pairs))
    return Plan(warm_up=firsts[:warm_up], first=firsts[warm_up:], repeat=repeats)


def handed_out(lines: Sequence[str], sent: int) -> list[str]:
    """The lines wrk sent, in order, when it handed out `sent` of them (rotating, if more)."""
    return [lines[n % len(lines)] for n in range(sent)] if lines else []


def pair_of(line: str) -> tuple[str, str, str]:
    """A request line's pair: its method, path and cookie (the session), without the body."""
    method, path, cookie, _ = line.split("\t", 3)
    return method, path, cookie


class Ledger:
    """Every request line sent for each page, by phase, to check the definitions afterwards."""

    def __init__(self):
        self.sent: dict[str, dict[str, list]] = {}

    def record(self, page: str, phase: str, lines: Iterable[str]) -> None:
        phases = self.sent.setdefault(page, {})
        phases.setdefault(phase, []).extend(pair_of(line) for line in lines)

    def problems(self) -> list[str]:
        """What broke the definitions, in words; [] when none did."""
        found = []
        for page, phases in self.sent.items():
            found += [f"{page}: {problem}" for problem in _first_view_problems(phases)]
            found += [f"{page}: {problem}" for problem in _repeat_view_problems(phases)]
        return found


def _first_view_problems(phases: dict[str, list]) -> list[str]:
    first = phases.get(FIRST, [])
    twice = [pair for pair, n in Counter(first).items() if n > 1]
    others = {pair for phase, pairs in phases.items() if phase != FIRST for pair in pairs}
    seen_elsewhere = others.intersection(first)
    problems = []
    if twice:
        problems.append(f"{len(twice)} first-view pairs were requested more than once")
    if seen_elsewhere:
        problems.append(f"{len(seen_elsewhere)} first-view pairs were requested in another phase")
    return problems


def _repeat_view_problems(phases: dict[str, list]) -> list[str]:
    visited = Counter(phases.get(PASS, []))
    problems = []
    unvisited = set(phases.get(REPEAT, [])) - visited.keys()
    if unvisited:
        problems.append(f"{len(unvisited)} repeat-view pairs were not visited in the pass")
    if any(n > 1 for n in visited.values()):
        problems.append("the pass visited some pairs more than once")
    return problems
