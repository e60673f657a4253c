"""Classes: an instructor runs a group of learners through one course, with due dates.

A learner joins by the class's invitation link or short code, or by an invitation sent to their
address (used once); joining shows the class's instructors their progress and email address.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from jsnlearn.prepared import PreparedRead
from jsnlearn.versions import new_version
from lessons.models import Course, Module
from quizzes.models import Quiz

# No 0/O or 1/I/L: a code read aloud or copied from a slide is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_invite_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ClassroomQuerySet(models.QuerySet):
    def taught_by(self, user):
        """The classes `user` runs (all of them for a superuser)."""
        if user.is_superuser:
            return self
        return self.filter(instructors=user)

    def renew_members_version(self) -> None:
        """Someone joined or left these classes: what was kept of their members is old."""
        self.update(members_version=new_version())


class Classroom(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="classrooms")
    name = models.CharField(max_length=120)
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="taught_classrooms",
        help_text="Who runs this class: they see its members' progress and email addresses.",
    )
    invite_code = models.CharField(max_length=16, unique=True, default=new_invite_code)
    starts = models.DateField(null=True, blank=True)
    ends = models.DateField(
        null=True, blank=True, help_text="After this day the invitation link no longer works."
    )
    reminder_days = models.PositiveSmallIntegerField(
        "remind members this many days before a due date",
        default=2,
        help_text="0 sends no due-date reminders.",
    )
    created = models.DateTimeField(auto_now_add=True)
    # Renewed in the transaction of every join, leave or removal (`renew_members_version`): the
    # class report keeps its members' standing under it, so who is in the class shows at once.
    members_version = models.BigIntegerField(default=new_version, editable=False)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["course", "name"]
        verbose_name = "class"
        verbose_name_plural = "classes"
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__isnull=True)
                | Q(ends__isnull=True)
                | Q(ends__gte=models.F("starts")),
                name="classroom_ends_after_starts",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.course})"

    @property
    def join_path(self) -> str:
        """The invitation link's path (its code in it): whoever has it may join."""
        return reverse("classrooms:join", args=[self.invite_code])


class MembershipQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(user=user)


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        db_index=False,  # the (user, classroom) constraint's index leads with it
    )
    joined = models.DateTimeField(auto_now_add=True)
    reminders_on = models.BooleanField("email me before due dates", default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined"]
        constraints = [
            models.UniqueConstraint(fields=["user", "classroom"], name="membership_once"),
        ]

    def __str__(self):
        return f"{self.user} in {self.classroom}"


class DueDate(models.Model):
    """When one module or one quiz is due for a class, and optionally when it opens."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="due_dates")
    module = models.ForeignKey(
        Module, null=True, blank=True, on_delete=models.CASCADE, related_name="due_dates"
    )
    quiz = models.ForeignKey(
        Quiz, null=True, blank=True, on_delete=models.CASCADE, related_name="due_dates"
    )
    opens = models.DateTimeField(null=True, blank=True)
    due = models.DateTimeField()

    class Meta:
        ordering = ["due"]
        constraints = [
            models.CheckConstraint(
                condition=Q(module__isnull=True, quiz__isnull=False)
                | Q(module__isnull=False, quiz__isnull=True),
                name="due_date_for_module_or_quiz",
            ),
            models.CheckConstraint(
                condition=Q(opens__isnull=True) | Q(due__gt=models.F("opens")),
                name="due_date_after_opens",
            ),
            models.UniqueConstraint(fields=["classroom", "module"], name="due_date_module_once"),
            models.UniqueConstraint(fields=["classroom", "quiz"], name="due_date_quiz_once"),
        ]

    def __str__(self):
        return f"{self.module or self.quiz} due {self.due:%Y-%m-%d %H:%M}"


_DUE_DATES = PreparedRead(
    lambda classroom_id: (
        DueDate.objects.filter(classroom_id=classroom_id)
        .order_by("due", "pk")
        .values_list("pk", "module_id", "quiz_id", "opens", "due")
    )
)


def class_due_dates(classroom: Classroom) -> list[DueDate]:
    """A class's due dates, soonest first. The class report reads them with every view, to
    know whether what it kept is still the class's: its SQL is built once."""
    return [
        DueDate(
            pk=pk, classroom=classroom, module_id=module_id, quiz_id=quiz_id, opens=opens, due=due
        )
        for pk, module_id, quiz_id, opens, due in _DUE_DATES.rows(classroom.pk)
    ]


class Invitation(models.Model):
    """An invitation sent to one address: its link joins the class once."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.email} to {self.classroom}"


class CalendarFeed(models.Model):
    """A learner's private calendar of due dates: whoever has the URL reads it, so it resets."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)

    def __str__(self):
        return f"Calendar of {self.user}"
