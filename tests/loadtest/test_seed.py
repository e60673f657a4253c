"""seed_load_data writes a consistent dataset of the size asked for, once."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Count, Max
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.accounts.roles import INSTRUCTORS
from jsnlearn.loadtest.consistency import attempt_problems, class_problems
from jsnlearn.loadtest.seed import OUTLINE_SLUG, SLUG, Scale, outline_course, remove_outline_course
from jsnlearn.review.deck import Today
from jsnlearn.review.models import ReviewCard, ReviewLog
from lessons.models import Course, Enrollment, Lesson, LessonCompletion, Module
from quizzes import grading
from quizzes.models import Attempt, Question, Response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _instructors_group():
    """Made by a migration; a transactional test earlier in the run may have flushed it."""
    Group.objects.get_or_create(name=INSTRUCTORS)


TINY = ["--learners", "30", "--modules", "3", "--lessons", "4", "--questions", "7", "--force"]


def seed_tiny(extra=()) -> str:
    out = StringIO()
    call_command("seed_load_data", *TINY, *extra, stdout=out)
    return out.getvalue()


def test_it_writes_the_course_and_learners_work_of_the_size_asked_for():
    printed = seed_tiny()

    course = Course.objects.get(slug=SLUG)
    assert course.modules.count() == 3
    assert Lesson.objects.filter(module__course=course).count() == 12
    assert Question.objects.filter(quiz__module__course=course).count() == 21
    kinds = set(Question.objects.values_list("kind", flat=True))
    assert kinds == set(grading.Kind.values)
    assert Enrollment.objects.filter(course=course).count() == 30
    attempts = Attempt.objects.filter(quiz__module__course=course)
    assert attempts.exists()
    assert Response.objects.count() == attempts.count() * 7
    assert f"{LessonCompletion.objects.count()} lesson completions" in printed
    assert f"{attempts.count()} submitted attempts" in printed


def test_every_learner_has_a_deck_with_cards_due_today_and_a_log_of_recent_reviews():
    printed = seed_tiny(["--review-cards", "15"])
    now = timezone.now()

    learners = User.objects.filter(enrollments__course__slug=SLUG)
    decks = ReviewCard.objects.values("user").annotate(n=Count("id"))
    assert {deck["n"] for deck in decks} == {15}
    assert len(decks) == learners.count() == 30
    assert f"{30 * 15} review cards, {ReviewLog.objects.count()} reviews" in printed
    first_questions = Question.objects.order_by("quiz__module__position", "position")[:15]
    assert set(ReviewCard.objects.values_list("question", flat=True)) == {
        q.pk for q in first_questions
    }
    todays = [Today(learner, now) for learner in learners]
    assert all(today.left > 0 for today in todays)
    assert all(learner.review_is_ready(now) for learner in learners)
    assert all(learner.review_synced_version == learner.work_version for learner in learners)
    assert any(today.streak > 1 for today in todays)
    assert any(today.done for today in todays)


def test_each_review_in_the_log_is_its_cards_latest_rating():
    seed_tiny()

    latest = ReviewLog.objects.values("card").annotate(seq=Max("seq"), n=Count("id"))
    assert latest
    for row in latest:
        card = ReviewCard.objects.get(pk=row["card"])
        log = ReviewLog.objects.get(card=card, seq=row["seq"])
        assert row["n"] == 1
        assert (card.reps, card.due, card.last_review) == (log.seq, log.due_after, log.reviewed_at)
        assert log.user_id == card.user_id
        assert log.card_before["due"]
        assert log.reviewed_at <= timezone.now()


def test_every_question_is_gradable_and_every_attempt_scores_its_responses():
    seed_tiny()

    for question in Question.objects.prefetch_related("choices"):
        assert grading.problems(question.spec()) == []
    assert attempt_problems(Attempt.objects.all()) == []
    assert not Attempt.objects.open().exists()


def test_seeding_again_changes_nothing_and_says_so():
    seed_tiny()
    counts = Attempt.objects.count(), Response.objects.count()

    assert "already in the database: nothing changed" in seed_tiny()
    assert (Attempt.objects.count(), Response.objects.count()) == counts


def test_a_learner_with_two_attempts_at_a_quiz_is_a_class_problem():
    seed_tiny()
    twice = (
        Attempt.objects.order_by()
        .values("user", "quiz")
        .annotate(n=Count("pk"))
        .filter(n=2)
        .order_by("quiz")
        .values_list("quiz", flat=True)
        .first()
    )
    if twice is None:
        pytest.fail("the tiny dataset has no second attempt to check with")
    quiz_attempts = Attempt.objects.filter(quiz_id=twice).select_related("quiz", "user")
    users = list({a.user for a in quiz_attempts})

    problems = class_problems(quiz=quiz_attempts[0].quiz, users=users)

    assert any("has 2 attempts instead of 1" in problem for problem in problems)


def test_a_score_that_is_not_the_sum_of_its_responses_is_found():
    seed_tiny()
    attempt = Attempt.objects.first()
    Attempt.objects.filter(pk=attempt.pk).update(score=attempt.score + 1)
    Response.objects.filter(attempt=Attempt.objects.last()).first().delete()

    problems = attempt_problems(Attempt.objects.all())

    assert any(f"{attempt.pk} scored" in problem for problem in problems)
    assert any("responses for 7 questions" in problem for problem in problems)


def test_with_debug_off_it_refuses_without_force_and_writes_nothing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_load_data", *TINY[:-1], stdout=StringIO())

    assert not Course.objects.exists()
    assert not User.objects.exists()


def test_with_debug_on_it_seeds_without_force(settings):
    settings.DEBUG = True

    call_command("seed_load_data", *TINY[:-1], stdout=StringIO())

    assert Enrollment.objects.filter(course__slug=SLUG).count() == 30


def test_the_outline_course_is_made_of_the_size_asked_for_and_removed_with_its_learners():
    learner = User.objects.create_user("someone@load.test", password="x")
    outline_course(Scale(learners=0, modules=4, lessons_per_module=3, questions_per_quiz=2))
    course = Course.objects.get(slug=OUTLINE_SLUG)
    Enrollment.objects.create(user=learner, course=course)

    assert Module.objects.filter(course=course).count() == 4
    assert Lesson.objects.filter(module__course=course).count() == 12
    assert course.is_published

    remove_outline_course()

    assert not Course.objects.filter(slug=OUTLINE_SLUG).exists()
    assert User.objects.filter(pk=learner.pk).exists()
