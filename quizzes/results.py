"""What a submitted attempt's result page may show, by the quiz's reveal policy.

- SCORE: the score, pass or fail, and the questions left blank.
- MARKS: also right, partly right or wrong per question, with the points and the learner's answers.
- TAUGHT: also which of the learner's picks were right or wrong, the feedback on what they chose
  and each question's explanation; not the right answers they missed.
- FULL: also the correct answers.
"""

import enum
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.functional import cached_property

from quizzes.grading import Kind
from quizzes.models import Quiz
from quizzes.paper import Paper, ShownQuestion


def points_text(points) -> str:
    """Points as a learner writes them, one decimal at most: "1", "0.5", "5.3" for 5.36.
    Rounded down, so points short of full never read as full."""
    tenths = Decimal(points).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return format(tenths.normalize(), "f")


class Level(enum.IntEnum):
    SCORE = 1
    MARKS = 2
    TAUGHT = 3
    FULL = 4


@dataclass(eq=False)
class QuestionResult:
    shown: ShownQuestion
    response: object  # its `quizzes.models.Marked`; None for a question added since

    @property
    def points(self):
        return self.response.awarded_points if self.response else 0

    @property
    def points_text(self) -> str:
        return points_text(self.points)

    @cached_property
    def mark(self) -> str:
        if self.shown.is_blank:
            return "Not answered"
        if self.response and self.response.is_correct:
            return "Right"
        return "Partly right" if self.points > 0 else "Wrong"

    @property
    def mark_class(self) -> str:
        """The mark as a CSS class name: "right", "partly-right", "wrong", "not-answered"."""
        return self.mark.lower().replace(" ", "-")

    @cached_property
    def parts_text(self) -> str:
        """How much of a question with parts was right, in words: "1 of 2 right picks, 1 wrong",
        "3 of 5 in the right place", "2 of 4 pairs right"; "" for one-part kinds, blanks and
        full marks. Counted over what the attempt showed."""
        shown = self.shown
        if shown.is_blank or self.mark == "Right":
            return ""
        if shown.kind == Kind.MULTIPLE:
            picked = [option for option in shown.options if option.selected]
            right = sum(1 for option in picked if option.choice.is_correct)
            of = sum(1 for option in shown.options if option.choice.is_correct)
            wrong = len(picked) - right
            return f"{right} of {of} right pick{'s' if of != 1 else ''}" + (
                f", {wrong} wrong" if wrong else ""
            )
        right = sum(1 for slot in shown.slots if slot.is_right)
        if shown.kind == Kind.ORDERING:
            return f"{right} of {len(shown.slots)} in the right place"
        if shown.kind == Kind.MATCHING:
            return f"{right} of {len(shown.slots)} pairs right"
        return ""


class Result:
    """`paper`'s attempt, submitted, with its `responses`; `item` is the quiz's progress item
    (passed or not, attempts used, one open), which decides what a "once done" policy reveals.
    While the learner has an attempt open, running out of attempts reveals nothing."""

    def __init__(self, paper: Paper, responses, *, item):
        self.attempt = paper.attempt
        self.quiz = paper.attempt.quiz
        self.item = item
        by_question = {response.question_id: response for response in responses}
        paper.fill(paper.load({pk: response.answer for pk, response in by_question.items()}))
        self.questions = [
            QuestionResult(shown, by_question.get(shown.question.pk)) for shown in paper.questions
        ]

    @property
    def attempts_left(self) -> int | None:
        return self.item.attempts_left

    @cached_property
    def level(self) -> Level:
        policy = self.quiz.reveal_answers
        if policy == Quiz.Reveal.NEVER:
            return Level.SCORE
        out_of_attempts = self.attempts_left == 0 and not self.item.in_progress
        if policy == Quiz.Reveal.ALWAYS or self.item.done or out_of_attempts:
            return Level.FULL
        return Level.TAUGHT if policy == Quiz.Reveal.EACH_ATTEMPT else Level.MARKS

    @property
    def shows_marks(self) -> bool:
        return self.level >= Level.MARKS

    @property
    def teaches(self) -> bool:
        """Whether each pick is marked right or wrong, with its feedback and the explanation."""
        return self.level >= Level.TAUGHT

    @property
    def shows_answers(self) -> bool:
        """Whether the correct answers show, the ones the learner missed included."""
        return self.level == Level.FULL

    @property
    def score_text(self) -> str:
        return points_text(self.attempt.score)

    @cached_property
    def blank_questions(self) -> list[ShownQuestion]:
        return [result.shown for result in self.questions if result.shown.is_blank]

    @property
    def can_retake(self) -> bool:
        return self.attempts_left != 0

    @property
    def reveal_note(self) -> str:
        """Why answers are not shown yet, or "" when they are."""
        if self.level == Level.SCORE:
            return "This quiz shows your score only, not the answers."
        if self.level == Level.MARKS:
            return (
                "The correct answers and explanations appear once you pass this quiz "
                "or have used all your attempts."
            )
        if self.level == Level.TAUGHT:
            return (
                "Each of your answers is marked right or wrong, with why. The answers you "
                "missed appear once you pass this quiz or have used all your attempts."
            )
        return ""
