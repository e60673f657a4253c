"""The outbox: every email the site sends is a row here first, delivered by the worker.

`jsnlearn.mail.backend.QueuedEmailBackend` is the site's EMAIL_BACKEND: sending a message (allauth's
included) stores it and enqueues its delivery in the same transaction, so a mail is never lost
between the two and a slow or failing SMTP server never holds a web request.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail.utils import DNS_NAME
from django.db import models


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    # Whose mail it is, when it is one learner's: deleting the account deletes their mail.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the (user, status) index leads with it
    )
    # Periodic mail (reminders, digests) names what it is about: one mail per key, ever, so
    # running the periodic command twice sends nothing twice.
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    kind = models.CharField(max_length=32, default="account")
    to = models.CharField(max_length=500)
    subject = models.CharField(max_length=300)
    message = models.JSONField(help_text="The message as sent: headers, text and HTML bodies.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "email"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="mail_status_next"),
            models.Index(fields=["user", "status"], name="mail_user_status"),
        ]

    def __str__(self):
        return f"{self.subject} to {self.to}"

    @property
    def message_id(self) -> str:
        """The same Message-ID at every attempt, so a mail sent again after a worker stopped
        mid-send is recognisable as the same mail (by the receiving server or the reader)."""
        sender = parseaddr(self.message.get("from_email") or settings.DEFAULT_FROM_EMAIL)[1]
        domain = sender.rpartition("@")[2] or DNS_NAME.get_fqdn()
        return f"<outbox.{self.pk}.{self.created:%Y%m%d%H%M%S}@{domain}>"
