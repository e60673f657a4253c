"""Each reminder step finds whom to remind in the same number of queries for a small class and a
big one: what grows with the number of learners is only the mails queued, each costing what
queueing one mail costs (its row and its delivery task), and a run with nothing new to send
costs the same whatever the number of learners."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import Membership
from jsnlearn.classrooms.reminders import send_due_reminders, send_review_reminders
from jsnlearn.mail.services import queue_email
from lessons.models import LessonCompletion
from quizzes.models import Attempt
from tests.classrooms.reminder_helpers import NOW, TOKYO_MIDNIGHT, TOKYO_MORNING, TOMORROW, deal
from tests.factories import ClassroomFactory, DueDateFactory, UserFactory

SIZES = (10, 60)
# The due dates in their window; the course's outline (modules, lessons, quizzes: read once per
# content version, so on the first run only); the members; their completions and passes of
# the items due; the mail keys already used.
DUE_FIRST_RUN, DUE_AGAIN = 8, 5
# The time zones of the learners who asked; the cards due today, counted per learner; the mail
# keys already used; the learners.
REVIEW_RUN = 4


def queries_to_queue_one_mail() -> int:
    """What queueing one mail costs, measured (its row, its task, here delivered at once)."""
    with CaptureQueriesContext(connection) as queries:
        queue_email(to="someone@example.com", subject="-", body="-", key="probe", kind="probe")
    return len(queries)


def learners(count: int, **fields) -> list[User]:
    return UserFactory.create_batch(count, **fields)


@pytest.mark.parametrize("size", SIZES)
def test_due_reminders_cost_a_fixed_number_of_queries(
    course, lessons, quiz, django_assert_num_queries, size
):
    per_mail = queries_to_queue_one_mail()
    classroom = ClassroomFactory(course=course)
    module = course.modules.get(slug="m1")
    DueDateFactory(classroom=classroom, quiz=quiz, due=TOMORROW)
    DueDateFactory(classroom=classroom, module=module, quiz=None, due=TOMORROW)
    behind, finished, opted_out = learners(size), learners(size), learners(size)
    Membership.objects.bulk_create(
        Membership(classroom=classroom, user=user, reminders_on=user not in opted_out)
        for user in behind + finished + opted_out
    )
    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=user, lesson=lesson) for user in finished for lesson in lessons[:2]
    )
    Attempt.objects.bulk_create(
        Attempt(user=user, quiz=quiz, submitted_at=NOW, percent=90, passed=True)
        for user in finished
    )

    with django_assert_num_queries(DUE_FIRST_RUN + 2 * size * per_mail):
        assert send_due_reminders(now=NOW) == 2 * size  # the quiz and the module, each
    with django_assert_num_queries(DUE_AGAIN):
        assert send_due_reminders(now=NOW + timedelta(minutes=10)) == 0


@pytest.mark.parametrize("size", SIZES)
def test_review_reminders_cost_a_fixed_number_of_queries(quiz, django_assert_num_queries, size):
    per_mail = queries_to_queue_one_mail()
    due, nothing_due = learners(size, review_emails=True), learners(size, review_emails=True)
    did_not_ask = learners(size)
    for user in due + did_not_ask:
        deal(user, quiz, [TOKYO_MIDNIGHT - timedelta(days=1), TOKYO_MIDNIGHT])
    for user in nothing_due:
        deal(user, quiz, [TOKYO_MIDNIGHT + timedelta(days=3)])
    User.objects.update(time_zone="Asia/Tokyo")

    with django_assert_num_queries(REVIEW_RUN + size * per_mail):
        assert send_review_reminders(now=TOKYO_MORNING) == size
    with django_assert_num_queries(REVIEW_RUN):
        assert send_review_reminders(now=TOKYO_MORNING + timedelta(minutes=10)) == 0
