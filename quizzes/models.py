"""A quiz closes a module: questions of six kinds, attempts, and the graded responses.

Learner history is never rewritten by editing content: each response keeps the points it was
awarded, and deleting a quiz or question somebody answered is refused (PROTECT).
"""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator

from jsnlearn.prepared import PreparedRead
from jsnlearn.rendering import render_markdown
from lessons.models import (
    COURSE_COLUMNS,
    Course,
    InModule,
    InModuleQuerySet,
    LearnerQuerySet,
    Module,
)
from quizzes import grading
from quizzes.grading import Kind


class Quiz(InModule, models.Model):
    class Reveal(models.TextChoices):
        ALWAYS = "always", "Everything after every attempt"
        EACH_ATTEMPT = "each_attempt", "Taught after each attempt, the key once done"
        WHEN_DONE = "when_done", "Marks after each attempt, the rest once done"
        NEVER = "never", "Never: the score only"

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="quizzes")
    position = models.PositiveIntegerField(
        default=0, help_text="Order among the module's quizzes; quizzes follow its lessons."
    )
    slug = models.SlugField()
    title = models.CharField(max_length=160)
    intro = models.TextField(blank=True, help_text="Markdown, shown before a learner starts.")
    intro_html = models.TextField(blank=True, editable=False)
    pass_percent = models.PositiveSmallIntegerField(
        default=70,
        validators=[MaxValueValidator(100)],
        help_text="The score, in percent of the points, that passes and completes the module.",
    )
    max_attempts = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Leave empty for unlimited attempts.",
    )
    shuffle_questions = models.BooleanField(
        default=False, help_text="Each attempt shows the questions in its own random order."
    )
    shuffle_choices = models.BooleanField(
        default=True,
        help_text="Each attempt shows the options in its own random order. Ordering items and "
        "matching answers are always shuffled, since their order would give the answer away.",
    )
    reveal_answers = models.CharField(
        "show answers",
        max_length=12,
        choices=Reveal.choices,
        default=Reveal.EACH_ATTEMPT,
        help_text="What learners see after an attempt. Everything: the correct answers, the "
        "explanations and the feedback on their picks. Taught: after each attempt which of "
        "their picks were right or wrong, the feedback on them and the explanations; the "
        "correct answers once they pass or run out of attempts. Marks: only which questions "
        "they got right until then. Never: the score alone.",
    )
    is_published = models.BooleanField("published", default=False)

    objects = InModuleQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "quizzes"
        ordering = ["module_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["module", "slug"], name="quiz_slug_unique_in_module")
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.intro_html = render_markdown(self.intro)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("quizzes:quiz", kwargs={**self.module.url_kwargs(), "quiz_slug": self.slug})

    def attempts_left(self, used: int) -> int | None:
        """Attempts a learner who has submitted `used` may still start; None when unlimited."""
        return None if self.max_attempts is None else max(0, self.max_attempts - used)

    def publish_problems(self) -> list[str]:
        """Why this quiz cannot be published, in words for its instructor; [] when it can."""
        questions = list(self.questions.prefetch_related("choices"))
        if not questions:
            return ["It has no questions yet."]
        return [
            f"“{question}” cannot be graded: {problem}"
            for question in questions
            for problem in grading.problems(question.spec())
        ]

    @property
    def reveal_note(self) -> str:
        """When this quiz shows its answers, in a learner's words."""
        return {
            self.Reveal.ALWAYS: "You see the correct answers and explanations after every attempt.",
            self.Reveal.EACH_ATTEMPT: "After every attempt you see which of your answers were "
            "right or wrong and why; the correct answers once you pass or have used all your "
            "attempts.",
            self.Reveal.WHEN_DONE: "You see which questions you got right after each attempt, "
            "and the correct answers with explanations once you pass or have used all your "
            "attempts.",
            self.Reveal.NEVER: "This quiz shows your score, not the answers.",
        }[self.reveal_answers]


def _kind_help() -> str:
    return " ".join(f"{Kind(kind).label}: {rule}" for kind, rule in grading.RULES.items())


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices, help_text=_kind_help())
    prompt = models.TextField(help_text="Markdown. Describe the situation, then ask.")
    prompt_html = models.TextField(editable=False)
    explanation = models.TextField(
        blank=True, help_text="Markdown: why the answer is right, shown as the quiz allows."
    )
    explanation_html = models.TextField(blank=True, editable=False)
    points = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["quiz_id", "position", "id"]

    def __str__(self):
        # The prompt, not the position: positions are sort keys (the admin counts from 0).
        return Truncator(self.prompt).chars(60)

    def save(self, *args, **kwargs):
        self.prompt_html = render_markdown(self.prompt)
        self.explanation_html = render_markdown(self.explanation)
        super().save(*args, **kwargs)

    @cached_property
    def choice_list(self) -> list["Choice"]:
        """Its choices in order (prefetch them for many). Read once per object: a quiz's kept
        questions (quizzes.paper.questions_of) serve every paper, and each `choices.all()`
        would build a new queryset."""
        return list(self.choices.all())

    def spec(self) -> grading.Spec:
        """What grading needs, from this question's choices."""
        options = tuple(
            grading.Option(id=c.pk, text=c.text, is_correct=c.is_correct, match_text=c.match_text)
            for c in self.choice_list
        )
        return grading.Spec(kind=self.kind, points=self.points, options=options)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(
        default=0, help_text="For ordering questions, the correct order."
    )
    text = models.CharField(
        max_length=300,
        help_text="The option; for short text, an accepted answer; for matching, the left side.",
    )
    is_correct = models.BooleanField("correct", default=False)
    feedback = models.TextField(
        blank=True, help_text="Why this option is right or wrong, shown to a learner who chose it."
    )
    match_text = models.CharField(
        max_length=300, blank=True, help_text="Matching questions only: the right side."
    )

    class Meta:
        ordering = ["question_id", "position", "id"]

    def __str__(self):
        return self.text


class AttemptQuerySet(LearnerQuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def open(self):
        return self.filter(submitted_at__isnull=True)

    def of_published_quizzes(self):
        # Joins rather than `quiz__in=<published quizzes>`, which reads every quiz there is.
        return self.filter(
            quiz__is_published=True,
            quiz__module__is_published=True,
            quiz__module__course__is_published=True,
        )

    def summary_rows(self):
        """What `summarize` reads: each attempt's quiz, id, submission, percent and pass."""
        return self.values_list("quiz_id", "pk", "submitted_at", "percent", "passed").order_by(
            "-submitted_at"
        )


def summarize(rows) -> dict[int, "AttemptSummary"]:
    """Per quiz id, from `summary_rows()`: the attempts submitted (newest first) and still open,
    the best percent, whether one passed. Summed up in Python over the plain rows (a learner has
    a few dozen at most): a GROUP BY with filtered counts costs more to build than these rows
    cost to read."""
    summaries = {}
    for quiz_id, pk, submitted_at, percent, passed in rows:
        summary = summaries.setdefault(quiz_id, AttemptSummary())
        if submitted_at is None:
            summary.open += 1
            summary.unfinished = UnfinishedAttempt(pk)
        else:
            summary.submitted.append(SubmittedAttempt(pk, submitted_at, percent, passed))
    return summaries


@dataclass(frozen=True)
class SubmittedAttempt:
    pk: uuid.UUID
    submitted_at: object  # a datetime
    percent: int
    passed: bool

    def get_absolute_url(self):
        return reverse("quizzes:result", kwargs={"attempt_id": self.pk})


@dataclass(frozen=True)
class UnfinishedAttempt:
    pk: uuid.UUID

    def get_absolute_url(self):
        return reverse("quizzes:attempt", kwargs={"attempt_id": self.pk})


@dataclass
class AttemptSummary:
    submitted: list[SubmittedAttempt] = field(default_factory=list)  # newest first
    open: int = 0
    unfinished: UnfinishedAttempt | None = None  # one still open (starting resumes it)

    @property
    def used(self) -> int:
        return len(self.submitted)

    @property
    def best(self) -> int | None:
        return max((attempt.percent for attempt in self.submitted), default=None)

    @property
    def passed(self) -> bool:
        return any(attempt.passed for attempt in self.submitted)


class Attempt(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # What this attempt shows, fixed when it starts: {"questions": [ids], "options": {id: [ids]},
    # "targets": {id: [ids]}} (targets: a matching question's right sides).
    layout = models.JSONField(default=dict)
    # Answers kept by "Save and finish later", as `Paper.dump` writes them.
    draft = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.PositiveIntegerField(null=True, blank=True)
    # Rounded down, so a score just short of the pass mark never reads as the mark itself.
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(default=False)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # One unfinished attempt per learner and quiz: starting again resumes it, and two
            # starts at once cannot both create one (so `max_attempts` holds).
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_attempt_per_quiz",
            )
        ]
        indexes = [models.Index(fields=["user", "quiz"], name="attempt_user_quiz")]

    def __str__(self):
        return f"{self.user} on {self.quiz}"

    def get_absolute_url(self):
        name = "quizzes:result" if self.is_submitted else "quizzes:attempt"
        return reverse(name, kwargs={"attempt_id": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


def learners_attempt(user, attempt_id) -> tuple["Attempt", Course] | None:
    """`user`'s attempt `attempt_id` and its quiz's course, in one query built once
    (jsnlearn/prepared.py): every attempt page and submission reads them. None for another
    learner's attempt, or one there is not."""
    rows = _learners_attempt.rows(attempt_id, user.pk)
    if not rows:
        return None
    row = rows[0]
    attempt = Attempt.from_db(DEFAULT_DB_ALIAS, ATTEMPT_COLUMNS, row[: len(ATTEMPT_COLUMNS)])
    course = Course.from_db(DEFAULT_DB_ALIAS, COURSE_COLUMNS, row[len(ATTEMPT_COLUMNS) :])
    return attempt, course


ATTEMPT_COLUMNS = [field.attname for field in Attempt._meta.concrete_fields]
_learners_attempt = PreparedRead(
    lambda attempt_id, user_id: Attempt.objects.filter(pk=attempt_id, user_id=user_id).values_list(
        *ATTEMPT_COLUMNS, *(f"quiz__module__course__{column}" for column in COURSE_COLUMNS)
    ),
    adapt=lambda connection, attempt_id, user_id: (
        Attempt._meta.pk.get_db_prep_value(attempt_id, connection),
        user_id,
    ),
)


class Response(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    # In grading's answer shape for the question's kind, with option ids (see grading.py).
    answer = models.JSONField(null=True, blank=True)
    awarded_points = models.DecimalField(max_digits=6, decimal_places=2)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["attempt_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="one_response_per_question"
            )
        ]

    def __str__(self):
        return f"{self.attempt}: {self.question}"


class Marked(NamedTuple):
    """What a result page shows of one response: how the question was answered and marked."""

    question_id: int
    answer: object  # as stored (Response.answer)
    awarded_points: Decimal
    is_correct: bool


def responses_of(attempt) -> list[Marked]:
    """`attempt`'s responses as a result page shows them, by a query built once
    (jsnlearn/prepared.py): every result page reads them."""
    return list(map(Marked._make, _responses_of.rows(attempt.pk)))


_responses_of = PreparedRead(
    lambda attempt_id: (
        Response.objects.filter(attempt_id=attempt_id)
        .order_by()
        .values_list("question_id", "answer", "awarded_points", "is_correct")
    ),
    adapt=lambda connection, attempt_id: (
        Attempt._meta.pk.get_db_prep_value(attempt_id, connection),
    ),
)
