"""The class report and its CSV run the same number of queries for 30 members and for 3,000."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import Classroom, DueDate, Membership
from jsnlearn.review.models import ReviewCard, ReviewLog
from lessons.models import Lesson, LessonCompletion
from quizzes.models import Attempt
from tests.classrooms.standing_helpers import csv_url, report_url
from tests.factories import build_course
from tests.helpers import answer_in_queries
from tests.reports.helpers import graded_quiz, instructor_of

# Every admin page reads the session and the user. The report reads the class (within the
# instructor's scope, with its member count and latest join) and its due dates; once a period it
# works out the standing: the outline (three queries, then kept in memory), the members, their
# completions, their attempts and their latest reviews.
QUERIES = {
    "report, standing worked out": 11,
    "report sorted by name, standing kept": 4,
    "CSV, standing kept": 4,
    "CSV, standing worked out, outline in memory": 8,
}


def _class_of(size: int, instructor) -> Classroom:
    """A class of `size` members of a 3 x 3 course with a quiz per module, each member with
    different work: lessons completed, attempts passed or not, a review; due dates past and
    coming."""
    course = build_course(modules=3, lessons_per_module=3)
    modules = list(course.modules.all())
    quizzes = [graded_quiz(module, slug=f"check-{module.pk}")[0] for module in modules]
    classroom = Classroom.objects.create(course=course, name=f"Class of {size}")
    classroom.instructors.add(instructor)
    users = User.objects.bulk_create(
        User(email=f"member{n}@example.com", display_name=f"Member {n % 97}") for n in range(size)
    )
    Membership.objects.bulk_create(Membership(classroom=classroom, user=user) for user in users)
    lessons = list(Lesson.objects.filter(module__course=course).order_by("module", "position"))
    now = timezone.now()
    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=user, lesson=lesson, completed_at=now - timedelta(hours=n))
        for n, user in enumerate(users)
        for lesson in lessons[: n % (len(lessons) + 1)]
    )
    Attempt.objects.bulk_create(
        Attempt(
            user=user,
            quiz=quizzes[n % len(quizzes)],
            submitted_at=now - timedelta(minutes=n),
            percent=(n * 7) % 101,
            passed=(n * 7) % 101 >= 70,
        )
        for n, user in enumerate(users)
    )
    question = quizzes[0].questions.first()
    cards = ReviewCard.objects.bulk_create(
        ReviewCard(user=user, question=question, course=course, kind=question.kind, due=now)
        for user in users[::3]
    )
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user_id=card.user_id,
            card=card,
            seq=2,
            rating=ReviewLog.Rating.GOOD,
            reviewed_at=now,
            awarded_points=1,
            due_after=now,
        )
        for card in cards
    )
    DueDate.objects.create(classroom=classroom, quiz=quizzes[0], due=now - timedelta(days=1))
    DueDate.objects.create(classroom=classroom, module=modules[1], due=now + timedelta(days=1))
    DueDate.objects.create(classroom=classroom, quiz=quizzes[2], due=now + timedelta(days=9))
    return classroom


@pytest.mark.parametrize("members", [30, 3000])
def test_the_class_report_costs_the_same_queries_for_30_or_3000_members(
    client, course, django_assert_num_queries, members
):
    sensei = instructor_of(course, display_name="Sensei")
    client.force_login(sensei)
    classroom = _class_of(members, sensei)

    def answer(step, url):
        return answer_in_queries(django_assert_num_queries, QUERIES[step], client, url)

    page = answer("report, standing worked out", report_url(classroom))
    assert f"{members} members" in page.content.decode()
    answer("report sorted by name, standing kept", report_url(classroom, sort="name"))
    rows = answer("CSV, standing kept", csv_url(classroom)).content.decode().splitlines()
    assert len(rows) == members + 1
    caches["figures"].clear()
    answer("CSV, standing worked out, outline in memory", csv_url(classroom))
