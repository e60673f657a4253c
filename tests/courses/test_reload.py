"""`make reload-courses` over a database where learners have worked through an earlier edition of
the bundled course: the new edition goes in, and every completion, attempt, answer and pass stays.

The earlier edition is made from the current bundle the way a rebuild changes a course: the
newest module is not there yet, every question is worded differently and the questions of each
quiz come in another order (so kinds meet other kinds at each place), and every choice reads
differently. Learners of it completed lessons, passed some quizzes, failed others, and left one
attempt open with answers saved for later.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from jsnlearn.bundles.exporter import bundle_files
from jsnlearn.bundles.importer import import_bundle
from jsnlearn.bundles.reader import read_bundle
from lessons.models import Course, Lesson, LessonCompletion
from lessons.progress import progress_for
from lessons.services import complete_lesson
from quizzes import grading
from quizzes.grading import Kind
from quizzes.models import Attempt, Question, Quiz, Response
from quizzes.paper import Paper
from quizzes.services import save_draft, start_attempt, submit_attempt
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BUNDLE = Path(__file__).resolve().parents[2] / "jsnlearn" / "courses" / "social-networking-in-japan"
SLUG = "social-networking-in-japan"
NEW_MODULE = "work-chat-email-and-safety"
EARLIER = "In the earlier edition: "


def earlier_edition(folder: Path) -> Path:
    """The bundle as an earlier edition might have had it, written under `folder`."""
    course = read_bundle(BUNDLE)
    course.modules = [module for module in course.modules if module.slug != NEW_MODULE]
    for module in course.modules:
        for lesson in module.lessons:
            lesson.values["body"] += "\n\nThis is the earlier edition."
        for quiz in module.quizzes:
            quiz.values["reveal_answers"] = Quiz.Reveal.WHEN_DONE
            for question in quiz.questions:
                question.values["prompt"] = EARLIER + question.values["prompt"]
                if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
                    for option in question.options:
                        option.values["text"] = EARLIER + option.values["text"]
            quiz.questions.reverse()
    for path, text in bundle_files(course).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return folder


def take(learner, quiz, *, right: bool) -> Attempt:
    attempt = start_attempt(user=learner, quiz=quiz).attempt
    paper = Paper(attempt, quiz.questions.prefetch_related("choices"))
    answers = {
        s.question.pk: grading.correct_answer(s.question.spec()) if right else None
        for s in paper.questions
    }
    return submit_attempt(paper=paper, answers=answers)


def history():
    return {
        "completions": sorted(LessonCompletion.objects.values_list("user", "lesson")),
        "attempts": list(
            Attempt.objects.order_by("pk").values(
                "pk", "user", "quiz", "submitted_at", "score", "percent", "passed", "draft"
            )
        ),
        "responses": list(
            Response.objects.order_by("pk").values(
                "pk", "attempt", "question", "answer", "awarded_points", "is_correct"
            )
        ),
        "kinds": dict(Question.objects.values_list("pk", "kind")),
    }


def test_reloading_the_course_over_learners_work_keeps_every_completion_and_pass(tmp_path):
    import_bundle(root=earlier_edition(tmp_path / "earlier"))
    learner, other = UserFactory(), UserFactory()
    for lesson in Lesson.objects.filter(module__course__slug=SLUG):
        complete_lesson(user=learner, lesson=lesson)
    quizzes = list(Quiz.objects.filter(module__course__slug=SLUG))
    for number, quiz in enumerate(quizzes):
        take(learner, quiz, right=number % 2 == 0)
        take(other, quiz, right=number % 2 == 1)
    saved = quizzes[1]  # failed: the learner tries again, and saves answers to finish later
    paper = Paper(start_attempt(user=learner, quiz=saved).attempt, saved.questions.all())
    save_draft(
        paper=paper,
        answers={s.question.pk: grading.correct_answer(s.question.spec()) for s in paper.questions},
    )
    before = history()
    before_kinds = before["kinds"].items()
    (progress_before,) = progress_for([Course.objects.get(slug=SLUG)], learner)

    out = io.StringIO()
    call_command("load_courses", "--update", stdout=out)

    assert "updated" in out.getvalue()
    after = history()
    kinds = after.pop("kinds")
    assert {pk: kinds[pk] for pk in before.pop("kinds")} == dict(before_kinds)
    assert after == before  # the same rows, points, answers and passes
    course = Course.objects.get(slug=SLUG)
    questions = Question.objects.filter(quiz__module__course=course)
    assert not questions.filter(prompt__startswith=EARLIER).exists()
    assert not questions.filter(choices__text__startswith=EARLIER).exists()
    assert set(
        Quiz.objects.filter(module__course=course).values_list("reveal_answers", flat=True)
    ) == {Quiz.Reveal.ALWAYS}

    (progress,) = progress_for([course], learner)
    old_items = {(type(i.content), i.content.pk): i.done for i in progress_before.items}
    now = {(type(i.content), i.content.pk): i.done for i in progress.items}
    assert {key: now[key] for key in old_items} == old_items
    new = [i for i in progress.items if i.content.module.slug == NEW_MODULE]
    assert new
    assert not any(i.done for i in new)
    assert progress.done_count == progress_before.done_count > 0
    assert sum(1 for q in quizzes if q.attempts.filter(user=learner, passed=True)) == 4

    resumed = Paper(start_attempt(user=learner, quiz=saved).attempt, saved.questions.all())
    finished = submit_attempt(paper=resumed, answers=resumed.load(resumed.attempt.draft))
    # The answers saved before the reload are still there to finish with, graded against the
    # questions as they read now.
    assert finished.is_submitted
    assert finished.responses.filter(answer__isnull=False).count() == saved.questions.count()

    again = io.StringIO()
    call_command("load_courses", "--update", stdout=again)
    assert "no changes" in again.getvalue()
