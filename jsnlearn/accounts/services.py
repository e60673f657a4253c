from django.db import transaction
from django.db.models import Q

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import Classroom, Invitation
from jsnlearn.review.models import ReviewCard, ReviewLog


def delete_account(*, user: User) -> None:
    """Delete a learner and everything the site holds about them. Every row about a learner hangs
    off the user row with ON DELETE CASCADE (email addresses, connected accounts, enrollments,
    lesson completions, class memberships, the calendar feed, mail in the outbox; a test holds
    every relation to it), so it all goes, or none of it. Rows with nothing hanging off them
    go in one DELETE per table, however many there are.

    The review deck goes first, its log then its cards, each in one statement: left to the
    cascade, the cards (which have log rows of their own) would be read and deleted a hundred
    at a time, so a big deck would cost a query per hundred cards.

    Invitations to classes sent to their address, or taken up by them, name them too: they go
    with them (the class keeps its members, not whom it once invited)."""
    with transaction.atomic():
        Invitation.objects.filter(Q(accepted_by=user) | Q(email__iexact=user.email)).delete()
        Classroom.objects.filter(memberships__user=user).renew_members_version()
        ReviewLog.objects.filter(user=user).delete()
        cards = ReviewCard.objects.filter(user=user)
        cards._raw_delete(cards.db)  # their log rows are gone: nothing else points at them
        user.delete()
