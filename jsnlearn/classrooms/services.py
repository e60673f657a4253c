"""Actions on classes, one function each, keyword-only, in a transaction.

Learners' actions come first (joining, leaving), then instructors' (inviting, removing members).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import (
    CalendarFeed,
    Classroom,
    Invitation,
    Membership,
    new_invite_code,
    new_token,
)
from jsnlearn.mail.services import queue_email
from jsnlearn.versions import new_version
from lessons.services import enroll


def renew_classes_version(*, classroom_ids) -> None:
    """Every member of these classes sees their classes anew (a due date, an open date or a
    class's name changed): their kept pages were made under the old version. Called in the
    transaction of the change, by whatever makes it."""
    User.objects.filter(memberships__classroom__in=classroom_ids).update(
        classes_version=new_version()
    )


# Learners' actions


class CannotJoin(Exception):
    """Joining is refused: the class has ended, or the invitation was used. Nothing changed."""


@dataclass(frozen=True)
class Joined:
    membership: Membership
    newly_joined: bool
    newly_enrolled: bool


def has_ended(classroom: Classroom) -> bool:
    """Its last day is over, in the site's days: the invitation link and code stop working."""
    return classroom.ends is not None and classroom.ends < timezone.localdate()


@transaction.atomic
def join_class(*, user, classroom: Classroom, invitation: Invitation | None = None) -> Joined:
    """Make `user` a member of `classroom` and enroll them in its course. With an emailed
    `invitation`, it is used up by this join; a second click, here or in another tab, joins once
    and finds the invitation already theirs.

    Raises CannotJoin for a class that has ended or an invitation someone else used."""
    if has_ended(classroom):
        raise CannotJoin("This class has ended, so it no longer takes new members.")
    if invitation is not None:
        _use_invitation(invitation, user)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, classroom=classroom)
    except IntegrityError:  # a member already, perhaps since a moment ago
        membership = Membership.objects.get(user=user, classroom=classroom)
        return Joined(membership, newly_joined=False, newly_enrolled=False)
    newly_enrolled = enroll(user=user, course=classroom.course)
    Classroom.objects.filter(pk=classroom.pk).renew_members_version()
    _renew_own_version(user)
    return Joined(membership, newly_joined=True, newly_enrolled=newly_enrolled)


def _use_invitation(invitation: Invitation, user) -> None:
    used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if used:
        return
    accepted_by = Invitation.objects.values_list("accepted_by", flat=True).get(pk=invitation.pk)
    if accepted_by != user.pk:
        raise CannotJoin("This invitation has been used already.")


@transaction.atomic
def leave_class(*, user, membership: Membership) -> None:
    """`user` leaves the class of their `membership`; their course progress stays theirs."""
    if membership.user_id != user.pk:
        raise ValueError("Only a member leaves their class.")
    membership.delete()
    Classroom.objects.filter(pk=membership.classroom_id).renew_members_version()
    _renew_own_version(user)


@transaction.atomic
def set_reminders(*, user, membership: Membership, on: bool) -> None:
    """Whether `user` gets an email before their class's due dates."""
    Membership.objects.filter(pk=membership.pk, user=user).update(reminders_on=on)
    membership.reminders_on = on


def _renew_own_version(user) -> None:
    """After joining or leaving: a new classes version, or none once they are in no class
    (then their pages read nothing about classes)."""
    in_a_class = Membership.objects.filter(user=user).exists()
    user.classes_version = new_version() if in_a_class else None
    User.objects.filter(pk=user.pk).update(classes_version=user.classes_version)


@transaction.atomic
def reset_calendar_feed(*, user) -> CalendarFeed:
    """The learner's calendar feed, made on first use; after that, a new secret address: the
    old one stops working."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_token()
        feed.save(update_fields=["token"])
    return feed


# Instructors' actions


def reset_invite_code(*, classroom: Classroom) -> str:
    """A new invitation code for `classroom`: the old link and code stop working at once."""
    for _ in range(5):  # a clash with another class's code is rare; trying again is enough
        code = new_invite_code()
        try:
            with transaction.atomic():
                Classroom.objects.filter(pk=classroom.pk).update(invite_code=code)
        except IntegrityError:
            continue
        classroom.invite_code = code
        return code
    raise RuntimeError("No free invitation code was found.")


@dataclass
class InviteOutcome:
    """What inviting did with each address."""

    sent: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)  # a pending invitation: not resent
    already_members: list[str] = field(default_factory=list)


@transaction.atomic
def invite_by_email(*, classroom: Classroom, emails: list[str], by, site_url: str) -> InviteOutcome:
    """Invite each address (lower-cased, each once) to `classroom`: a single-use link by email.

    An address with an invitation not yet used, or whose account is already a member, gets no
    second email, so pasting the same list twice sends nothing twice. `site_url` is where the
    links point ("https://example.com")."""
    outcome = InviteOutcome()
    pending = set(
        classroom.invitations.filter(email__in=emails, accepted_at__isnull=True).values_list(
            "email", flat=True
        )
    )
    members = set(
        Membership.objects.filter(classroom=classroom, user__email__in=emails).values_list(
            "user__email", flat=True
        )
    )
    accounts = {user.email: user for user in User.objects.filter(email__in=emails)}
    for email in emails:
        if email in members:
            outcome.already_members.append(email)
        elif email in pending:
            outcome.already_invited.append(email)
        else:
            invitation = Invitation.objects.create(classroom=classroom, email=email, invited_by=by)
            _send_invitation(invitation, by=by, to=accounts.get(email), site_url=site_url)
            outcome.sent.append(email)
    return outcome


def _send_invitation(invitation: Invitation, *, by, to, site_url: str) -> None:
    context = {
        "classroom": invitation.classroom,
        "course": invitation.classroom.course,
        "inviter": by,
        "link": site_url.rstrip("/") + reverse("classrooms:invitation", args=[invitation.token]),
    }
    queue_email(
        to=invitation.email,
        subject=f"{by} invites you to the class “{invitation.classroom.name}”",
        body=render_to_string("classrooms/email/invitation.txt", context),
        html=render_to_string("classrooms/email/invitation.html", context),
        user=to,  # an account's own mail goes when the account is deleted
        key=f"invitation-{invitation.pk}",
        kind="invitation",
    )


@transaction.atomic
def remove_member(*, classroom: Classroom, user, by) -> bool:
    """Take `user` out of `classroom`, by one of its instructors; False if they were not in it.

    They no longer see its due dates or get its reminders, and its instructors no longer see
    their progress. Their own work in the course stays theirs."""
    if not Classroom.objects.taught_by(by).filter(pk=classroom.pk).exists():
        raise PermissionDenied("Only the class's instructors remove its members.")
    removed, _ = Membership.objects.filter(classroom=classroom, user=user).delete()
    if removed:
        Classroom.objects.filter(pk=classroom.pk).renew_members_version()
        _renew_own_version(user)  # their kept pages showed the class's due dates
    return bool(removed)
