"""An instructor switches the weekly digest off and on again from their account page."""

from datetime import UTC, datetime

from django.test import Client

from jsnlearn.classrooms.digest import send_weekly_digests
from tests.factories import ClassroomFactory, MembershipFactory, UserFactory
from tests.helpers import text

NOW = datetime(2026, 12, 9, 8, 0, tzinfo=UTC)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_instructor_stops_and_restarts_the_digest_from_their_account(db):
    sensei = UserFactory(is_staff=True)
    ClassroomFactory().instructors.add(sensei)
    MembershipFactory(classroom=sensei.taught_classrooms.get())
    client = signed_in(sensei)
    assert "Email me a weekly digest of each class I run" in text(client.get("/accounts/"))

    response = client.post("/accounts/digests/", follow=True)  # the box unticked

    assert "Weekly class digests are off." in text(response)
    assert send_weekly_digests(now=NOW) == 0

    client.post("/accounts/digests/", {"digest_emails": "on"})

    assert send_weekly_digests(now=NOW) == 1


def test_a_learner_sees_no_teaching_section_and_the_switch_takes_only_a_post(db):
    client = signed_in(UserFactory())

    assert "weekly digest" not in text(client.get("/accounts/"))
    assert client.get("/accounts/digests/").status_code == 405
