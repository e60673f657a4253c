from django.db import transaction

from jsnlearn.accounts.models import User


def delete_account(*, user: User) -> None:
    """Delete a learner and everything the site holds about them. Every row about a learner hangs
    off the user row with ON DELETE CASCADE (email addresses, connected accounts, enrollments,
    lesson completions; a test holds every relation to it), so it all goes, or none of it."""
    with transaction.atomic():
        user.delete()
