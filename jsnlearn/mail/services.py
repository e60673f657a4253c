"""Queueing and delivering email. Delivery goes through EMAIL_DELIVERY_BACKEND (SMTP or console)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from jsnlearn.mail.models import OutgoingEmail


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


@transaction.atomic
def queue_message(message, *, user=None, key=None, kind="account") -> OutgoingEmail | None:
    """Store `message` and enqueue its delivery in one transaction. With a `key` already used,
    nothing is stored or sent and None is returned."""
    from jsnlearn.mail.tasks import deliver_email

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
            )
    except IntegrityError:
        if key is None:
            raise
        return None
    deliver_email.enqueue(email.pk)
    return email


def queue_email(
    *, to, subject, body, html=None, user=None, key=None, kind, headers=None
) -> OutgoingEmail | None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    return queue_message(message, user=user, key=key, kind=kind)


def deliver(email_id: int) -> None:
    """Send one queued email through the delivery backend, once."""
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now()
    )
    if not claimed:
        return
    email = OutgoingEmail.objects.get(pk=email_id)
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    message = deserialize(email.message)
    message.connection = connection
    message.send()
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), attempts=email.attempts + 1
    )
