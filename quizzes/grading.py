"""How quiz answers are scored. Pure functions: no database access.

A question is a `Spec`: its kind, what it is worth, and its options in authored order.
`grade(spec, answer)` returns the share of the points earned (a Fraction) and the points
themselves, rounded down to the cent so a learner never gets more than they earned.

- Single choice, true or false: all or nothing.
- Multiple choice: the exact set of correct options earns full points; otherwise each right
  pick earns a share and each wrong pick takes one back, never below zero.
- Short text: every option is an accepted answer, compared after `normalize()`.
- Ordering: the share of slots holding the right item.
- Matching: the share of pairs matched correctly.

A blank answer, and any id the question does not have, simply scores nothing: grading never
raises for an answer of the right shape. `problems(spec)` says why a question cannot be graded.
"""

import math
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import models


class Kind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice (select all that apply)"
    TRUE_FALSE = "true_false", "True or false"
    SHORT_TEXT = "short_text", "Short text"
    ORDERING = "ordering", "Ordering"
    MATCHING = "matching", "Matching"


KINDS = frozenset(Kind.values)  # Kind.values makes a new list at every use


RULES: dict[str, str] = {
    Kind.SINGLE: (
        "Learners pick one option. Mark exactly one option as correct: "
        "choosing it earns full points, any other choice earns none."
    ),
    Kind.MULTIPLE: (
        "Learners tick every option that applies; mark one or more as correct. The exact set "
        "earns full points; otherwise each right tick earns a share and each wrong tick takes "
        "one back, never below zero."
    ),
    Kind.TRUE_FALSE: (
        "Give exactly two options (such as True and False) and mark one as correct. "
        "Choosing it earns full points, the other earns none."
    ),
    Kind.SHORT_TEXT: (
        "Learners type their answer. Every option is an accepted answer (the correct box is "
        "ignored). Case, full-width letters, hiragana/katakana, extra spaces and final "
        "punctuation do not matter. A match earns full points."
    ),
    Kind.ORDERING: (
        "Enter the items in the correct order; learners see them shuffled and put them back "
        "in order. Each item in its right place earns an equal share of the points."
    ),
    Kind.MATCHING: (
        "Each option is a pair: its text on the left, its match text on the right. Learners "
        "match every left item to a right one; each correct pair earns an equal share of the "
        "points."
    ),
}


@dataclass(frozen=True)
class Option:
    id: int
    text: str
    is_correct: bool = False
    match_text: str = ""


@dataclass(frozen=True)
class Spec:
    kind: str  # a Kind value
    points: int  # >= 1
    options: tuple[Option, ...]  # in authored order; for ORDERING this order IS the correct order


@dataclass(frozen=True)
class Grade:
    credit: Fraction  # share of the points earned, 0..1
    points: Decimal  # credit * spec.points rounded down to the cent

    @property
    def is_correct(self) -> bool:
        return self.credit == 1


def grade(spec: Spec, answer) -> Grade:
    """Score an answer shaped as its kind expects (see `is_blank`); None scores nothing."""
    credit = Fraction(0) if answer is None else _SCORERS[_kind(spec.kind)](spec, answer)
    return Grade(credit=credit, points=_points(credit, spec.points))


def is_blank(kind: str, answer) -> bool:
    """Whether the learner left the question unanswered.

    Answer shapes: SINGLE and TRUE_FALSE an option id; MULTIPLE a collection of option ids;
    SHORT_TEXT a string; ORDERING one option id (or None) per slot, first slot first;
    MATCHING a mapping {left option id: chosen option id or None}. None is blank for any kind.
    """
    if answer is None:
        return True
    match _kind(kind):
        case Kind.SINGLE | Kind.TRUE_FALSE:
            return False
        case Kind.MULTIPLE:
            return not frozenset(answer)
        case Kind.SHORT_TEXT:
            return not normalize(answer)
        case Kind.ORDERING:
            return all(slot is None for slot in answer)
        case Kind.MATCHING:
            return all(choice is None for choice in answer.values())


def normalize(text: str) -> str:
    """Fold the differences a typed answer should not be judged on.

    Full-width to half-width and compatibility forms (NFKC), case, hiragana to katakana,
    surrounding and repeated whitespace, and punctuation at the end: "LINE" typed in full-width
    letters, " line " and "Line." all become "line", and "めいし" becomes "メイシ".
    """
    # One pass is not always idempotent: casefold can leave text that NFKC recomposes or
    # reorders (e.g. "İ" followed by a combining mark), so repeat until nothing changes.
    # Two passes settle every case seen; the bound only guards against a surprise.
    for _ in range(8):
        folded = _fold(text)
        if folded == text:
            break
        text = folded
    return text


def problems(spec: Spec) -> list[str]:
    """Why this question cannot be graded, in words for its instructor; [] when it can."""
    found = [] if spec.points >= 1 else ["A question must be worth at least 1 point."]
    if spec.kind not in KINDS:
        return [*found, f"{spec.kind!r} is not a question kind."]
    return found + _CHECKS[spec.kind](spec.options)


def correct_answer(spec: Spec):
    """The answer that earns full points, shaped like a learner's answer of its kind.

    Only meaningful when problems(spec) is empty (SINGLE and TRUE_FALSE give None when no
    option is marked correct, SHORT_TEXT None when it has no accepted answer).
    """
    options = spec.options
    match _kind(spec.kind):
        case Kind.SINGLE | Kind.TRUE_FALSE:
            return next((option.id for option in options if option.is_correct), None)
        case Kind.MULTIPLE:
            return frozenset(option.id for option in options if option.is_correct)
        case Kind.SHORT_TEXT:
            return next(iter(_accepted(options)), None)
        case Kind.ORDERING:
            return tuple(option.id for option in options)
        case Kind.MATCHING:
            return {option.id: option.id for option in options}


# Scoring: each returns the credit earned by an answer that is not None.


def _score_choice(spec: Spec, answer) -> Fraction:
    # Compare rather than look up: an unexpected value is a wrong pick, never an error.
    return Fraction(any(option.is_correct and option.id == answer for option in spec.options))


def _score_multiple(spec: Spec, answer) -> Fraction:
    picks = frozenset(answer)
    correct = {option.id for option in spec.options if option.is_correct}
    if not correct:
        return Fraction(0)
    right = len(picks & correct)
    wrong = len(picks - correct)
    # The exact set gives right == len(correct) and wrong == 0, hence full credit.
    return Fraction(max(0, right - wrong), len(correct))


def _score_short_text(spec: Spec, answer) -> Fraction:
    accepted = {normalize(text) for text in _accepted(spec.options)}  # never blank
    return Fraction(normalize(answer) in accepted)


def _score_ordering(spec: Spec, answer) -> Fraction:
    # Stop at the shorter: missing slots count as wrong, extra slots are ignored.
    slots = zip(answer, spec.options, strict=False)
    return _share(spec.options, [slot == option.id for slot, option in slots])


def _score_matching(spec: Spec, answer) -> Fraction:
    return _share(spec.options, [answer.get(option.id) == option.id for option in spec.options])


_SCORERS: dict[str, Callable[[Spec, object], Fraction]] = {
    Kind.SINGLE: _score_choice,
    Kind.TRUE_FALSE: _score_choice,
    Kind.MULTIPLE: _score_multiple,
    Kind.SHORT_TEXT: _score_short_text,
    Kind.ORDERING: _score_ordering,
    Kind.MATCHING: _score_matching,
}


# Checks: each returns the problems with a kind's options.


def _check_single(options) -> list[str]:
    question = "A single-choice question"
    return _at_least(2, options, question, "options") + _one_correct(options, question)


def _check_true_false(options) -> list[str]:
    found = []
    if len(options) != 2:
        found.append(f"A true-or-false question needs exactly 2 options; it has {len(options)}.")
    return found + _one_correct(options, "A true-or-false question")


def _check_multiple(options) -> list[str]:
    found = _at_least(2, options, "A multiple-choice question", "options")
    if not any(option.is_correct for option in options):
        found.append("A multiple-choice question needs at least one correct option; it has none.")
    return found


def _check_short_text(options) -> list[str]:
    if _accepted(options):
        return []
    return ["A short-text question needs at least one accepted answer that is not blank."]


def _check_ordering(options) -> list[str]:
    return _at_least(2, options, "An ordering question", "items")


def _check_matching(options) -> list[str]:
    found = _at_least(2, options, "A matching question", "pairs")
    sides = Counter(normalize(option.match_text) for option in options)
    reported = set()
    for option in options:
        side = normalize(option.match_text)
        if not side:
            found.append(
                f"Every pair in a matching question needs a match text; {option.text!r} has none."
            )
        elif sides[side] > 1 and side not in reported:
            # Two equal right sides would leave the learner guessing which one is meant.
            reported.add(side)
            found.append(
                f"The right sides of a matching question must differ; {option.match_text!r} "
                "appears more than once."
            )
    return found


_CHECKS: dict[str, Callable[[tuple[Option, ...]], list[str]]] = {
    Kind.SINGLE: _check_single,
    Kind.TRUE_FALSE: _check_true_false,
    Kind.MULTIPLE: _check_multiple,
    Kind.SHORT_TEXT: _check_short_text,
    Kind.ORDERING: _check_ordering,
    Kind.MATCHING: _check_matching,
}


# Helpers.


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not a question kind.")
    return kind


def _points(credit: Fraction, points: int) -> Decimal:
    # Floor in exact arithmetic: dividing in Decimal first would round 0.00999… up to 0.01.
    cents = math.floor(credit * points * 100)
    return Decimal(cents).scaleb(-2)  # cents / 100, exactly, with two decimal places


def _share(options, hits: list[bool]) -> Fraction:
    return Fraction(sum(hits), len(options)) if options else Fraction(0)


def _accepted(options) -> list[str]:
    """Short-text answers worth accepting: the option texts that are not blank."""
    return [option.text for option in options if normalize(option.text)]


def _one_correct(options, question: str) -> list[str]:
    correct = sum(option.is_correct for option in options)
    if correct == 1:
        return []
    return [f"{question} needs exactly one correct option; it has {correct or 'none'}."]


def _at_least(minimum: int, options, question: str, things: str) -> list[str]:
    if len(options) >= minimum:
        return []
    return [f"{question} needs at least {minimum} {things}; it has {len(options)}."]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(_katakana(char) for char in text)
    text = " ".join(text.split())
    while text and (text[-1] == " " or unicodedata.category(text[-1]).startswith("P")):
        text = text[:-1]
    return text


def _katakana(char: str) -> str:
    # Hiragana ぁ..ゖ sit exactly 0x60 below their katakana ァ..ヶ.
    return chr(ord(char) + 0x60) if "\u3041" <= char <= "\u3096" else char
