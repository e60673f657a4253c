"""Actions on classes, one function each, keyword-only, in a transaction.

Learners' actions come first (joining, leaving), then instructors' (inviting, removing members).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from jsnlearn.classrooms.models import CalendarFeed, Classroom, Invitation, Membership, new_token
from jsnlearn.versions import new_version
from lessons.services import enroll


def renew_classes_version(*, classroom_ids) -> None:
    """Every member of these classes sees their classes anew (a due date, an open date or a
    class's name changed): their kept pages were made under the old version. Called in the
    transaction of the change, by whatever makes it."""
    get_user_model().objects.filter(memberships__classroom__in=classroom_ids).update(
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
    get_user_model().objects.filter(pk=user.pk).update(classes_version=user.classes_version)


@transaction.atomic
def calendar_feed_of(*, user) -> CalendarFeed:
    """The learner's private calendar feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def reset_calendar_feed(*, user) -> CalendarFeed:
    """A new secret address for the learner's calendar: the old one stops working."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_token()
        feed.save(update_fields=["token"])
    return feed


# Instructors' actions
