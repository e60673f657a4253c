"""Joining a class by its link, a typed code or an emailed invitation; leaving it; reminders."""

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from jsnlearn.classrooms.models import Invitation, Membership
from jsnlearn.classrooms.services import CannotJoin, join_class
from lessons.models import Enrollment, LessonCompletion
from tests.factories import (
    ClassroomFactory,
    LessonCompletionFactory,
    MembershipFactory,
    UserFactory,
    build_course,
)
from tests.helpers import at_once

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page as a reader sees its words (quotes unescaped)."""
    return html.unescape(response.content.decode())


@pytest.fixture
def teacher():
    return UserFactory(display_name="Tanaka-sensei", is_staff=True)


@pytest.fixture
def classroom(course, teacher):
    made = ClassroomFactory(course=course, name="Tokyo onboarding", invite_code="K7QPM2XA")
    made.instructors.add(teacher)
    return made


def join_url(code="K7QPM2XA"):
    return f"/classes/join/{code}/"


def test_the_link_says_which_class_who_runs_it_and_what_joining_shares(learner_client, classroom):
    page = text(learner_client.get(join_url()))

    assert "Tokyo onboarding" in page
    assert "Social networking in Japan" in page
    assert "Tanaka-sensei" in page
    assert "Your instructor will see your progress and your email address" in page
    assert "Join Tokyo onboarding</button>" in page
    assert not Membership.objects.exists()  # looking joins nothing


def test_one_click_joins_enrolls_and_lands_on_the_course_with_a_message(
    learner_client, learner, classroom
):
    response = learner_client.post(join_url(), follow=True)

    assert response.redirect_chain == [("/courses/sns-japan/", 302)]
    assert Membership.objects.filter(user=learner, classroom=classroom).exists()
    assert Enrollment.objects.filter(user=learner, course=classroom.course).exists()
    assert "You've joined Tokyo onboarding" in text(response)
    learner.refresh_from_db()
    assert learner.classes_version is not None


def test_a_code_is_found_whatever_its_case(learner_client, learner, classroom):
    learner_client.post(join_url("k7qpm2xa"))

    assert Membership.objects.filter(user=learner, classroom=classroom).exists()


def test_a_visitor_is_sent_to_sign_in_and_comes_back_to_the_same_page(client, classroom):
    page = text(client.get(join_url()))

    assert "/accounts/login/?next=/classes/join/K7QPM2XA/" in page
    assert "/accounts/signup/?next=/classes/join/K7QPM2XA/" in page
    response = client.post(join_url())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/classes/join/K7QPM2XA/"
    assert not Membership.objects.exists()


def test_a_member_is_told_so_and_joining_again_changes_nothing(learner_client, learner, classroom):
    MembershipFactory(user=learner, classroom=classroom)

    page = text(learner_client.get(join_url()))
    response = learner_client.post(join_url(), follow=True)

    assert "You're already in this class" in page
    assert "Join Tokyo onboarding</button>" not in page
    assert "You're already in Tokyo onboarding" in text(response)
    assert Membership.objects.filter(user=learner).count() == 1


def test_a_wrong_code_is_a_clear_404_and_joins_nothing(learner_client, classroom):
    for method in (learner_client.get, learner_client.post):
        response = method(join_url("ZZZZ2222"))

        assert response.status_code == 404
        assert "No class has this code" in text(response)
    assert not Membership.objects.exists()


def test_a_class_of_an_unpublished_course_cannot_be_joined(learner_client, classroom):
    classroom.course.is_published = False
    classroom.course.save()

    assert learner_client.post(join_url()).status_code == 404
    assert not Membership.objects.exists()


def test_a_reset_code_no_longer_joins(learner_client, classroom):
    classroom.invite_code = "NEWC0DE9"
    classroom.save()

    response = learner_client.post(join_url())

    assert response.status_code == 404
    assert not Membership.objects.exists()


def test_an_ended_class_is_410_and_joins_nothing(learner_client, classroom):
    classroom.ends = timezone.localdate() - timedelta(days=1)
    classroom.save()

    for method in (learner_client.get, learner_client.post):
        response = method(join_url())

        assert response.status_code == 410
        assert "This class has ended" in text(response)
    assert not Membership.objects.exists()


def test_a_class_ending_today_still_takes_members(learner_client, learner, classroom):
    classroom.ends = timezone.localdate()
    classroom.save()

    learner_client.post(join_url())

    assert Membership.objects.filter(user=learner).exists()


def test_wrong_methods_are_refused(learner_client, classroom):
    assert learner_client.put(join_url()).status_code == 405
    assert learner_client.get("/classes/calendar/link/").status_code == 405
    assert not Membership.objects.exists()


# ---- Typing a code ----


def test_a_typed_code_leads_to_its_class_page(learner_client, classroom):
    response = learner_client.get("/classes/join/", {"code": " k7qp-m2xa "})

    assert response.status_code == 302
    assert response["Location"] == join_url()


def test_a_typed_code_with_other_characters_is_a_form_error(learner_client, classroom):
    response = learner_client.get("/classes/join/", {"code": "<script>"})

    assert response.status_code == 400
    assert "A class code has only letters and digits." in text(response)


def test_the_code_form_has_a_label(client):
    page = text(client.get("/classes/join/"))

    assert '<label for="id_code">Class code' in page


# ---- Emailed invitations ----


@pytest.fixture
def invitation(classroom, teacher):
    return Invitation.objects.create(
        classroom=classroom, email="aiko@example.com", invited_by=teacher, token="tok-abc"
    )


def test_an_invitation_joins_once_and_is_used_up(learner_client, learner, invitation):
    page = text(learner_client.get("/classes/invitations/tok-abc/"))
    learner_client.post("/classes/invitations/tok-abc/")

    assert "You're invited to a class" in page
    invitation.refresh_from_db()
    assert invitation.accepted_by == learner
    assert invitation.accepted_at is not None
    assert Membership.objects.filter(user=learner, classroom=invitation.classroom).exists()


def test_a_used_invitation_is_410_to_anyone_else_and_joins_nothing(client, learner, invitation):
    join_class(user=learner, classroom=invitation.classroom, invitation=invitation)
    other = UserFactory()
    client.force_login(other)

    for method in (client.get, client.post):
        response = method("/classes/invitations/tok-abc/")

        assert response.status_code == 410
        assert "This invitation has been used" in text(response)
    assert not Membership.objects.filter(user=other).exists()


def test_the_invitations_own_learner_is_told_they_are_in(learner_client, learner, invitation):
    join_class(user=learner, classroom=invitation.classroom, invitation=invitation)

    page = text(learner_client.get("/classes/invitations/tok-abc/"))

    assert "You're already in this class" in page


def test_an_unknown_invitation_is_404(learner_client, invitation):
    response = learner_client.post("/classes/invitations/tok-forged/")

    assert response.status_code == 404
    assert "This invitation isn't valid" in text(response)
    assert not Membership.objects.exists()


def test_the_service_refuses_an_invitation_used_by_someone_else(learner, invitation):
    first = UserFactory()
    join_class(user=first, classroom=invitation.classroom, invitation=invitation)

    with pytest.raises(CannotJoin):
        join_class(user=learner, classroom=invitation.classroom, invitation=invitation)
    assert not Membership.objects.filter(user=learner).exists()


def test_a_second_click_on_an_invitation_joins_once(learner_client, learner, invitation):
    """A double click: the second request runs once the first has committed (it waits on the
    invitation's row), finds the invitation used by this learner, and joins nothing more."""
    learner_client.post("/classes/invitations/tok-abc/")
    response = learner_client.post("/classes/invitations/tok-abc/", follow=True)

    assert response.status_code == 200
    assert "You're already in Tokyo onboarding" in text(response)
    assert Membership.objects.filter(user=learner).count() == 1
    assert Invitation.objects.get().accepted_by == learner


CLICKS = 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("by", ["link", "invitation"])
def test_clicks_at_the_same_moment_join_once(by):
    """Requests in their own threads and connections, as gunicorn workers run them: one
    membership, one enrolment, the invitation used once by this learner; every click lands on
    the course."""
    learner = UserFactory()
    classroom = ClassroomFactory(
        course=build_course(modules=1, lessons_per_module=1, slug="sns-japan")
    )
    invitation = Invitation.objects.create(classroom=classroom, email=learner.email)
    url = (
        f"/classes/join/{classroom.invite_code}/"
        if by == "link"
        else f"/classes/invitations/{invitation.token}/"
    )

    responses = at_once(learner, lambda client, _: client.post(url), count=CLICKS)

    assert [getattr(r, "status_code", r) for r in responses] == [302] * CLICKS
    assert Membership.objects.filter(user=learner).count() == 1
    assert Enrollment.objects.filter(user=learner).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_by == (learner if by == "invitation" else None)


# ---- The classes page, leaving, reminders ----


def test_the_classes_page_lists_each_class_with_course_and_instructors(
    learner_client, learner, classroom
):
    MembershipFactory(user=learner, classroom=classroom)

    page = text(learner_client.get("/classes/"))

    assert "Tokyo onboarding" in page
    assert "Social networking in Japan" in page
    assert "Tanaka-sensei" in page
    assert "Email me before due dates: <strong>on</strong>" in page
    assert f"/classes/{Membership.objects.get().pk}/leave/" in page


def test_the_classes_page_needs_an_account(client):
    response = client.get("/classes/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_dashboard_and_account_page_link_the_classes_page_only_for_members(
    learner_client, learner, classroom
):
    assert "/classes/" not in text(learner_client.get("/dashboard/"))
    assert "/classes/" not in text(learner_client.get("/accounts/"))

    MembershipFactory(user=learner, classroom=classroom)

    assert 'href="/classes/"' in text(learner_client.get("/dashboard/"))
    assert 'href="/classes/"' in text(learner_client.get("/accounts/"))


def test_leaving_asks_first_then_keeps_the_progress(learner_client, learner, classroom, lessons):
    membership = MembershipFactory(user=learner, classroom=classroom)
    LessonCompletionFactory(user=learner, lesson=lessons[0])
    url = f"/classes/{membership.pk}/leave/"

    confirm = text(learner_client.get(url))
    response = learner_client.post(url, follow=True)

    assert "Leave Tokyo onboarding?" in confirm
    assert Membership.objects.filter(pk=membership.pk).exists() is False
    assert "You've left Tokyo onboarding" in text(response)
    assert LessonCompletion.objects.filter(user=learner).count() == 1
    learner.refresh_from_db()
    assert learner.classes_version is None  # in no class: their pages read nothing of classes


def test_another_learners_membership_is_404_and_unchanged(learner_client, classroom):
    theirs = MembershipFactory(classroom=classroom)

    assert learner_client.get(f"/classes/{theirs.pk}/leave/").status_code == 404
    assert learner_client.post(f"/classes/{theirs.pk}/leave/").status_code == 404
    response = learner_client.post(f"/classes/{theirs.pk}/reminders/", {"reminders_on": ""})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.reminders_on is True


def test_a_visitor_cannot_leave(client, classroom):
    membership = MembershipFactory(classroom=classroom)

    response = client.post(f"/classes/{membership.pk}/leave/")

    assert response.status_code == 302
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_reminders_turn_off_and_on_per_class(learner_client, learner, classroom):
    membership = MembershipFactory(user=learner, classroom=classroom)
    other = MembershipFactory(user=learner, classroom=ClassroomFactory(course=classroom.course))
    url = f"/classes/{membership.pk}/reminders/"

    learner_client.post(url, {"reminders_on": ""})
    membership.refresh_from_db()
    other.refresh_from_db()
    assert (membership.reminders_on, other.reminders_on) == (False, True)
    page = text(learner_client.get("/classes/"))
    assert "Email me before due dates: <strong>off</strong>" in page

    learner_client.post(url, {"reminders_on": "on"})
    membership.refresh_from_db()
    assert membership.reminders_on is True


def test_reminders_refuse_a_get(learner_client, learner, classroom):
    membership = MembershipFactory(user=learner, classroom=classroom)

    assert learner_client.get(f"/classes/{membership.pk}/reminders/").status_code == 405


def test_a_visitor_who_signs_up_comes_back_to_join(client, classroom):
    next_path = join_url()
    response = client.post(
        f"/accounts/signup/?next={next_path}",
        {
            "email": "hana@example.com",
            "display_name": "Hana",
            "password1": "kidoku-stamp-42",
            "next": next_path,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == next_path
    client.post(next_path)
    assert Membership.objects.filter(user__email="hana@example.com").exists()


def test_a_visitor_who_signs_up_and_confirms_their_address_comes_back_to_join(
    client, classroom, settings
):
    """As in production, where an address is confirmed before signing in: the link in the
    email signs them in, in the browser they signed up in, and takes them back to the class."""
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    next_path = join_url()
    client.post(
        f"/accounts/signup/?next={next_path}",
        {"email": "hana@example.com", "display_name": "Hana", "password1": "kidoku-stamp-42"},
    )
    (confirmation,) = [m for m in mail.outbox if "hana@example.com" in m.to]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", confirmation.body)[1]

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == next_path
    client.post(next_path)
    assert Membership.objects.filter(user__email="hana@example.com").exists()
