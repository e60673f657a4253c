"""A certificate of completion: what it says is stored when it is issued, so later edits of the
course never change it (docs/architecture.md, Certificates)."""

import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from jsnlearn.accounts.models import normalize_display_name

MAX_PRINTED_NAME = 100


def clean_printed_name(value: str) -> str:
    """The name to print as the learner typed it, spacing normalized; ValidationError, in
    words, for one that is empty, too long, an email address or holds control characters."""
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in value):
        raise ValidationError(
            "The name holds invisible or control characters: type it again without them.",
            code="control_characters",
        )
    name = normalize_display_name(value)
    if not name:
        raise ValidationError("Type the name to print on the certificate.", code="empty")
    if len(name) > MAX_PRINTED_NAME:
        raise ValidationError(
            f"The name can be at most {MAX_PRINTED_NAME} characters (this one has {len(name)}).",
            code="too_long",
        )
    if "@" in name or "\uff20" in name:  # and the full-width at sign
        raise ValidationError(
            "That looks like an email address: print your name instead.", code="email"
        )
    return name


class Certificate(models.Model):
    # A random UUID (122 random bits from the OS): the id is the verification link, so it
    # must not be guessable from another certificate's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    # Protected like the rest of learners' history: a course with certificates is unpublished,
    # never deleted.
    course = models.ForeignKey(
        "lessons.Course", on_delete=models.PROTECT, related_name="certificates"
    )
    printed_name = models.CharField(max_length=MAX_PRINTED_NAME)
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)
    public = models.BooleanField(
        default=True, help_text="Whether the verification page shows it to anyone with the link."
    )
    # What the certificate says, as it was when issued.
    course_title = models.CharField(max_length=120)
    module_titles = models.JSONField(default=list)
    minutes = models.PositiveIntegerField(help_text="Of every published lesson and quiz.")
    instructor_names = models.JSONField(default=list)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            # Issued once: a double click or two tabs leave one certificate.
            models.UniqueConstraint(fields=["user", "course"], name="one_certificate_per_course")
        ]

    def __str__(self):
        return f"{self.course_title}: {self.printed_name}"

    def get_absolute_url(self):
        return reverse("certificates:detail", kwargs={"pk": self.pk})

    def get_verify_url(self):
        return reverse("certificates:verify", kwargs={"pk": self.pk})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def hours(self) -> str:
        """The course's length in hours, to the half hour: "3.5", "1" (at least half an hour)."""
        halves = max(1, round(self.minutes / 30))
        return f"{halves // 2}" if halves % 2 == 0 else f"{halves / 2:.1f}"

    @property
    def name_lang(self) -> str:
        """ "ja" for a name written with kana or kanji (so screen readers say it in Japanese),
        else "" (the page's English)."""
        japanese = any(
            "\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff"
            for char in self.printed_name
        )
        return "ja" if japanese else ""
