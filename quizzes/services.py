"""Writes that span models: starting and submitting a quiz attempt; copying a quiz or a whole
module (lessons and quizzes, which only this app may import together). One function per action."""

import itertools
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string

from lessons.models import Course, Lesson, Module
from lessons.progress import progress_for
from lessons.services import ModuleLocked, NotPublished, enroll
from quizzes import grading
from quizzes.models import Attempt, Choice, Question, Quiz, Response
from quizzes.paper import Paper, make_layout, questions_of, to_json


class QuizClosed(Exception):
    """The learner cannot start this quiz now; the message says why, in their words."""


class AlreadySubmitted(Exception):
    """The attempt was graded already (a double click, another tab): nothing changed."""


@cache
def _start_checks() -> tuple:
    """What else may refuse a start, composed in settings so this app imports none of them
    (a class's open date: jsnlearn/classrooms)."""
    return tuple(import_string(path) for path in settings.QUIZ_START_CHECKS)


@dataclass(frozen=True)
class Started:
    attempt: Attempt
    resumed: bool  # the learner's unfinished attempt, not a new one
    newly_enrolled: bool


@transaction.atomic
def start_attempt(*, user, quiz: Quiz) -> Started:
    """Resume `user`'s unfinished attempt at `quiz`, or start one with a freshly shuffled paper.

    Refuses a quiz learners cannot see (NotPublished), in a module still locked (ModuleLocked),
    with no questions or no attempts left, or not open yet (QuizClosed); then nothing
    changes.
    """
    if not quiz.is_visible_to_learners:
        raise NotPublished(quiz)
    # First, so that the learner's attempts are counted after any submission of theirs in
    # another tab has committed: renewing holds their row until this transaction ends.
    user.renew_work_version()
    (progress,) = progress_for([quiz.module.course], user)
    item = progress.item_for(quiz)  # counts the learner's attempts too
    if item.locked:
        raise ModuleLocked(item.module.blocked_by)
    open_attempts = Attempt.objects.for_learner(user).filter(quiz=quiz).open()
    unfinished = open_attempts.first() if item.in_progress else None
    if unfinished:
        return Started(unfinished, resumed=True, newly_enrolled=False)
    for check in _start_checks():
        check(user=user, quiz=quiz)  # raises QuizClosed
    if item.attempts_left == 0:
        allowed = quiz.max_attempts
        used = "your only attempt" if allowed == 1 else f"all {allowed} attempts"
        raise QuizClosed(f"You have used {used} at this quiz.")
    questions = questions_of(quiz)
    if not questions:
        raise QuizClosed("This quiz has no questions yet.")
    newly_enrolled = enroll(user=user, course=quiz.module.course)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user, quiz=quiz, layout=make_layout(quiz, questions)
            )
    except IntegrityError:  # the same learner started it at the same moment elsewhere
        return Started(open_attempts.get(), resumed=True, newly_enrolled=False)
    return Started(attempt, resumed=False, newly_enrolled=newly_enrolled)


@transaction.atomic
def save_draft(*, paper: Paper, answers: dict[int, object]) -> None:
    """Keep `answers` on `paper`'s open attempt until it is submitted; nothing is graded."""
    attempt = paper.attempt
    attempt.user.renew_work_version()
    attempt.draft = paper.dump(answers)
    saved = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        draft=attempt.draft
    )
    if not saved:
        raise AlreadySubmitted(attempt)


@transaction.atomic
def submit_attempt(*, paper: Paper, answers: dict[int, object]) -> Attempt:
    """Grade `paper`'s attempt with `answers` (question id → answer in grading's shape), once.

    The attempt is claimed by a conditional UPDATE before anything is written, so of two
    submissions at the same moment exactly one grades it; the other raises AlreadySubmitted.
    Questions left unanswered score 0.
    """
    attempt = paper.attempt
    attempt.user.renew_work_version()  # before the claim, in the order start_attempt locks
    now = timezone.now()
    claimed = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=now
    )
    if not claimed:
        raise AlreadySubmitted(attempt)
    responses = []
    for shown in paper.questions:
        answer = answers.get(shown.question.pk)
        result = grading.grade(shown.question.spec(), answer)
        responses.append(
            Response(
                attempt=attempt,
                question=shown.question,
                answer=to_json(shown.kind, answer),
                awarded_points=result.points,
                is_correct=result.is_correct,
            )
        )
    Response.objects.bulk_create(responses)
    record_score(attempt, sum(r.awarded_points for r in responses), paper.max_score)
    attempt.submitted_at = now
    attempt.save(update_fields=["submitted_at", "score", "max_score", "percent", "passed"])
    return attempt


def record_score(attempt: Attempt, score, max_score: int) -> None:
    attempt.score, attempt.max_score = score, max_score
    attempt.percent = int(score * 100 // max_score) if max_score else 0
    # Compared exactly, not through the rounded percent.
    attempt.passed = max_score > 0 and score * 100 >= attempt.quiz.pass_percent * max_score


# ---- Authoring: copies to start the next module or quiz from ----


@transaction.atomic
def duplicate_quiz(*, quiz: Quiz) -> Quiz:
    """A draft copy of `quiz` with its questions and options, last in its module, titled
    "… (copy)" under a slug no other quiz of the module has."""
    siblings = Quiz.objects.filter(module_id=quiz.module_id)
    copy = _copy_quiz(
        quiz,
        module_id=quiz.module_id,
        position=_next_position(siblings),
        **_copy_names(quiz, siblings),
    )
    Course.objects.filter(modules=quiz.module_id).renew_content_version()
    return copy


@transaction.atomic
def duplicate_module(*, module: Module) -> Module:
    """A draft copy of `module` with its lessons and its quizzes (questions, options), last in
    its course, titled "… (copy)" under a fresh slug. Everything in the copy is a draft, so
    publishing the module shows nothing until each part is checked and published."""
    siblings = Module.objects.filter(course_id=module.course_id)
    copy = _clone(
        module,
        position=_next_position(siblings),
        is_published=False,
        **_copy_names(module, siblings),
    )
    copy.save()
    Lesson.objects.bulk_create(
        _clone(lesson, module_id=copy.pk, is_published=False) for lesson in module.lessons.all()
    )
    for quiz in module.quizzes.all():
        _copy_quiz(quiz, module_id=copy.pk)
    Course.objects.filter(pk=module.course_id).renew_content_version()
    return copy


def _copy_quiz(quiz: Quiz, **changes) -> Quiz:
    questions = list(quiz.questions.prefetch_related("choices"))
    copy = _clone(quiz, is_published=False, **changes)
    copy.save()
    made = Question.objects.bulk_create(_clone(q, quiz_id=copy.pk) for q in questions)
    Choice.objects.bulk_create(
        _clone(choice, question_id=new.pk)
        for old, new in zip(questions, made, strict=True)
        for choice in old.choices.all()
    )
    return copy


def _clone(obj, **changes):
    """An unsaved copy of `obj`'s columns (rendered HTML included), with `changes`."""
    columns = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    columns.pop(obj._meta.pk.attname)
    return type(obj)(**{**columns, **changes})


def _next_position(siblings) -> int:
    last = siblings.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


COPY, COPY_SLUG = " (copy)", "-copy"


def _copy_names(obj, siblings) -> dict:
    """`obj`'s title with " (copy)", and a slug none of `siblings` has: "-copy", "-copy-2"..."""
    model = type(obj)
    title_length = model._meta.get_field("title").max_length
    slug_length = model._meta.get_field("slug").max_length
    taken = set(siblings.values_list("slug", flat=True))
    for n in itertools.count(1):
        suffix = COPY_SLUG if n == 1 else f"{COPY_SLUG}-{n}"
        slug = obj.slug[: slug_length - len(suffix)] + suffix
        if slug not in taken:
            break
    return {"title": obj.title[: title_length - len(COPY)] + COPY, "slug": slug}


# ---- Authoring: a module published in one step ----


@dataclass(frozen=True)
class ChecklistItem:
    """One part of a module on its publish checklist: what stops it being published, if any."""

    obj: object  # the module, a lesson or a quiz
    problems: tuple[str, ...]

    @property
    def noun(self) -> str:
        return self.obj._meta.verbose_name

    @property
    def ready(self) -> bool:
        return not self.problems


class ModuleNotReady(Exception):
    """Something in the module stops it being published; nothing was changed."""

    def __init__(self, checklist: list[ChecklistItem]):
        super().__init__("; ".join(p for item in checklist for p in item.problems))
        self.checklist = checklist


def publish_checklist(module: Module) -> list[ChecklistItem]:
    """The module, then each of its lessons and quizzes in order, with what stops each being
    published: a lesson without text, a quiz without questions or with one that cannot be
    graded (the rules grading follows), a module with nothing in it."""
    lessons = list(module.lessons.all())
    quizzes = list(module.quizzes.all())
    empty = () if lessons or quizzes else ("It has no lessons or quizzes yet.",)
    return [
        ChecklistItem(module, empty),
        *(ChecklistItem(lesson, tuple(lesson.publish_problems())) for lesson in lessons),
        *(ChecklistItem(quiz, tuple(quiz.publish_problems())) for quiz in quizzes),
    ]


@transaction.atomic
def publish_module(*, module: Module) -> list[ChecklistItem]:
    """Publish `module` with all its lessons and quizzes together, or nothing: checked as they
    are stored, inside the transaction that publishes them (the module's row locked, so an
    edit committed meanwhile is seen), and the course's content version renewed with it.
    Raises ModuleNotReady, naming what stops it, and changes nothing."""
    module = Module.objects.select_for_update().get(pk=module.pk)
    checklist = publish_checklist(module)
    if not all(item.ready for item in checklist):
        raise ModuleNotReady(checklist)
    Lesson.objects.filter(module=module).update(is_published=True)
    Quiz.objects.filter(module=module).update(is_published=True)
    Module.objects.filter(pk=module.pk).update(is_published=True)
    Course.objects.filter(pk=module.course_id).renew_content_version()
    return checklist
