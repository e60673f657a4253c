"""The instructors' weekly digest of each class (jsnlearn/classrooms/digest.py)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from jsnlearn.classrooms.digest import send_weekly_digests
from jsnlearn.classrooms.models import Classroom, DueDate, Membership
from jsnlearn.mail.models import OutgoingEmail
from lessons.models import LessonCompletion
from quizzes.models import Attempt
from tests.classrooms.standing_helpers import cohort
from tests.factories import QuizFactory, UserFactory, content_edited
from tests.reports.helpers import instructor_of

NOW = datetime(2026, 12, 9, 8, 0, tzinfo=UTC)  # a Wednesday of ISO week 50


@pytest.fixture
def klass(course, lessons):
    made = cohort(course, lessons, now=NOW)
    # Everyone joined two weeks ago; Aiko, Ben and Chika worked yesterday.
    Membership.objects.update(joined=NOW - timedelta(days=14))
    LessonCompletion.objects.update(completed_at=NOW - timedelta(days=1))
    Attempt.objects.update(started_at=NOW - timedelta(days=1), submitted_at=NOW - timedelta(days=1))
    return made


def digests() -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(kind="digest").order_by("pk"))


def body(email: OutgoingEmail) -> str:
    return " ".join(email.message["body"].split())


def test_the_digest_says_who_is_behind_overdue_or_inactive_and_which_quiz_is_failed(klass):
    ben = klass["members"][1]
    LessonCompletion.objects.filter(user=ben).update(completed_at=NOW - timedelta(days=10))
    Attempt.objects.filter(user=ben).update(submitted_at=NOW - timedelta(days=9))

    assert send_weekly_digests(now=NOW) == 1

    (email,) = digests()
    assert email.to == "sensei@example.com"
    assert email.key == f"digest:{klass['classroom'].pk}:{klass['sensei'].pk}:2026-W50"
    assert "Tokyo spring cohort: 4 members behind or overdue" in email.subject
    text = body(email)
    assert "5 members: 1 on track, 1 behind, 3 overdue." in text
    quiz = klass["quiz"].title
    assert (
        f"Overdue (something past its due date is not finished): "
        f"- Ben <ben@example.com>: Quiz: {quiz} "
        f"- Key <key.suzuki@example.com>: Quiz: {quiz} "
        f"- Key <key.tanaka@example.com>: Quiz: {quiz} "
    ) in text
    assert (
        "Behind (something due in the next 3 days is not finished; times in UTC): "
        "- Chika <chika@example.com>: Module: Module 2, due Fri 11 Dec, 08:00"
    ) in text
    assert (
        "Not active for 7 days or more: "
        "- Ben <ben@example.com>: last active 9 days ago "
        "- Key <key.suzuki@example.com>: nothing done since joining 14 days ago "
        "- Key <key.tanaka@example.com>: nothing done since joining 14 days ago "
    ) in text
    assert f"The quiz members fail most: {quiz}. 2 of the 3 members who tried it passed (66%)." in (
        text
    )
    report = f"http://127.0.0.1:8000/admin/reports/classes/{klass['classroom'].pk}/"
    assert report in text
    html = email.message["alternatives"][0][0]
    assert report in html
    assert "key.tanaka@example.com" in html


def test_the_quiz_failed_most_is_the_one_with_the_lowest_pass_rate(klass, course):
    hard = QuizFactory(module=course.modules.get(slug="m2"), title="Keigo drill", is_published=True)
    content_edited(course)
    aiko = klass["members"][0]
    Attempt.objects.create(user=aiko, quiz=hard, submitted_at=NOW, percent=40, passed=False)

    send_weekly_digests(now=NOW)

    assert (
        "The quiz members fail most: Keigo drill. 0 of the 1 member who tried it passed (0%)."
        in (body(digests()[0]))
    )


def test_running_it_again_in_the_same_week_sends_nothing_more(klass):
    assert send_weekly_digests(now=NOW) == 1
    assert send_weekly_digests(now=NOW + timedelta(hours=1)) == 0
    assert send_weekly_digests(now=NOW + timedelta(days=4, hours=15)) == 0  # Sunday 23:00 UTC

    assert len(digests()) == 1
    assert len([m for m in mail.outbox if "behind or overdue" in m.subject]) == 1


def test_the_next_week_brings_the_next_digest(klass):
    send_weekly_digests(now=NOW)

    assert send_weekly_digests(now=NOW + timedelta(days=5)) == 1  # Monday of week 51

    assert [email.key.rsplit(":", 1)[1] for email in digests()] == ["2026-W50", "2026-W51"]


def test_each_instructor_of_the_class_gets_their_own_and_nobody_else_does(klass, course):
    co_teacher = UserFactory(is_staff=True, email="co@example.com")
    klass["classroom"].instructors.add(co_teacher)
    instructor_of(course, email="course-only@example.com")  # teaches the course, not the class
    other_class = Classroom.objects.create(course=course, name="Another class")
    other_teacher = UserFactory(is_staff=True, email="other@example.com")
    other_class.instructors.add(other_teacher)
    Membership.objects.create(classroom=other_class, user=UserFactory(display_name="Daichi"))

    assert send_weekly_digests(now=NOW) == 3

    sent = {
        (email.to, email.subject.split(": ")[0].removeprefix("[jsnlearn] ")) for email in digests()
    }
    assert sent == {
        ("sensei@example.com", "Tokyo spring cohort"),
        ("co@example.com", "Tokyo spring cohort"),
        ("other@example.com", "Another class"),
    }
    other = next(email for email in digests() if email.to == "other@example.com")
    assert "Another class (Social networking in Japan), 1 member: 1 on track" in body(other)
    assert "ben@example.com" not in body(other)


def test_a_class_without_members_or_that_has_ended_gets_no_digest(klass, course):
    empty = Classroom.objects.create(course=course, name="Empty class")
    empty.instructors.add(klass["sensei"])
    klass["classroom"].ends = date(2026, 12, 8)
    klass["classroom"].save()

    assert send_weekly_digests(now=NOW) == 0
    assert digests() == []


def test_a_class_ending_today_still_gets_its_digest(klass):
    klass["classroom"].ends = date(2026, 12, 9)
    klass["classroom"].save()

    assert send_weekly_digests(now=NOW) == 1


def test_a_class_keeping_up_says_so(klass):
    DueDate.objects.all().delete()

    send_weekly_digests(now=NOW)

    (email,) = digests()
    assert email.subject.endswith("Tokyo spring cohort: everyone is keeping up")
    assert "No one is behind or overdue." in body(email)


def test_due_times_read_in_the_instructor_s_time_zone(klass):
    sensei = klass["sensei"]
    sensei.time_zone = "Asia/Tokyo"
    sensei.save(update_fields=["time_zone"])

    send_weekly_digests(now=NOW)

    assert (
        "times in Asia/Tokyo): - Chika <chika@example.com>: Module: Module 2, due Fri 11 Dec, 17:00"
    ) in body(digests()[0])


def test_an_instructor_can_stop_the_digest_in_one_click_and_gets_no_more(klass, client):
    send_weekly_digests(now=NOW)
    (email,) = digests()
    header = email.message["headers"]["List-Unsubscribe"]
    assert email.message["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header.strip("<>").removeprefix("http://127.0.0.1:8000")
    assert link in email.message["body"]

    response = client.post(link, {"List-Unsubscribe": "One-Click"})

    assert "No more weekly class digests" in response.content.decode()
    assert send_weekly_digests(now=NOW + timedelta(days=7)) == 0
    assert len(digests()) == 1
