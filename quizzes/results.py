"""What a submitted attempt's result page may show, by the quiz's reveal policy.

- SCORE: the score, pass or fail, and the questions left blank.
- MARKS: also right, partly right or wrong per question, with the points and the learner's answers.
- FULL: also the correct answers, each question's explanation and the feedback on chosen options.
"""

import enum
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import cached_property

from quizzes.models import Quiz
from quizzes.paper import Paper, ShownQuestion


def points_text(points) -> str:
    """Points as a learner writes them: "1", "0.5", "0.33" (never rounded up)."""
    return format(Decimal(points).normalize(), "f")


class Level(enum.IntEnum):
    SCORE = 1
    MARKS = 2
    FULL = 3


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
        return Level.MARKS

    @property
    def shows_marks(self) -> bool:
        return self.level >= Level.MARKS

    @property
    def shows_answers(self) -> bool:
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
        return ""
