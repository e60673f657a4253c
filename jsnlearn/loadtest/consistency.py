"""Checks of graded attempts against their responses, for the benchmark's write scenarios: a
submission that went missing, was graded twice or scored wrong shows up here."""

from collections import Counter

from django.db.models import Count, Sum

from quizzes.models import Attempt


def attempt_problems(attempts) -> list[str]:
    """What is wrong with these attempts (a queryset), in words; [] when all are consistent:
    each submitted, with one response per question of its paper, its score the sum of the
    points awarded and its percent and pass worked out from that score."""
    problems = []
    rows = attempts.select_related("quiz").annotate(
        responses_count=Count("responses"), awarded=Sum("responses__awarded_points")
    )
    for attempt in rows:
        name = f"Attempt {attempt.pk}"
        if not attempt.is_submitted or attempt.score is None:
            problems.append(f"{name} is not graded.")
            continue
        questions = len(attempt.layout["questions"])
        if attempt.responses_count != questions:
            problems.append(
                f"{name} has {attempt.responses_count} responses for {questions} questions."
            )
        if attempt.score != (attempt.awarded or 0):
            problems.append(f"{name} scored {attempt.score}, its responses {attempt.awarded}.")
        percent = int(attempt.score * 100 // attempt.max_score) if attempt.max_score else 0
        passed = attempt.score * 100 >= attempt.quiz.pass_percent * attempt.max_score
        if (attempt.percent, attempt.passed) != (percent, passed):
            problems.append(f"{name}'s percent or pass does not follow from its score.")
    return problems


def class_problems(*, quiz, users) -> list[str]:
    """A class took `quiz` once each: every one of `users` has exactly one attempt at it,
    submitted and consistently graded."""
    attempts = Attempt.objects.filter(quiz=quiz, user__in=users)
    per_user = Counter(attempts.values_list("user_id", flat=True))
    problems = [
        f"{user} has {per_user[user.pk]} attempts instead of 1."
        for user in users
        if per_user[user.pk] != 1
    ]
    return problems + attempt_problems(attempts)
