"""Stopping reminders from an email: the link's page, its form, a mail client's one-click POST,
and links that are not ours."""

import pytest
from django.core import mail, signing
from django.test import Client

from jsnlearn.classrooms.reminders import send_due_reminders
from jsnlearn.classrooms.unsubscribe import (
    CLASS_REMINDERS,
    REVIEW_REMINDERS,
    SALT,
    unsubscribe_url,
)
from tests.classrooms.reminder_helpers import NOW, TOMORROW
from tests.factories import ClassroomFactory, DueDateFactory, MembershipFactory, UserFactory
from tests.helpers import text

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def membership(course):
    return MembershipFactory(
        classroom=ClassroomFactory(course=course, name="Tokyo onboarding"),
        user=UserFactory(display_name="Kenji", review_emails=True),
    )


@pytest.fixture
def csrf_client():
    """A browser as Django's CSRF protection sees it: no test shortcut around the check."""
    return Client(enforce_csrf_checks=True)


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def class_link(membership) -> str:
    return path_of(unsubscribe_url(membership.user, CLASS_REMINDERS, membership.classroom_id))


def reminders_on(membership) -> bool:
    membership.refresh_from_db()
    return membership.reminders_on


def test_the_link_asks_before_it_stops_anything(csrf_client, membership):
    response = csrf_client.get(class_link(membership))

    assert response.status_code == 200
    assert "Stop due-date reminders for Tokyo onboarding?" in text(response)
    assert reminders_on(membership)


def test_the_pages_form_stops_the_classs_reminders_only(csrf_client, membership, course):
    other = MembershipFactory(classroom=ClassroomFactory(course=course), user=membership.user)
    link = class_link(membership)
    csrf_client.get(link)
    token = csrf_client.cookies["csrftoken"].value

    response = csrf_client.post(link, {"csrfmiddlewaretoken": token})

    assert response.status_code == 200
    assert "No more due-date reminders for the class Tokyo onboarding" in text(response)
    assert not reminders_on(membership)
    assert reminders_on(other)
    membership.user.refresh_from_db()
    assert membership.user.review_emails  # review reminders are another link's


def test_a_post_without_the_csrf_token_or_one_click_changes_nothing(csrf_client, membership):
    response = csrf_client.post(class_link(membership), {})

    assert response.status_code == 403
    assert reminders_on(membership)


def test_a_mail_clients_one_click_post_needs_no_csrf_token(csrf_client, membership):
    response = csrf_client.post(class_link(membership), ONE_CLICK)

    assert response.status_code == 200
    assert not reminders_on(membership)


def test_the_reminders_own_header_unsubscribes_in_one_click(csrf_client, membership, quiz):
    DueDateFactory(classroom=membership.classroom, quiz=quiz, due=TOMORROW)
    send_due_reminders(now=NOW)
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]

    assert csrf_client.post(path_of(header[1:-1]), ONE_CLICK).status_code == 200
    assert not reminders_on(membership)
    DueDateFactory(classroom=membership.classroom, module=quiz.module, quiz=None, due=TOMORROW)
    assert send_due_reminders(now=NOW) == 0


def test_the_review_link_stops_review_reminders(csrf_client, membership):
    user = membership.user
    link = path_of(unsubscribe_url(user, REVIEW_REMINDERS))

    assert "Stop review reminders?" in text(csrf_client.get(link))
    assert csrf_client.post(link, ONE_CLICK).status_code == 200
    user.refresh_from_db()
    assert not user.review_emails
    assert user.reviews_on  # review itself stays on
    assert reminders_on(membership)


def test_stopping_twice_says_they_are_already_off(csrf_client, membership):
    link = class_link(membership)
    csrf_client.post(link, ONE_CLICK)

    response = csrf_client.get(link)
    assert "These emails are already off." in text(response)
    assert csrf_client.post(link, ONE_CLICK).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature
        lambda token: "x" + token,  # payload
        lambda token: "not-a-token",
        lambda token: signing.Signer(salt="another purpose").sign_object([1, "class", 1]),
        lambda token: signing.Signer(salt=SALT).sign_object([1, "everything", None]),
    ],
)
def test_a_forged_or_altered_link_is_refused_and_changes_nothing(csrf_client, membership, tamper):
    token = class_link(membership).split("/")[2]
    link = f"/unsubscribe/{tamper(token)}/"

    for response in (csrf_client.get(link), csrf_client.post(link, ONE_CLICK)):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in text(response)
    assert reminders_on(membership)


def test_a_link_naming_someone_elses_class_is_refused(csrf_client, membership, course):
    elsewhere = ClassroomFactory(course=course)
    forged = unsubscribe_url(membership.user, CLASS_REMINDERS, elsewhere.pk)

    assert csrf_client.post(path_of(forged), ONE_CLICK).status_code == 400


def test_after_leaving_the_class_the_link_changes_nothing(csrf_client, membership):
    link = class_link(membership)
    membership.delete()

    assert csrf_client.post(link, ONE_CLICK).status_code == 400


def test_other_methods_are_refused(csrf_client, membership):
    assert csrf_client.put(class_link(membership)).status_code == 405
    assert reminders_on(membership)


def test_review_reminders_are_asked_for_in_review_settings(learner_client, learner):
    page = learner_client.get("/review/settings/")
    assert "Email me when I have questions to review" in text(page)

    response = learner_client.post(
        "/review/settings/",
        {"reviews_on": "on", "review_daily_limit": "20", "review_emails": "on"},
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.review_emails
