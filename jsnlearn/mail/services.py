"""Queueing email, delivering it once, trying again after a failure, and recovering lost work.

A mail is an OutgoingEmail row plus a `deliver_email` task, written in one transaction. The task
claims the row with a conditional UPDATE (queued and due -> sending), so a mail whose task runs
twice is sent once; it sends through EMAIL_DELIVERY_BACKEND (SMTP or the console). A failure
puts the row back in the queue with a task due after the next of EMAIL_RETRY_DELAYS, or marks
it failed once they are used up. docs/architecture.md, "The outbox", has the whole story.
"""

import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from jsnlearn.mail.models import OutgoingEmail

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status
STALLED_ERROR = "The worker stopped while sending it (it may have reached the server)."


def serialize(message) -> dict:
    return {
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "subject": str(message.subject),
        "body": str(message.body),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "headers": dict(message.extra_headers),
    }


def deserialize(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def account_of(message):
    """The account a message to one address is for, when exactly one has that address (its
    own, or one it is confirming): allauth's mail names no user, and deleting an account must
    delete the mail sent to it too."""
    if len(message.to) != 1 or message.cc or message.bcc:
        return None
    address = parseaddr(message.to[0])[1]
    owners = get_user_model().objects.filter(
        Q(email__iexact=address) | Q(emailaddress__email__iexact=address)
    )
    found = list(owners.distinct()[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def queue_message(message, *, user=None, key=None, kind="account") -> OutgoingEmail | None:
    """Store `message` and enqueue its delivery in one transaction. With a `key` already used,
    nothing is stored or sent and None is returned."""
    data = serialize(message)
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                user=user,
                key=key,
                kind=kind,
                to=", ".join(data["to"])[:500],
                subject=data["subject"][:300],
                message=data,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        if key is None:
            raise
        return None
    _enqueue(email.pk)
    return email


def queue_email(
    *, to, subject, body, html=None, user=None, key=None, kind, headers=None, unsubscribe_url=None
) -> OutgoingEmail | None:
    """Queue a mail to one address. With `unsubscribe_url` (mail the learner may turn off),
    mail programs offer a one-click unsubscribe button (RFC 2369 and RFC 8058)."""
    headers = dict(headers or {})
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    return queue_message(message, user=user, key=key, kind=kind)


def deliver(email_id: int) -> None:
    """Send one queued email through the delivery backend, once; on failure, try again later."""
    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id, status=Status.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    email = OutgoingEmail.objects.filter(pk=email_id).first() if claimed else None
    if email is None:  # sent, failed, deleted, taken by another worker, or not yet due
        return
    try:
        _send(email)
    except Exception as error:  # whatever the backend raises, the queue goes on
        _retry_or_fail(email, error)
        return
    _claimed(email).update(status=Status.SENT, sent_at=timezone.now(), next_attempt_at=None)


def _send(email: OutgoingEmail) -> None:
    message = deserialize(email.message)
    message.extra_headers["Message-ID"] = email.message_id
    message.connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    message.send()


def _claimed(email: OutgoingEmail):
    """The row, as long as it is still this worker's claim."""
    return OutgoingEmail.objects.filter(
        pk=email.pk, status=Status.SENDING, claimed_at=email.claimed_at
    )


def _retry_or_fail(email: OutgoingEmail, error: Exception) -> None:
    reason = f"{type(error).__name__}: {error}"[:2000]
    delays = settings.EMAIL_RETRY_DELAYS
    if email.attempts > len(delays):
        _claimed(email).update(status=Status.FAILED, last_error=reason, next_attempt_at=None)
        logger.warning("Email %s failed after %s attempts: %s", email.pk, email.attempts, reason)
        return
    retry_at = timezone.now() + timedelta(seconds=delays[email.attempts - 1])
    with transaction.atomic():
        if _claimed(email).update(
            status=Status.QUEUED, last_error=reason, next_attempt_at=retry_at
        ):
            _enqueue(email.pk, run_after=retry_at)
    logger.info(
        "Email %s failed (attempt %s), trying again at %s", email.pk, email.attempts, retry_at
    )


def _enqueue(email_id: int, *, run_after=None) -> None:
    from jsnlearn.mail.tasks import deliver_email  # the task module imports this one

    task = deliver_email
    # A backend that cannot defer (the tests' immediate one) runs the task now: the claim
    # leaves a mail not yet due alone, and requeue_stalled finds it later.
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(email_id)


@transaction.atomic
def requeue_stalled(*, now) -> int:
    """Put back what a stopped worker left: mails "sending" for longer than EMAIL_STALLED_AFTER
    (the worker died mid-send; out of attempts, they fail), and queued mails long past due
    (their task was lost). Idempotent: a second run finds nothing more. Returns how many mails
    were queued again."""
    cutoff = now - timedelta(seconds=settings.EMAIL_STALLED_AFTER)
    stalled = OutgoingEmail.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff)
    stalled.filter(attempts__gt=len(settings.EMAIL_RETRY_DELAYS)).update(
        status=Status.FAILED, last_error=STALLED_ERROR, next_attempt_at=None
    )
    lost = OutgoingEmail.objects.filter(status=Status.QUEUED).filter(
        Q(next_attempt_at__lt=cutoff) | Q(next_attempt_at__isnull=True, created__lt=cutoff)
    )
    ids = [*stalled.values_list("pk", flat=True), *lost.values_list("pk", flat=True)]
    stalled.filter(pk__in=ids).update(
        status=Status.QUEUED, last_error=STALLED_ERROR, next_attempt_at=now
    )
    lost.filter(pk__in=ids).update(next_attempt_at=now)
    for email_id in ids:
        _enqueue(email_id)
    return len(ids)


@transaction.atomic
def send_again(*, emails) -> int:
    """Queue failed mails again with all their attempts; other mails are left alone. Returns
    how many were queued."""
    ids = list(emails.filter(status=Status.FAILED).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=ids, status=Status.FAILED).update(
        status=Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    for email_id in ids:
        _enqueue(email_id)
    return len(ids)
