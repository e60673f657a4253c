"""What the bundled course's quizzes look like in figures, for its tests and its authors.

A test-wise learner can often pass a quiz without the knowledge it asks for: by picking the
longest option, by avoiding the option that says "never", by answering "false" to every
true/false statement or by ticking every box. These functions measure those cues over a whole
course, so the content tests can hold them in bounds. Print the figures of a bundle with

    .venv/bin/python -m tests.courses.measures [path/to/bundle]
"""

import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from quizzes.grading import Kind

# Words that make a claim absolute; test-wise learners take them as the mark of a wrong option.
ABSOLUTE_WORDS = ("only", "always", "never", "nobody", "everyone", "none", "all")


def words(text: str) -> list[str]:
    """The text's words, folded: NFKC, lower case, letters and digits only."""
    return re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", text).lower())


def is_absolute(text: str) -> bool:
    return bool(set(words(text)) & set(ABSOLUTE_WORDS))


def questions(course) -> list:
    return [q for module in course.modules for quiz in module.quizzes for q in quiz.questions]


def of_kind(course, kind: str) -> list:
    return [question for question in questions(course) if question.kind == kind]


def correct_options(question) -> list:
    return [option for option in question.options if option.values["is_correct"]]


def longest_is_correct(question) -> bool:
    """The correct option is at least as long as every other one (a tie counts: a learner who
    picks "the longest" would pick it as often as not)."""
    (correct,) = correct_options(question)
    others = [o for o in question.options if o is not correct]
    return all(len(correct.values["text"]) >= len(o.values["text"]) for o in others)


def shortest_is_correct(question) -> bool:
    """The correct option is no longer than any other: the same cue, turned round."""
    (correct,) = correct_options(question)
    return all(len(correct.values["text"]) <= len(o.values["text"]) for o in question.options)


def statement_is_true(question) -> bool:
    (correct,) = correct_options(question)
    return correct.values["text"].strip().lower() == "true"


def correct_positions(question) -> list[int]:
    """Where the correct options are written in the file, counting from 1."""
    return [n for n, o in enumerate(question.options, start=1) if o.values["is_correct"]]


def absolute_shares(course) -> tuple[float, float, int, int]:
    """How often correct and wrong choices make an absolute claim: (share of correct choices,
    share of wrong ones, and how many of each). A true/false statement counts as one choice,
    correct when it is true."""
    correct, wrong = [], []
    for question in questions(course):
        if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            for option in question.options:
                side = correct if option.values["is_correct"] else wrong
                side.append(is_absolute(option.values["text"]))
        elif question.kind == Kind.TRUE_FALSE:
            side = correct if statement_is_true(question) else wrong
            side.append(is_absolute(statement(question)))
    share = lambda found: sum(found) / len(found) if found else 0.0  # noqa: E731
    return share(correct), share(wrong), len(correct), len(wrong)


def statement(question) -> str:
    """A true/false question's statement: its prompt after "true or false", or all of it."""
    prompt = question.values["prompt"]
    found = re.search(r"true or false\W*(.*)", prompt, re.IGNORECASE | re.DOTALL)
    return found.group(1) if found else prompt


@dataclass
class Figures:
    by_kind: Counter
    single_longest_correct: int
    single_shortest_correct: int
    singles: int
    true_statements: int
    true_false: int
    multiple_spread: Counter  # (correct, options) -> questions
    single_positions: Counter  # position of the correct option in the file -> questions
    absolute_correct: float
    absolute_wrong: float

    def lines(self) -> list[str]:
        kinds = ", ".join(f"{kind} {self.by_kind[kind]}" for kind in Kind.values)
        spread = ", ".join(
            f"{correct} of {total}: {count}"
            for (correct, total), count in sorted(self.multiple_spread.items())
        )
        positions = ", ".join(f"{n}: {c}" for n, c in sorted(self.single_positions.items()))
        return [
            f"questions: {sum(self.by_kind.values())} ({kinds})",
            f"single choice, correct option the longest: {self.single_longest_correct} of "
            f"{self.singles}, the shortest: {self.single_shortest_correct}",
            f"true/false, true: {self.true_statements} of {self.true_false}",
            f"multiple choice, correct of options: {spread}",
            f"single choice, correct option's place in the file: {positions}",
            f"absolute words ({', '.join(ABSOLUTE_WORDS)}): in {self.absolute_correct:.0%} of "
            f"correct choices, {self.absolute_wrong:.0%} of wrong ones",
        ]


def figures(course) -> Figures:
    singles = of_kind(course, Kind.SINGLE)
    true_false = of_kind(course, Kind.TRUE_FALSE)
    multiple = of_kind(course, Kind.MULTIPLE)
    absolute_correct, absolute_wrong, _, _ = absolute_shares(course)
    return Figures(
        by_kind=Counter(question.kind for question in questions(course)),
        single_longest_correct=sum(map(longest_is_correct, singles)),
        single_shortest_correct=sum(map(shortest_is_correct, singles)),
        singles=len(singles),
        true_statements=sum(map(statement_is_true, true_false)),
        true_false=len(true_false),
        multiple_spread=Counter((len(correct_options(q)), len(q.options)) for q in multiple),
        single_positions=Counter(correct_positions(q)[0] for q in singles),
        absolute_correct=absolute_correct,
        absolute_wrong=absolute_wrong,
    )


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from jsnlearn.bundles.reader import read_bundle

    default = Path(__file__).resolve().parents[2] / "jsnlearn/courses/social-networking-in-japan"
    course = read_bundle(Path(argv[0]) if argv else default)
    lessons = [lesson for module in course.modules for lesson in module.lessons]
    reading = sum(len(words(lesson.values["body"])) for lesson in lessons)
    print(f"modules: {len(course.modules)}, lessons: {len(lessons)}, words in lessons: {reading:,}")
    for line in figures(course).lines():
        print(line)


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jsnlearn.settings")
    main(sys.argv[1:])
