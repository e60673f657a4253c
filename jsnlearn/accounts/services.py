from django.db import transaction

from jsnlearn.accounts.models import User


def delete_account(*, user: User) -> None:
    """Delete a learner and everything the site holds about them. Every row about a learner hangs
    off the user row with ON DELETE CASCADE (email addresses, connected accounts, enrollments,
    completions, quiz attempts and their answers), so it all goes with it, or none of it does."""
    with transaction.atomic():
        user.delete()
