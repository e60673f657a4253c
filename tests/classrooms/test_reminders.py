"""Due-date reminders: who gets one, when, what it says, and never twice."""

from datetime import timedelta

import pytest
from django.core import mail

from jsnlearn.classrooms.reminders import send_due_reminders
from jsnlearn.mail.models import OutgoingEmail
from lessons.models import LessonCompletion
from quizzes.models import Attempt
from tests.classrooms.reminder_helpers import NOW, TOMORROW
from tests.factories import (
    ClassroomFactory,
    DueDateFactory,
    MembershipFactory,
    UserFactory,
    content_edited,
)


@pytest.fixture
def classroom(course):
    return ClassroomFactory(course=course, name="Tokyo onboarding", reminder_days=2)


@pytest.fixture
def member(classroom):
    user = UserFactory(display_name="Kenji", time_zone="Asia/Tokyo")
    MembershipFactory(classroom=classroom, user=user)
    return user


@pytest.fixture
def quiz_due(classroom, quiz):
    return DueDateFactory(classroom=classroom, quiz=quiz, due=TOMORROW)


def passed(user, quiz, *, passed=True):
    return Attempt.objects.create(
        user=user, quiz=quiz, submitted_at=NOW - timedelta(hours=1), percent=80, passed=passed
    )


def test_a_member_gets_one_email_for_a_quiz_due_within_the_lead_time(member, quiz_due, quiz):
    assert send_due_reminders(now=NOW) == 1

    (sent,) = mail.outbox
    assert sent.to == [member.email]
    assert sent.subject == "Due Sat 12 Dec at 17:00: Module 1 quiz (Tokyo onboarding)"
    assert "The quiz “Module 1 quiz” is due Sat 12 Dec at 17:00 (Asia/Tokyo time)" in sent.body
    assert "your class Tokyo onboarding" in sent.body
    assert f"http://127.0.0.1:8000{quiz.get_absolute_url()}" in sent.body
    html = sent.alternatives[0][0]
    assert "Due Sat 12 Dec at 17:00" in html
    assert quiz.get_absolute_url() in html
    unsubscribe = sent.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/unsubscribe/")
    assert unsubscribe[1:-1] in sent.body
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    email = OutgoingEmail.objects.get()
    assert email.kind == "due_reminder"
    assert email.user == member


def test_running_again_sends_nothing_twice(member, quiz_due):
    assert send_due_reminders(now=NOW) == 1
    assert send_due_reminders(now=NOW + timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_a_due_date_moved_later_reminds_again(member, quiz_due):
    send_due_reminders(now=NOW)
    quiz_due.due = TOMORROW + timedelta(hours=3)
    quiz_due.save()

    assert send_due_reminders(now=NOW + timedelta(hours=1)) == 1
    assert "Due Sat 12 Dec at 20:00" in mail.outbox[-1].subject


@pytest.mark.parametrize(
    ("reminder_days", "due_in", "reminded"),
    [
        (2, timedelta(days=2), True),  # the lead time's first moment
        (2, timedelta(days=2, minutes=1), False),  # not yet
        (2, timedelta(minutes=1), True),  # just before
        (2, -timedelta(minutes=1), False),  # past
        (0, timedelta(hours=1), False),  # the class sends none
        (7, timedelta(days=6), True),
    ],
)
def test_the_lead_time_is_the_classs(member, classroom, quiz, reminder_days, due_in, reminded):
    classroom.reminder_days = reminder_days
    classroom.save()
    DueDateFactory(classroom=classroom, quiz=quiz, due=NOW + due_in)

    assert send_due_reminders(now=NOW) == int(reminded)


def test_members_who_opted_out_of_the_class_get_none(member, classroom, quiz_due):
    member.memberships.update(reminders_on=False)
    other = MembershipFactory(classroom=classroom).user

    assert send_due_reminders(now=NOW) == 1
    assert mail.outbox[0].to == [other.email]


def test_learners_outside_the_class_get_none(member, quiz_due, course):
    ClassroomFactory(course=course)  # another class of the course, with its own members
    MembershipFactory(classroom=ClassroomFactory(course=course))

    assert send_due_reminders(now=NOW) == 1


def test_a_passed_quiz_is_not_reminded_and_a_failed_one_is(member, classroom, quiz, quiz_due):
    failing = MembershipFactory(classroom=classroom).user
    passed(member, quiz)
    passed(failing, quiz, passed=False)

    assert send_due_reminders(now=NOW) == 1
    assert mail.outbox[0].to == [failing.email]


def test_a_module_is_reminded_with_what_is_left_until_all_of_it_is_done(
    member, classroom, course, lessons, quiz
):
    module = course.modules.get(slug="m1")
    DueDateFactory(classroom=classroom, module=module, quiz=None, due=TOMORROW)
    LessonCompletion.objects.create(user=member, lesson=lessons[0])

    assert send_due_reminders(now=NOW) == 1
    assert "The module “Module 1” is due Sat 12 Dec at 17:00" in mail.outbox[0].body
    assert "You have 1 lesson and 1 quiz left." in mail.outbox[0].body
    assert f"{course.get_absolute_url()}?module=m1" in mail.outbox[0].body

    # Everything done: the same due date, moved, reminds nobody.
    LessonCompletion.objects.create(user=member, lesson=lessons[1])
    passed(member, quiz)
    module.due_dates.update(due=TOMORROW + timedelta(hours=1))
    assert send_due_reminders(now=NOW) == 0


def test_lessons_of_other_modules_do_not_finish_a_module(member, classroom, course, lessons):
    module = course.modules.get(slug="m1")
    DueDateFactory(classroom=classroom, module=module, quiz=None, due=TOMORROW)
    for lesson in lessons[2:]:  # module 2's
        LessonCompletion.objects.create(user=member, lesson=lesson)

    assert send_due_reminders(now=NOW) == 1
    assert "You have 2 lessons left." in mail.outbox[0].body


def test_an_item_not_yet_open_is_not_reminded_until_it_opens(member, classroom, quiz):
    DueDateFactory(classroom=classroom, quiz=quiz, opens=NOW + timedelta(hours=2), due=TOMORROW)

    assert send_due_reminders(now=NOW) == 0
    assert send_due_reminders(now=NOW + timedelta(hours=2)) == 1


def test_an_unpublished_quiz_is_not_reminded(member, quiz_due, quiz):
    quiz.is_published = False
    quiz.save()
    content_edited(quiz.module.course_id)

    assert send_due_reminders(now=NOW) == 0


def test_a_deactivated_account_gets_none(member, quiz_due):
    member.is_active = False
    member.save()

    assert send_due_reminders(now=NOW) == 0


def test_each_member_reads_the_time_in_their_own_zone(member, classroom, quiz_due):
    MembershipFactory(classroom=classroom, user=UserFactory(time_zone="America/New_York"))
    MembershipFactory(classroom=classroom, user=UserFactory(time_zone=""))  # the site's

    send_due_reminders(now=NOW)

    assert sorted(sent.subject.split(": ")[0] for sent in mail.outbox) == [
        "Due Sat 12 Dec at 03:00",
        "Due Sat 12 Dec at 08:00",
        "Due Sat 12 Dec at 17:00",
    ]


def test_a_draft_course_reminds_nobody(member, quiz_due, course):
    course.is_published = False
    course.save()
    content_edited(course)

    assert send_due_reminders(now=NOW) == 0


def test_a_learner_in_two_classes_of_a_course_is_reminded_of_each_with_its_name(
    member, quiz_due, course, quiz
):
    evening = ClassroomFactory(course=course, name="Evening group")
    MembershipFactory(classroom=evening, user=member)
    DueDateFactory(classroom=evening, quiz=quiz, due=TOMORROW + timedelta(hours=2))

    assert send_due_reminders(now=NOW) == 2
    assert sorted(sent.subject for sent in mail.outbox) == [
        "Due Sat 12 Dec at 17:00: Module 1 quiz (Tokyo onboarding)",
        "Due Sat 12 Dec at 19:00: Module 1 quiz (Evening group)",
    ]


def test_names_are_escaped_in_the_html_email(member, classroom, quiz_due):
    classroom.name = "<b>Cohort</b> & friends"
    classroom.save()

    send_due_reminders(now=NOW)

    html = mail.outbox[0].alternatives[0][0]
    assert "&lt;b&gt;Cohort&lt;/b&gt; &amp; friends" in html
    assert "<b>Cohort</b>" not in html
    assert "<b>Cohort</b> & friends" in mail.outbox[0].body  # plain text is plain
