"""The instructors' weekly digest: for each class, who is behind or overdue, who has not been
active for a week, which quiz most members fail, and a link to the class report.

`send_weekly_digests(now=...)` is one step of the periodic command: run as often as it likes,
each instructor of a class gets one digest of it per ISO week (of `now`, in UTC). The outbox
refuses a key it has seen (jsnlearn.mail.services.queue_email), so running it twice sends
nothing twice; and the keys already used this week are read first, in one query, so a run
after the week's digests went out works nothing out again.

Queries: three whatever the number of classes (the classes with their member count and
course, their instructors, the keys already used); then for each class with a digest to send,
its standing (`standing.class_standing`: five queries, three more the first time its course's
content version is read) and, for each digest, the outbox's writes (the email and its
delivery task). tests/classrooms/test_digest_queries.py counts them at two sizes.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import Classroom
from jsnlearn.classrooms.standing import (
    BEHIND_DAYS,
    ClassStanding,
    MemberStanding,
    class_standing,
)
from jsnlearn.classrooms.unsubscribe import DIGESTS, unsubscribe_url
from jsnlearn.mail.models import OutgoingEmail
from jsnlearn.mail.services import queue_email

INACTIVE_DAYS = 7
DIGEST_READERS = User.objects.filter(is_active=True, digest_emails=True)
LISTED = 20  # members named in each list of a digest; the report has the rest


def digest_key(classroom, instructor, now: datetime) -> str:
    year, week, _ = now.astimezone(UTC).isocalendar()
    return f"digest:{classroom.pk}:{instructor.pk}:{year}-W{week:02d}"


def classes_to_digest(now: datetime):
    """The classes with members that have not ended (by the site's calendar), with their
    course and the instructors who take the digest."""
    today = timezone.localdate(now)
    return (
        Classroom.objects.annotate(member_count=Count("memberships"))
        .filter(member_count__gt=0)
        .filter(Q(ends__isnull=True) | Q(ends__gte=today))
        .select_related("course")
        .prefetch_related(
            Prefetch(
                "instructors", queryset=User.objects.filter(digest_emails=True, is_active=True)
            )
        )
        .order_by("pk")
    )


def send_weekly_digests(*, now: datetime) -> int:
    """Queue this week's digest of each class for each of its instructors who has not had it;
    how many were queued."""
    classes = list(classes_to_digest(now))
    keys = {
        (classroom.pk, instructor.pk): digest_key(classroom, instructor, now)
        for classroom in classes
        for instructor in classroom.instructors.all()
    }
    used = set(
        OutgoingEmail.objects.filter(key__in=keys.values()).order_by().values_list("key", flat=True)
    )
    queued = 0
    for classroom in classes:
        waiting = [
            instructor
            for instructor in classroom.instructors.all()
            if keys[classroom.pk, instructor.pk] not in used
        ]
        if not waiting:
            continue
        digest = Digest(classroom, class_standing(classroom, now=now), now)
        for instructor in waiting:
            queued += digest.send(instructor, keys[classroom.pk, instructor.pk])
    return queued


@dataclass
class Listed:
    """Some of a list of members (at most LISTED), and how many more there are."""

    members: list[MemberStanding]
    more: int

    @classmethod
    def of(cls, members: list[MemberStanding]) -> "Listed":
        members = sorted(members, key=lambda m: (m.name.lower(), m.email.lower()))
        return cls(members[:LISTED], max(0, len(members) - LISTED))

    @property
    def count(self) -> int:
        return len(self.members) + self.more


class Digest:
    """A class's digest, as every one of its instructors gets it."""

    def __init__(self, classroom, standing: ClassStanding, now: datetime):
        self.classroom = classroom
        self.standing = standing
        self.now = now
        members = standing.members
        self.overdue = Listed.of([m for m in members if m.overdue])
        self.behind = Listed.of([m for m in members if m.behind and not m.overdue])
        self.inactive = Listed.of([m for m in members if self.inactive_days(m) is not None])
        self.hardest = standing.hardest_quiz()
        self.report_url = settings.SITE_URL + reverse("reports:classroom", args=[classroom.pk])

    def inactive_days(self, member: MemberStanding) -> int | None:
        """Whole days since `member` was last active (or joined, never active since), if a
        week or more; None otherwise."""
        since = member.last_active or member.joined
        days = (self.now - since) // timedelta(days=1)
        return days if days >= INACTIVE_DAYS else None

    @property
    def subject(self) -> str:
        late = self.overdue.count + self.behind.count
        if late:
            members = "member" if late == 1 else "members"
            return f"{self.classroom.name}: {late} {members} behind or overdue"
        return f"{self.classroom.name}: everyone is keeping up"

    def send(self, instructor, key: str) -> int:
        context = {
            "digest": self,
            "instructor": instructor,
            "classroom": self.classroom,
            "counts": self.standing.counts,
            "members": len(self.standing.members),
            "inactive_days": INACTIVE_DAYS,
            "behind_days": BEHIND_DAYS,
            "zone": str(instructor.zone),
            "inactive": [(m, self.inactive_days(m)) for m in self.inactive.members],
            "unsubscribe_url": unsubscribe_url(instructor, DIGESTS),
        }
        with timezone.override(instructor.zone):
            body = render_to_string("classrooms/email/digest.txt", context)
            html = render_to_string("classrooms/email/digest.html", context)
        email = queue_email(
            to=instructor.email,
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{self.subject}",
            body=body,
            html=html,
            user=instructor,
            key=key,
            kind="digest",
            unsubscribe_url=context["unsubscribe_url"],
        )
        return 1 if email else 0
