"""The outbox and the background tasks in the admin: superusers read every mail, its state and
error, and send failed ones again; instructors find neither (404, absent from the index)."""

import re
from html import unescape

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from jsnlearn.accounts.roles import make_instructor
from jsnlearn.mail.models import OutgoingEmail
from jsnlearn.mail.services import queue_email
from tests.authoring.helpers import restore_instructors_group
from tests.factories import UserFactory
from tests.helpers import text

OUTBOX = "/admin/mail/outgoingemail/"
TASKS = "/admin/django_tasks_database/dbtaskresult/"

Status = OutgoingEmail.Status


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def instructor_client(course):
    restore_instructors_group()
    instructor = UserFactory(email="sensei@example.com")
    make_instructor(user=instructor, course=course)
    client = Client()
    client.force_login(instructor)
    return client


@pytest.fixture
def outbox(db):
    """A mail sent, and one that failed after its attempts."""
    sent = queue_email(to="aiko@example.com", subject="Welcome", body="Hello Aiko", kind="account")
    failed = queue_email(
        to="ren@example.com", subject="Module 2 is due", body="Two lessons left", kind="due"
    )
    OutgoingEmail.objects.filter(pk=failed.pk).update(
        status=Status.FAILED, attempts=5, last_error="SMTPDataError: (554, b'Message refused')"
    )
    return sent, failed


def test_superusers_read_the_outbox_with_each_mails_state_and_error(superuser_client, outbox):
    response = superuser_client.get(OUTBOX)

    # Created, to, subject, kind, status, attempts, next attempt, sent at, last error.
    failed, sent = (row[1:] for row in table_rows(response))
    assert sent[1:6] == ["aiko@example.com", "Welcome", "account", "Sent", "1"]
    assert (sent[6], sent[8]) == ("-", "-")  # no next attempt, no error
    assert sent[7] != "-"  # sent at
    assert failed[1:6] == ["ren@example.com", "Module 2 is due", "due", "Failed", "5"]
    assert failed[8] == "SMTPDataError: (554, b'Message refused')"
    assert "Send again (failed mails)" in text(response)


def table_rows(response) -> list[list[str]]:
    """The text of each cell of each row of the admin's list."""
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(CELL, row, re.S)]
        for row in re.findall(r"<tr.*?</tr>", body, re.S)
    ]


CELL = r"<t[dh][^>]*>(.*?)</t[dh]>"


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"status__exact": "failed"}, "ren@example.com", "aiko@example.com"),
        ({"kind__exact": "account"}, "aiko@example.com", "ren@example.com"),
        ({"q": "due"}, "ren@example.com", "aiko@example.com"),
        ({"q": "aiko@"}, "aiko@example.com", "ren@example.com"),
    ],
)
def test_the_outbox_filters_by_status_and_kind_and_searches(
    superuser_client, outbox, query, shown, hidden
):
    page = text(superuser_client.get(OUTBOX, query))

    assert shown in page
    assert hidden not in page


def test_a_mail_reads_with_its_text_and_cannot_be_edited(superuser_client, outbox):
    sent, _ = outbox

    response = superuser_client.get(f"{OUTBOX}{sent.pk}/change/")

    assert response.status_code == 200
    assert '<pre class="mail-body">Hello Aiko</pre>' in response.content.decode()
    assert sent.message_id in text(response)
    assert 'name="_save"' not in response.content.decode()
    assert superuser_client.get(f"{OUTBOX}add/").status_code == 403


def test_send_again_queues_the_failed_mail_and_leaves_the_others(superuser_client, outbox):
    sent, failed = outbox

    response = superuser_client.post(
        OUTBOX,
        {"action": "send_again", ACTION_CHECKBOX_NAME: [sent.pk, failed.pk]},
        follow=True,
    )

    page = text(response)
    assert "1 mail(s) queued to be sent again." in page
    assert "1 mail(s) had not failed and were left alone." in page
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)  # the test's immediate worker


def test_superusers_see_the_background_tasks(superuser_client, outbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queue_email(to="kou@example.com", subject="Hi", body="Hi", kind="account")

    page = text(superuser_client.get(TASKS))

    assert "deliver_email" in page
    assert TASKS in superuser_client.get("/admin/").content.decode()


@pytest.mark.parametrize("path", [OUTBOX, f"{OUTBOX}1/change/", f"{OUTBOX}1/history/", TASKS])
def test_instructors_find_no_mail_and_no_tasks(instructor_client, outbox, path):
    assert instructor_client.get(path).status_code == 404


def test_the_instructors_index_lists_neither(instructor_client):
    index = instructor_client.get("/admin/").content.decode()

    assert "/admin/lessons/course/" in index  # what they do see
    assert OUTBOX not in index
    assert TASKS not in index


def test_the_outbox_sends_visitors_to_sign_in(client):
    response = client.get(OUTBOX)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
