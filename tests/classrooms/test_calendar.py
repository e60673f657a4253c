"""The private calendar feed: made on first use, listing every due and open date of the
learner's classes, read back with icalendar; resetting its address retires the old one."""

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from jsnlearn.classrooms.models import CalendarFeed
from tests.factories import ClassroomFactory, DueDateFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def classroom(course):
    return ClassroomFactory(course=course, name="Tokyo onboarding")


@pytest.fixture
def member(learner, classroom):
    MembershipFactory(user=learner, classroom=classroom)
    return learner


def feed_url(client) -> str:
    """The address the classes page shows, after asking for one."""
    client.post("/classes/calendar/link/")
    return CalendarFeed.objects.get().token and (
        f"/classes/calendar/{CalendarFeed.objects.get().token}.ics"
    )


def events(response) -> list:
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_the_classes_page_offers_a_link_then_shows_it(learner_client, member):
    before = html.unescape(learner_client.get("/classes/").content.decode())
    assert not CalendarFeed.objects.exists()  # nothing made until asked for
    response = learner_client.post("/classes/calendar/link/", follow=True)
    page = html.unescape(response.content.decode())

    assert "Get my calendar link" in before
    token = CalendarFeed.objects.get(user=member).token
    assert f"http://testserver/classes/calendar/{token}.ics" in page
    assert "Copy link" in page
    assert "Reset link" in page


def test_the_feed_lists_each_due_and_open_date_with_class_and_address(
    learner_client, member, classroom, quiz
):
    opens = timezone.now().replace(microsecond=0) + timedelta(days=1)
    quiz_date = DueDateFactory(
        classroom=classroom, quiz=quiz, opens=opens, due=opens + timedelta(days=6)
    )
    module_date = DueDateFactory(
        classroom=classroom, module=quiz.module, due=opens + timedelta(days=9)
    )
    url = feed_url(learner_client)

    response = learner_client.get(url)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = {str(event["UID"]): event for event in events(response)}
    assert set(found) == {
        f"duedate-{quiz_date.pk}-due@testserver",
        f"duedate-{quiz_date.pk}-opens@testserver",
        f"duedate-{module_date.pk}-due@testserver",
    }
    due = found[f"duedate-{quiz_date.pk}-due@testserver"]
    assert str(due["SUMMARY"]) == "Due: Module 1 quiz (Tokyo onboarding)"
    assert due.decoded("DTSTART") == quiz_date.due
    assert str(due["URL"]) == "http://testserver/courses/sns-japan/m1/quiz/q1/"
    assert "DTSTAMP" in due
    opening = found[f"duedate-{quiz_date.pk}-opens@testserver"]
    assert str(opening["SUMMARY"]) == "Opens: Module 1 quiz (Tokyo onboarding)"
    assert opening.decoded("DTSTART") == opens
    module_due = found[f"duedate-{module_date.pk}-due@testserver"]
    assert str(module_due["SUMMARY"]) == "Due: Module 1 (Tokyo onboarding)"
    assert str(module_due["URL"]) == "http://testserver/courses/sns-japan/?module=m1#module-m1"


def test_the_uids_stay_when_a_date_moves(learner_client, member, classroom, quiz):
    date = DueDateFactory(classroom=classroom, quiz=quiz)
    url = feed_url(learner_client)
    before = [str(event["UID"]) for event in events(learner_client.get(url))]

    date.due += timedelta(days=2)
    date.save()

    assert [str(event["UID"]) for event in events(learner_client.get(url))] == before


def test_the_feed_needs_no_session_but_shows_only_its_learners_classes(
    learner_client, member, classroom, quiz
):
    DueDateFactory(classroom=classroom, quiz=quiz)
    DueDateFactory(quiz=quiz, classroom=ClassroomFactory(course=classroom.course, name="Other"))
    url = feed_url(learner_client)

    response = Client().get(url)  # a calendar app: no cookies

    assert response.status_code == 200
    assert [str(event["SUMMARY"]) for event in events(response)] == [
        "Due: Module 1 quiz (Tokyo onboarding)"
    ]


def test_resetting_the_link_makes_the_old_one_404(learner_client, member, classroom, quiz):
    DueDateFactory(classroom=classroom, quiz=quiz)
    old = feed_url(learner_client)

    response = learner_client.post("/classes/calendar/link/", follow=True)

    assert "the old one no longer works" in html.unescape(response.content.decode())
    assert learner_client.get(old).status_code == 404
    new = f"/classes/calendar/{CalendarFeed.objects.get().token}.ics"
    assert new != old
    assert learner_client.get(new).status_code == 200


def test_a_forged_feed_address_is_404(client, member):
    assert client.get("/classes/calendar/not-a-token.ics").status_code == 404


def test_the_link_is_made_by_a_post_of_a_signed_in_learner(learner_client, member):
    assert learner_client.get("/classes/calendar/link/").status_code == 405
    response = Client().post("/classes/calendar/link/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not CalendarFeed.objects.exists()


def test_another_learners_feed_is_theirs_alone(client, member, classroom, quiz):
    DueDateFactory(classroom=classroom, quiz=quiz)
    someone = UserFactory()
    client.force_login(someone)
    client.post("/classes/calendar/link/")
    token = CalendarFeed.objects.get(user=someone).token

    assert events(client.get(f"/classes/calendar/{token}.ics")) == []
