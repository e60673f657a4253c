"""Everything the site holds about one learner: the "Download my data" file, and the list the
deletion page shows of what will go.

The file is a dict of sections, each built by one function from the learner alone. Another kind
of learner data joins with a function and one line in SECTIONS, e.g. the enrollments, lesson
completions and quiz attempts (with answers and scores) of the lessons and quizzes apps.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.utils import timezone

from jsnlearn.accounts.models import User


def profile(user: User) -> dict:
    return {
        "display_name": user.display_name,
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def email_addresses(user: User) -> list[dict]:
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return list(addresses.values("email", "verified", "primary"))


def connected_accounts(user: User) -> list[dict]:
    """Sign-ins through other providers, with what each provider told us about the learner."""
    accounts = SocialAccount.objects.filter(user=user).order_by("provider", "date_joined")
    return list(accounts.values("provider", "uid", "date_joined", "last_login", "extra_data"))


def enrollments(user: User) -> list[dict]:
    return list(
        user.enrollments.order_by("created").values("course__slug", "course__title", "created")
    )


def lesson_completions(user: User) -> list[dict]:
    completions = user.lesson_completions.order_by("completed_at")
    return list(
        completions.values(
            "lesson__module__course__slug",
            "lesson__module__slug",
            "lesson__slug",
            "lesson__title",
            "completed_at",
        )
    )


@dataclass(frozen=True)
class Section:
    key: str  # the section's name in the file
    label: str  # what the deletion page calls it
    build: Callable[[User], dict | list]


SECTIONS = (
    Section("profile", "Your profile: display name, email address, dates joined and seen", profile),
    Section("email_addresses", "Email addresses", email_addresses),
    Section("connected_accounts", "Accounts from other sign-in providers", connected_accounts),
    Section("enrollments", "Courses you enrolled in", enrollments),
    Section("lesson_completions", "Lessons you completed", lesson_completions),
)


def learner_data(*, user: User) -> dict:
    sections = {section.key: section.build(user) for section in SECTIONS}
    return {"site": "jsnlearn", "exported_at": timezone.now(), **sections}


def learner_data_summary(*, user: User) -> list[tuple[str, int | None]]:
    """(label, number of items) for each section; None for a section that is a single record."""
    summary = []
    for section in SECTIONS:
        content = section.build(user)
        summary.append((section.label, len(content) if isinstance(content, list) else None))
    return summary
