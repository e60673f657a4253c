"""Every email the site sends goes through the outbox: stored with its delivery task in the
same transaction, sent once, tried again with backoff on failure, and recovered after a worker
stopped mid-job."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jsnlearn.accounts.services import delete_account
from jsnlearn.mail.models import OutgoingEmail
from jsnlearn.mail.services import STALLED_ERROR, queue_email, requeue_stalled, send_again
from jsnlearn.mail.tasks import deliver_email
from tests.accounts.helpers import sign_up
from tests.factories import UserFactory
from tests.mail.helpers import Clock, run_worker

pytestmark = pytest.mark.django_db

Status = OutgoingEmail.Status
User = get_user_model()


def reminder(to="aiko@example.com", **kwargs) -> OutgoingEmail:
    return queue_email(
        to=to, subject="Module 2 is due on Friday", body="Two lessons left.", kind="due", **kwargs
    )


@pytest.mark.usefixtures("database_tasks")
def test_a_mail_and_its_delivery_task_are_written_together():
    email = reminder()

    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "jsnlearn.mail.tasks.deliver_email"
    assert task.args_kwargs["args"] == [email.pk]
    assert email.status == Status.QUEUED


@pytest.mark.usefixtures("database_tasks")
def test_a_rolled_back_transaction_queues_nothing():
    def page_that_fails_after_queueing_its_mail():
        with transaction.atomic():
            reminder()
            raise RuntimeError("the page failed")

    with pytest.raises(RuntimeError):
        page_that_fails_after_queueing_its_mail()

    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.usefixtures("database_tasks")
def test_the_worker_sends_a_queued_mail(smtp_delivery):
    email = reminder()

    run_worker()

    (sent,) = smtp_delivery.messages
    assert (sent["To"], sent["Subject"]) == ("aiko@example.com", "Module 2 is due on Friday")
    assert sent["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Status.SENT, 1, "")
    assert email.sent_at is not None


def test_the_sign_up_confirmation_goes_through_the_outbox(client):
    sign_up(client, "nao@example.com", "Nao")

    email = OutgoingEmail.objects.get()
    assert (email.to, email.subject) == ("nao@example.com", "[jsnlearn] Confirm your email address")
    assert email.status == Status.SENT
    assert email.user == User.objects.get(email="nao@example.com")
    (delivered,) = mail.outbox
    assert delivered.subject == email.subject
    assert delivered.extra_headers["Message-ID"] == email.message_id


def test_mail_to_a_learners_address_goes_when_they_delete_their_account(client):
    learner = UserFactory(email="ren@example.com")
    other = UserFactory(email="kou@example.com")
    EmailAddress.objects.create(user=learner, email="ren.new@example.com")  # being confirmed
    for address in ("Ren <REN@example.com>", "ren.new@example.com", "kou@example.com"):
        send_mail("Reset your password", "…", None, [address])
    send_mail("Two of us", "…", None, ["ren@example.com", "kou@example.com"])  # nobody's alone

    delete_account(user=learner)

    assert list(OutgoingEmail.objects.values_list("to", "user")) == [
        ("ren@example.com, kou@example.com", None),
        ("kou@example.com", other.pk),
    ]


def test_optional_mail_carries_a_one_click_unsubscribe():
    reminder(unsubscribe_url="https://learn.example/u/abc123/")

    (delivered,) = mail.outbox
    headers = delivered.message()
    assert headers["List-Unsubscribe"] == "<https://learn.example/u/abc123/>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_account_mail_has_no_unsubscribe():
    reminder(headers={"X-Kind": "due"})

    headers = mail.outbox[0].message()
    assert headers["X-Kind"] == "due"
    assert "List-Unsubscribe" not in headers


def test_a_key_already_used_sends_nothing_again():
    assert reminder(key="due:1:7") is not None
    assert reminder(key="due:1:7") is None

    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("database_tasks")
def test_a_mail_enqueued_twice_is_sent_once(smtp_delivery):
    email = reminder()
    deliver_email.enqueue(email.pk)

    run_worker()

    assert len(smtp_delivery.messages) == 1
    assert DBTaskResult.objects.successful().count() == 2
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)


@pytest.mark.usefixtures("database_tasks")
def test_the_task_of_a_mail_deleted_meanwhile_sends_nothing(smtp_delivery):
    reminder().delete()  # its learner deleted their account

    run_worker()

    assert smtp_delivery.sessions == 0
    assert DBTaskResult.objects.successful().count() == 1


def test_a_failed_attempt_is_tried_again_and_counted(smtp_delivery):
    smtp_delivery.refuse(2)

    email = reminder()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 3)
    assert email.last_error == "SMTPDataError: (451, b'4.3.0 Try again later')"
    assert len(smtp_delivery.messages) == 1


def test_after_its_last_attempt_a_mail_fails_and_the_next_one_is_sent(smtp_delivery):
    smtp_delivery.refuse(3, "554 5.7.1 Message refused")

    failed, sent = reminder(), reminder(to="ren@example.com")

    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.FAILED, 3)
    assert failed.last_error == "SMTPDataError: (554, b'5.7.1 Message refused')"
    assert failed.next_attempt_at is None
    sent.refresh_from_db()
    assert sent.status == Status.SENT
    assert [m["To"] for m in smtp_delivery.messages] == ["ren@example.com"]


@pytest.mark.usefixtures("database_tasks")
def test_attempts_back_off_by_the_configured_delays(settings, smtp_delivery, monkeypatch):
    settings.EMAIL_RETRY_DELAYS = [60, 300]
    smtp_delivery.refuse(3)
    clock = Clock(monkeypatch)
    email = reminder()

    run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.QUEUED, 1)
    assert waited(email) == 60
    retry = DBTaskResult.objects.get(status="READY")  # its retry: a task due in a minute
    assert retry.run_after == email.next_attempt_at

    clock.advance(seconds=59)
    run_worker()
    assert smtp_delivery.sessions == 1

    clock.advance(seconds=2)
    run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.QUEUED, 2)
    assert waited(email) == 300

    clock.advance(seconds=301)
    run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 3)
    assert (smtp_delivery.sessions, smtp_delivery.messages) == (3, [])


def waited(email) -> int:
    """Seconds from the attempt to the next."""
    return int((email.next_attempt_at - email.claimed_at).total_seconds())


def test_a_mail_not_yet_due_is_left_for_its_own_task(settings, smtp_delivery):
    settings.EMAIL_RETRY_DELAYS = [60]
    smtp_delivery.refuse(1)
    email = reminder()

    deliver_email.enqueue(email.pk)  # run at once by the immediate backend

    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.QUEUED, 1)
    assert smtp_delivery.sessions == 1


@pytest.mark.usefixtures("database_tasks")
def test_requeue_stalled_puts_back_what_a_stopped_worker_left(settings):
    settings.EMAIL_STALLED_AFTER = 15 * 60
    now = timezone.now()
    stalled, busy, lost, waiting, spent, undated = (
        reminder(to=f"{n}@example.com") for n in range(6)
    )
    sending = OutgoingEmail.objects.filter(pk__in=[stalled.pk, busy.pk, spent.pk])
    sending.update(status=Status.SENDING, attempts=1, claimed_at=now - timedelta(minutes=16))
    OutgoingEmail.objects.filter(pk=busy.pk).update(claimed_at=now - timedelta(minutes=5))
    OutgoingEmail.objects.filter(pk=spent.pk).update(attempts=len(settings.EMAIL_RETRY_DELAYS) + 1)
    OutgoingEmail.objects.filter(pk=lost.pk).update(next_attempt_at=now - timedelta(minutes=20))
    OutgoingEmail.objects.filter(pk=waiting.pk).update(next_attempt_at=now + timedelta(minutes=5))
    OutgoingEmail.objects.filter(pk=undated.pk).update(
        next_attempt_at=None, created=now - timedelta(hours=1)
    )
    DBTaskResult.objects.all().delete()  # the tasks went with the worker

    assert requeue_stalled(now=now) == 3
    assert requeue_stalled(now=now + timedelta(minutes=1)) == 0  # idempotent

    statuses = dict(OutgoingEmail.objects.values_list("to", "status"))
    assert statuses == {
        "0@example.com": Status.QUEUED,  # stalled: back in the queue
        "1@example.com": Status.SENDING,  # maybe still sending: left alone
        "2@example.com": Status.QUEUED,  # lost its task: queued again
        "3@example.com": Status.QUEUED,  # not yet due: left alone
        "4@example.com": Status.FAILED,  # out of attempts
        "5@example.com": Status.QUEUED,  # queued long ago with no date: queued again
    }
    assert OutgoingEmail.objects.get(pk=spent.pk).last_error == STALLED_ERROR
    requeued = {task.args_kwargs["args"][0] for task in DBTaskResult.objects.all()}
    assert requeued == {stalled.pk, lost.pk, undated.pk}


def test_a_requeued_mail_is_sent_once_with_the_same_message_id(settings):
    email = reminder()
    first_id = mail.outbox[0].extra_headers["Message-ID"]
    claimed = timezone.now() - timedelta(hours=1)
    OutgoingEmail.objects.filter(pk=email.pk).update(status=Status.SENDING, claimed_at=claimed)

    requeue_stalled(now=timezone.now())

    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [first_id, first_id]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)


def test_send_again_queues_failed_mail_with_all_its_attempts(smtp_delivery):
    smtp_delivery.refuse(3)
    failed = reminder()
    sent = reminder(to="ren@example.com")

    queued = send_again(emails=OutgoingEmail.objects.all())

    assert queued == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)
    assert [m["To"] for m in smtp_delivery.messages] == ["ren@example.com", "aiko@example.com"]
    sent.refresh_from_db()
    assert sent.attempts == 1  # left alone
