"""What can be wrong with a bundle: one `Problem` per mistake, all raised at once."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bundle."""

    file: str  # path relative to the bundle root, e.g. "02-line/quiz.yaml"
    field: str  # e.g. "questions[3].options", "" when the whole file
    message: str

    def __str__(self):
        # "02-line/quiz.yaml: questions[3].options: two options are marked correct"
        return ": ".join(part for part in (self.file, self.field, self.message) if part)


class BundleInvalid(Exception):
    """A bundle that cannot be imported; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def complete(problems: list[Problem]) -> None:
    """Raise BundleInvalid when any problem was found; the one way validation ends."""
    if problems:
        raise BundleInvalid(problems)
