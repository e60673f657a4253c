import zoneinfo
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Value, When
from django.utils import timezone

from jsnlearn.versions import new_version


def validate_not_an_email(value: str) -> None:
    # The site promises never to show a learner's email address to anyone else.
    if "@" in value:
        raise ValidationError("Please don't use an email address as your display name.")


# An operator's account made without a display name is called this: one drawn from the address
# would show part of it to others, which the site promises never to do.
ADMIN_DISPLAY_NAME = "Administrator"


def normalize_display_name(value: str) -> str:
    return " ".join(value.split())


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        # Addresses are matched case-insensitively, so store one spelling of each.
        return super().normalize_email(email).strip().lower()

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("display_name", ADMIN_DISPLAY_NAME)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser needs is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: learners, instructors and operators alike.

    People sign in with their email address, which the site never shows to anyone else; what
    others see is the display name, which the person chooses and which need not be a real name.
    """

    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=40,
        validators=[validate_not_an_email],
        help_text="What others see instead of the email address; need not be a real name.",
    )
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can sign in to the admin site.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Unselect this instead of deleting an account.",
    )
    date_joined = models.DateTimeField("date joined", default=timezone.now)
    # Renewed with every step of the person's learning (jsnlearn/versions.py): pages kept for
    # them are keyed by it, and reading it costs nothing since every page loads the user.
    work_version = models.BigIntegerField(default=new_version, editable=False)

    class Readings(models.TextChoices):
        SHOW = "show", "Show readings above Japanese words"
        TAP = "tap", "Hide readings until I tap the word"

    # Furigana (<ruby> readings) in lessons: always shown, or hidden until tapped, for learners
    # who want to practise reading. base.html puts it on <body> as a class.
    readings = models.CharField(max_length=4, choices=Readings.choices, default=Readings.SHOW)

    # The zone of the learner's days ("due today", a streak of days): empty means the site's
    # TIME_ZONE. Checked against the zones Python knows (jsnlearn.accounts.forms).
    time_zone = models.CharField(max_length=64, blank=True)

    # Review (jsnlearn/review): on or off, how many cards a day, and two values the review
    # services keep with the learner's deck, so that no page reads the deck to draw its header:
    # from when review has something for them, and up to when their answers joined the deck.
    reviews_on = models.BooleanField("review questions from my quizzes", default=True)
    review_daily_limit = models.PositiveSmallIntegerField(
        "questions a day",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text="How many review questions a day; you can always review more.",
    )
    # A daily email when questions are due (jsnlearn/classrooms/reminders.py): off until asked.
    review_emails = models.BooleanField("email me when I have questions to review", default=False)
    # Instructors' weekly digest of each class they run (jsnlearn/classrooms/digest.py).
    digest_emails = models.BooleanField(
        "email me a weekly digest of each class I run", default=True
    )
    review_ready_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_synced_until = models.DateTimeField(null=True, blank=True, editable=False)
    # The learner's latest day with a review (in their time zone), its reviews, and the days in
    # a row up to it: written with each review, in its transaction, so that the daily limit and
    # the streak cost no query (jsnlearn/review/deck.py, `Days`).
    review_day = models.DateField(null=True, blank=True, editable=False)
    review_day_count = models.PositiveIntegerField(default=0, editable=False)
    review_streak = models.PositiveIntegerField(default=0, editable=False)
    # The work version the deck was last brought up to date under: while it is the learner's
    # work version, no quiz of theirs was submitted since, and nothing needs reading.
    review_synced_version = models.BigIntegerField(null=True, blank=True, editable=False)

    # Renewed when the person joins or leaves a class, and for every member when a class changes
    # its name or due dates (jsnlearn/classrooms): their pages show those dates and are kept under
    # it. Empty while they are in no class, so nobody else's pages read anything about classes.
    classes_version = models.BigIntegerField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self):
        return self.display_name or f"Learner #{self.pk}"

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)
        self.display_name = normalize_display_name(self.display_name)

    def renew_work_version(self, *, adds_no_quiz_answer: bool = False) -> None:
        """A new work version: called by each service that records a step of this person's
        learning, inside its transaction. The UPDATE also holds their row until it commits,
        so two of one learner's steps never interleave.

        A step that `adds_no_quiz_answer` (one of review's) keeps the review deck up to date
        with the quizzes if it was: the mark moves to the new version in the same UPDATE,
        compared with the version stored, not the one this request read."""
        renewed = new_version()
        changes = {"work_version": renewed}
        if adds_no_quiz_answer:
            changes["review_synced_version"] = Case(
                When(review_synced_version=F("work_version"), then=Value(renewed)),
                default=F("review_synced_version"),
                output_field=models.BigIntegerField(),
            )
            if self.review_synced_version == self.work_version:
                self.review_synced_version = renewed
        User.objects.filter(pk=self.pk).update(**changes)
        self.work_version = renewed

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)

    def review_is_ready(self, now: datetime) -> bool:
        """Whether review has questions for this learner at `now` (the header's link)."""
        ready_at = self.review_ready_at
        return self.reviews_on and ready_at is not None and ready_at <= now

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name
