"""An attempt's question paper: what it shows in which order, and how its form reads back.

The layout is fixed when the attempt starts (shuffled as the quiz says) and stored on it, so a
reload shows the same paper. Options go into the form as tokens derived from the attempt and
the option, never as database ids: ids follow the authored order, which for ordering and
matching questions is the answer itself. A token from another question, quiz or attempt is
refused like any other forged value.
"""

import functools
import hashlib
import hmac
import random
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import cached_property

from jsnlearn.versions import KeptInMemory
from quizzes import grading
from quizzes.grading import Kind

MAX_TEXT_ANSWER = 200  # characters; a short-text answer is a word or a phrase
FORM_FIELDS = {"csrfmiddlewaretoken", "confirm_blanks", "save"}  # posted besides the answers

_random = secrets.SystemRandom()


_questions = KeptInMemory(size=128)  # by quiz and its course's content version


def questions_of(quiz) -> list:
    """`quiz`'s questions in order with their choices, read once per content version of its
    course (as read with the quiz: `quiz.module.course`) and shared by every paper (never
    change them)."""
    version = quiz.module.course.content_version
    return _questions.get(
        (quiz.pk, version), lambda: list(quiz.questions.prefetch_related("choices"))
    )


class InvalidAnswers(Exception):
    """The posted form is not one this paper could have produced."""


def _shuffled(ids: list[int], rng: random.Random) -> list[int]:
    shuffled = list(ids)
    rng.shuffle(shuffled)
    return shuffled


def make_layout(quiz, questions, *, rng: random.Random | None = None) -> dict:
    """A new attempt's paper: `questions` (choices prefetched) in order, shuffled as `quiz` says.

    Ordering items and matching right sides are always shuffled, every arrangement as likely
    as any other, the answer's own included: an arrangement the shuffle avoided would tell the
    learner it is wrong (two items would always come reversed). `rng` is a seeded source for
    tests; papers are drawn from the system's.
    """
    rng = _random if rng is None else rng
    order = [question.pk for question in questions]
    if quiz.shuffle_questions:
        rng.shuffle(order)
    options, targets = {}, {}
    for question in questions:
        if question.kind == Kind.SHORT_TEXT:
            continue
        ids = [choice.pk for choice in question.choice_list]
        shuffles = quiz.shuffle_choices and question.kind != Kind.TRUE_FALSE
        if question.kind == Kind.ORDERING or shuffles:
            ids = _shuffled(ids, rng)
        options[str(question.pk)] = ids
        if question.kind == Kind.MATCHING:
            targets[str(question.pk)] = _shuffled(ids, rng)
    return {"questions": order, "options": options, "targets": targets}


class OptionTokens:
    """What names each option in one attempt's form: an HMAC of "<attempt id>:<option id>",
    never the option's database id. The attempt's part is hashed once for all its options."""

    def __init__(self, attempt_id):
        message = f"{attempt_id}:".encode()
        self._mac = hmac.new(_token_key(settings.SECRET_KEY), message, hashlib.sha1)

    def __call__(self, choice_id) -> str:
        mac = self._mac.copy()
        mac.update(str(choice_id).encode())
        return mac.hexdigest()[:16]


@dataclass
class ShownOption:
    choice: object  # a Choice
    tokens: OptionTokens  # of the attempt it is shown in
    selected: bool = False  # for choice questions: the learner picked it

    @cached_property
    def token(self) -> str:
        """What names the option in the form (made only when asked: a result page needs
        none)."""
        return self.tokens(self.choice.pk)


@functools.cache
def _token_key(secret: str) -> bytes:
    """The key of options' tokens, as Django's `salted_hmac("quizzes.paper", ...)` derives it
    from the secret key (the same tokens), worked out once rather than for every option."""
    # HMAC-SHA1, as salted_hmac: its strength does not rest on collisions, which SHA-1 lost.
    return hashlib.sha1(b"quizzes.paper" + secret.encode()).digest()  # noqa: S324


@dataclass
class Slot:
    """One answer box of an ordering question (its place in the order) or a matching question
    (one left item)."""

    name: str
    label: str
    expected: ShownOption  # what belongs here (only a result may show it)
    left: ShownOption | None = None  # matching: the item to pair
    chosen: ShownOption | None = None  # what the learner put here

    @property
    def is_right(self) -> bool:
        return self.chosen is not None and self.chosen.choice.pk == self.expected.choice.pk


@dataclass
class ShownQuestion:
    number: int
    question: object  # a Question, its choices prefetched
    options: list[ShownOption]  # in the order shown
    targets: list[ShownOption] = field(default_factory=list)  # matching: the right sides
    slots: list[Slot] = field(default_factory=list)
    answer: object = None  # in grading's shape, once filled

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def name(self) -> str:
        return f"q{self.question.pk}"

    @property
    def field_names(self) -> set[str]:
        return {slot.name for slot in self.slots} if self.slots else {self.name}

    @property
    def text(self) -> str:
        """Short text: what the learner typed."""
        return self.answer or ""

    @property
    def is_blank(self) -> bool:
        return grading.is_blank(self.kind, self.answer)


class Paper:
    """The questions `attempt` shows, in its layout's order; `questions` are the quiz's, with
    their choices prefetched. Questions or options added since the attempt began are left out;
    removed ones are skipped."""

    def __init__(self, attempt, questions):
        self.attempt = attempt
        self.tokens = OptionTokens(attempt.pk)
        by_id = {question.pk: question for question in questions}
        layout = attempt.layout
        shown = [by_id[pk] for pk in layout["questions"] if pk in by_id]
        self.questions = [
            self._show(number, question, layout) for number, question in enumerate(shown, start=1)
        ]

    def _show(self, number, question, layout) -> ShownQuestion:
        choices = {choice.pk: choice for choice in question.choice_list}

        def shown(key):
            ids = layout[key].get(str(question.pk), [])
            return [ShownOption(choices[pk], self.tokens) for pk in ids if pk in choices]

        shown_question = ShownQuestion(number, question, shown("options"), shown("targets"))
        name = shown_question.name
        if question.kind == Kind.ORDERING:
            # The authored order is the answer.
            by_id = {option.choice.pk: option for option in shown_question.options}
            in_order = [by_id[pk] for pk in choices if pk in by_id]
            shown_question.slots = [
                Slot(f"{name}-{place}", f"Place {place}", expected=option)
                for place, option in enumerate(in_order, start=1)
            ]
        elif question.kind == Kind.MATCHING:
            targets = {target.choice.pk: target for target in shown_question.targets}
            shown_question.slots = [
                Slot(
                    f"{name}-{place}", left.choice.text, expected=targets[left.choice.pk], left=left
                )
                for place, left in enumerate(shown_question.options, start=1)
                if left.choice.pk in targets
            ]
        return shown_question

    @property
    def field_names(self) -> set[str]:
        return set().union(*(question.field_names for question in self.questions))

    @property
    def max_score(self) -> int:
        return sum(question.question.points for question in self.questions)

    def read(self, data) -> dict[int, object]:
        """The answers in a posted form (a QueryDict), by question id, in grading's shapes.

        Raises InvalidAnswers for anything the form could not have sent: unknown fields,
        repeated single values, tokens that are not this question's, overlong text, text with
        a null character.
        """
        unknown = set(data) - self.field_names - FORM_FIELDS
        if unknown:
            raise InvalidAnswers(f"Unexpected field {sorted(unknown)[0]!r}.")
        return {question.question.pk: _read(question, data) for question in self.questions}

    def fill(self, answers: dict[int, object]) -> "Paper":
        """Show `answers` (by question id) in the paper: a re-shown form, or a result."""
        for question in self.questions:
            question.answer = answers.get(question.question.pk)
            _fill(question, question.answer)
        return self

    def dump(self, answers: dict[int, object]) -> dict:
        """`answers` as JSON, by question id: how `Attempt.draft` keeps them."""
        return {
            str(shown.question.pk): to_json(shown.kind, answers.get(shown.question.pk))
            for shown in self.questions
        }

    def load(self, stored: dict) -> dict[int, object]:
        """Stored answers (a draft, or responses' answers) by question id, as an int or its
        string, back in grading's shapes for this paper's questions."""
        stored = {int(pk): answer for pk, answer in stored.items()}
        return {
            shown.question.pk: from_json(shown.kind, stored[shown.question.pk])
            for shown in self.questions
            if shown.question.pk in stored
        }

    @property
    def blank_questions(self) -> list[ShownQuestion]:
        return [question for question in self.questions if question.is_blank]


def _one(data, name) -> str:
    values = data.getlist(name)
    if len(values) > 1:
        raise InvalidAnswers(f"{name!r} was sent more than once.")
    return values[0] if values else ""


def _pick(options: list[ShownOption], token: str) -> int | None:
    """The id of the option `token` names among `options`; None for an empty value."""
    if not token:
        return None
    for option in options:
        if option.token == token:
            return option.choice.pk
    raise InvalidAnswers("An answer names an option this question does not have.")


def _read(question: ShownQuestion, data):
    kind, name = question.kind, question.name
    if kind in (Kind.SINGLE, Kind.TRUE_FALSE):
        return _pick(question.options, _one(data, name))
    if kind == Kind.MULTIPLE:
        return frozenset(_pick(question.options, token) for token in data.getlist(name)) - {None}
    if kind == Kind.SHORT_TEXT:
        text = _one(data, name).strip()
        if len(text) > MAX_TEXT_ANSWER:
            raise InvalidAnswers(f"An answer is longer than {MAX_TEXT_ANSWER} characters.")
        if "\x00" in text:  # no form sends it, and PostgreSQL cannot store it in JSON
            raise InvalidAnswers("An answer contains a null character.")
        return text
    if kind == Kind.ORDERING:
        return tuple(_pick(question.options, _one(data, slot.name)) for slot in question.slots)
    # Matching: each left item's chosen right side.
    return {
        slot.left.choice.pk: _pick(question.targets, _one(data, slot.name))
        for slot in question.slots
    }


def _fill(question: ShownQuestion, answer) -> None:
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.TRUE_FALSE, Kind.MULTIPLE):
        chosen = set(answer or ()) if kind == Kind.MULTIPLE else {answer}
        for option in question.options:
            option.selected = option.choice.pk in chosen
    elif kind == Kind.ORDERING:
        by_id = {option.choice.pk: option for option in question.options}
        for slot, chosen in zip(question.slots, answer or (), strict=False):
            slot.chosen = by_id.get(chosen)
    elif kind == Kind.MATCHING:
        by_id = {target.choice.pk: target for target in question.targets}
        for slot in question.slots:
            slot.chosen = by_id.get((answer or {}).get(slot.left.choice.pk))


def to_json(kind: str, answer):
    """An answer as stored in `Response.answer` (JSON has no sets and only string keys)."""
    if kind == Kind.MULTIPLE:
        return sorted(answer or ())
    if kind == Kind.ORDERING:
        return list(answer or ())
    if kind == Kind.MATCHING:
        return {str(left): right for left, right in (answer or {}).items()}
    return answer


def from_json(kind: str, stored):
    """The inverse of `to_json`: a stored answer back in grading's shape."""
    if kind == Kind.MULTIPLE:
        return frozenset(stored or ())
    if kind == Kind.ORDERING:
        return tuple(stored or ())
    if kind == Kind.MATCHING:
        return {int(left): right for left, right in (stored or {}).items()}
    return stored
