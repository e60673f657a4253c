"""Actions on classes, one function each, keyword-only, in a transaction.

Learners' actions come first (joining, leaving), then instructors' (inviting, removing members).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.links import invitation_path
from jsnlearn.classrooms.models import Classroom, Invitation, Membership, new_invite_code
from jsnlearn.mail.services import queue_email

# Learners' actions


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
        "link": site_url.rstrip("/") + invitation_path(invitation.token),
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
        # What their pages show (the class's due dates) is kept under their work version.
        user.renew_work_version(adds_no_quiz_answer=True)
    return bool(removed)
