"""Quizzes as steps of a course's progress: the source `lessons.progress` reads through
`settings.PROGRESS_ITEM_SOURCES`. A quiz is done once any attempt passed; its best score shows.
"""

from dataclasses import dataclass

from django.db.models import Count

from jsnlearn.prepared import PreparedRead
from lessons.progress import Activity, Item, ModuleProgress
from quizzes.models import (
    Attempt,
    AttemptSummary,
    Quiz,
    SubmittedAttempt,
    UnfinishedAttempt,
    summarize,
)

MINUTES_PER_QUESTION = 1


@dataclass(frozen=True, eq=False)
class QuizResult(Activity):
    """A submitted attempt, on the dashboard: its score and a link to its result."""

    attempt: SubmittedAttempt

    @property
    def url(self) -> str:
        return self.attempt.get_absolute_url()


@dataclass(eq=False)
class QuizItem(Item):
    best_percent: int | None = None
    attempts_used: int = 0
    in_progress: bool = False  # an attempt is open
    submitted: tuple[SubmittedAttempt, ...] = ()  # newest first
    unfinished: UnfinishedAttempt | None = None  # the attempt open, to resume

    noun, plural = "quiz", "quizzes"
    done_status = "passed"
    label = "Quiz"

    @property
    def pending_status(self) -> str:
        if self.in_progress:
            return "in progress"
        if not self.attempts_used:
            return "not started"
        return "not passed" if self.attempts_left == 0 else "not passed yet"

    @property
    def attempts_left(self) -> int | None:
        return self.content.attempts_left(self.attempts_used)

    @property
    def note(self) -> str:
        return "" if self.best_percent is None else f"best score {self.best_percent}%"

    @property
    def minutes(self) -> int:
        return QuizSource.minutes(self.content)

    def activity(self) -> list[Activity]:
        return [
            QuizResult(self, attempt.submitted_at, "result", attempt) for attempt in self.submitted
        ]

    @property
    def url(self) -> str:
        # As quizzes/urls.py has it, without a reverse() per quiz of an outline.
        return f"{self.module.url_prefix}quiz/{self.content.slug}/"


class QuizSource:
    """Quizzes as items (lessons.progress): done once an attempt passed."""

    item_class = QuizItem

    @staticmethod
    def contents(modules, *, include_drafts: bool):
        quizzes = (
            Quiz.objects.filter(module__in=modules)
            .annotate(question_count=Count("questions"))
            .defer("intro", "intro_html")
        )
        return quizzes if include_drafts else quizzes.filter(is_published=True)

    @staticmethod
    def results(user) -> dict[int, AttemptSummary]:
        """Per quiz, `user`'s attempts summed up: none, without a query, for a visitor."""
        if not user.is_authenticated:
            return {}
        return summarize(_attempt_rows.rows(user.pk))

    @staticmethod
    def done_among(ids: frozenset, results: dict[int, AttemptSummary]) -> int:
        return sum(1 for quiz_id in ids & results.keys() if results[quiz_id].passed)

    @staticmethod
    def state_of(ids: frozenset, results: dict[int, AttemptSummary]) -> tuple:
        """Everything the learner's items of `ids` show: each quiz's attempts, open and used,
        best score and pass."""
        return tuple(
            (quiz_id, s.used, s.open, s.best, s.passed)
            for quiz_id, s in sorted(results.items())
            if quiz_id in ids
        )

    @staticmethod
    def latest(ids: frozenset, results: dict[int, AttemptSummary]) -> tuple | None:
        """(when, quiz id) of the quiz among `ids` with the attempt submitted last, if any."""
        return max(
            (
                (results[pk].submitted[0].submitted_at, pk)
                for pk in ids & results.keys()
                if results[pk].submitted
            ),
            default=None,
        )

    @staticmethod
    def minutes(quiz) -> int:
        return max(1, quiz.question_count * MINUTES_PER_QUESTION)

    @staticmethod
    def item(quiz, module: ModuleProgress, results: dict[int, AttemptSummary]) -> QuizItem:
        summary = results.get(quiz.id, NO_ATTEMPTS)
        return QuizItem(
            content=quiz,
            module=module,
            done=summary.passed,
            best_percent=summary.best,
            attempts_used=summary.used,
            in_progress=summary.open > 0,
            submitted=tuple(summary.submitted),
            unfinished=summary.unfinished,
        )


NO_ATTEMPTS = AttemptSummary()
# All of a learner's attempts, by the user's index alone: items only ask about their own.
_attempt_rows = PreparedRead(lambda user_id: Attempt.objects.filter(user_id=user_id).summary_rows())
