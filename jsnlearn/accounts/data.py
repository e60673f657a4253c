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
from django.db.models import QuerySet
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.certificates.data import certificates
from quizzes.models import Response


def profile(user: User) -> dict:
    return {
        "display_name": user.display_name,
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def email_addresses(user: User) -> QuerySet:
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return addresses.values("email", "verified", "primary")


def connected_accounts(user: User) -> QuerySet:
    """Sign-ins through other providers, with what each provider told us about the learner."""
    accounts = SocialAccount.objects.filter(user=user).order_by("provider", "date_joined")
    return accounts.values("provider", "uid", "date_joined", "last_login", "extra_data")


def enrollments(user: User) -> QuerySet:
    return user.enrollments.order_by("created").values("course__slug", "course__title", "created")


def lesson_completions(user: User) -> QuerySet:
    return user.lesson_completions.order_by("completed_at").values(
        "lesson__module__course__slug",
        "lesson__module__slug",
        "lesson__slug",
        "lesson__title",
        "completed_at",
    )


def quiz_attempts(user: User) -> QuerySet:
    return user.quiz_attempts.order_by("started_at").values(
        "id",
        "quiz__module__course__slug",
        "quiz__module__slug",
        "quiz__slug",
        "quiz__title",
        "started_at",
        "submitted_at",
        "score",
        "max_score",
        "percent",
        "passed",
        "draft",  # answers saved for later in an attempt not yet submitted
    )


def quiz_answers(user: User) -> QuerySet:
    """Each answer given, by attempt (its "id" above). Chosen options are named by their ids."""
    return (
        Response.objects.filter(attempt__user=user)
        .order_by("attempt__started_at", "question__position", "question_id")
        .values(
            "attempt_id",
            "question__kind",
            "question__prompt",
            "answer",
            "awarded_points",
            "is_correct",
        )
    )


@dataclass(frozen=True)
class Section:
    key: str  # the section's name in the file
    label: str  # what the deletion page calls it
    # A dict for a single record, else a QuerySet of rows: the file lists them, the deletion
    # page only counts them (without loading them).
    build: Callable[[User], dict | QuerySet]


SECTIONS = (
    Section("profile", "Your profile: display name, email address, dates joined and seen", profile),
    Section("email_addresses", "Email addresses", email_addresses),
    Section("connected_accounts", "Accounts from other sign-in providers", connected_accounts),
    Section("enrollments", "Courses you enrolled in", enrollments),
    Section("lesson_completions", "Lessons you completed", lesson_completions),
    Section("quiz_attempts", "Quiz attempts, with their scores", quiz_attempts),
    Section("quiz_answers", "Your answers to quiz questions", quiz_answers),
    Section("certificates", "Certificates you earned", certificates),
)


def learner_data(*, user: User) -> dict:
    sections = {}
    for section in SECTIONS:
        content = section.build(user)
        sections[section.key] = content if isinstance(content, dict) else list(content)
    return {"site": "jsnlearn", "exported_at": timezone.now(), **sections}


def learner_data_summary(*, user: User) -> list[tuple[str, int | None]]:
    """(label, number of items) for each section; None for a section that is a single record."""
    summary = []
    for section in SECTIONS:
        content = section.build(user)
        summary.append((section.label, None if isinstance(content, dict) else content.count()))
    return summary
