"""Everything the site holds about one learner: the "Download my data" file, and the list the
deletion page shows of what will go.

The file is a dict of sections, each built by one function from the learner alone. Another kind
of learner data joins with a function and one line in SECTIONS, e.g. the enrollments, lesson
completions and quiz attempts (with answers and scores) of the lessons and quizzes apps, or the
classes joined. It is written for a person to read: plain keys, titles and option texts rather
than database ids, the questions and answers as text, moments in ISO 8601 (UTC).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db.models import QuerySet
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import Membership
from jsnlearn.review.models import ReviewCard, ReviewLog
from quizzes.grading import Kind, is_blank
from quizzes.models import Choice, Question, Response
from quizzes.paper import from_json

REMOVED_OPTION = "(an option since removed from the question)"
ASKED_AS_ANOTHER_KIND = "(answered when the question was of another kind)"


def when(moment: datetime | None) -> str | None:
    """A moment in ISO 8601, in UTC, to the second: "2026-12-06T15:30:00Z"."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def number(value: Decimal) -> str:
    """Points exactly as stored, without trailing zeros: "1.5", "1", "0.33"."""
    return format(Decimal(value).normalize(), "f")


def profile(user: User) -> dict:
    return {
        "display_name": user.display_name,
        "email": user.email,
        "joined": when(user.date_joined),
        "last_signed_in": when(user.last_login),
        "readings_in_lessons": user.get_readings_display(),
        "time_zone": str(user.zone),
        "review": "on" if user.reviews_on else "off",
        "review_questions_a_day": user.review_daily_limit,
        "review_reminder_emails": "on" if user.review_emails else "off",
    }


def email_addresses(user: User) -> QuerySet:
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return addresses.values("email", "verified", "primary")


def connected_accounts(user: User) -> QuerySet:
    """Sign-ins through other providers, with what each provider told us about the learner."""
    return SocialAccount.objects.filter(user=user).order_by("provider", "date_joined")


def readable_accounts(accounts: QuerySet) -> list[dict]:
    return [
        {
            "provider": account.provider,
            "account_id": account.uid,
            "connected": when(account.date_joined),
            "last_signed_in": when(account.last_login),
            "what_the_provider_shared": account.extra_data,
        }
        for account in accounts
    ]


def enrollments(user: User) -> QuerySet:
    return user.enrollments.order_by("created").select_related("course")


def readable_enrollments(rows: QuerySet) -> list[dict]:
    return [{"course": row.course.title, "enrolled": when(row.created)} for row in rows]


def lesson_completions(user: User) -> QuerySet:
    return user.lesson_completions.order_by("completed_at").select_related("lesson__module__course")


def readable_completions(rows: QuerySet) -> list[dict]:
    return [
        {
            "course": row.lesson.module.course.title,
            "module": row.lesson.module.title,
            "lesson": row.lesson.title,
            "completed": when(row.completed_at),
        }
        for row in rows
    ]


def quiz_attempts(user: User) -> QuerySet:
    return user.quiz_attempts.order_by("started_at").select_related("quiz__module__course")


def readable_attempts(attempts: QuerySet) -> list[dict]:
    """Each attempt with its score; one not yet submitted with the answers saved for later."""
    attempts = list(attempts)
    saved = [int(pk) for attempt in attempts for pk in attempt.draft]
    questions = Question.objects.filter(pk__in=saved).prefetch_related("choices").in_bulk()
    return [_attempt_in_words(attempt, questions) for attempt in attempts]


def _attempt_in_words(attempt, questions: dict) -> dict:
    words = {
        "attempt": str(attempt.pk),
        "course": attempt.quiz.module.course.title,
        "module": attempt.quiz.module.title,
        "quiz": attempt.quiz.title,
        "started": when(attempt.started_at),
        "submitted": when(attempt.submitted_at),
    }
    if attempt.submitted_at is not None:
        words |= {
            "score": number(attempt.score),
            "out_of": number(attempt.max_score),
            "percent": attempt.percent,
            "passed": attempt.passed,
        }
    saved = [
        (questions[int(pk)], stored) for pk, stored in attempt.draft.items() if int(pk) in questions
    ]
    if saved:
        words["answers_saved_for_later"] = [
            {"question": question.prompt, "your_answer": answer_in_words(question, stored)}
            for question, stored in saved
            if not is_blank(question.kind, from_json(question.kind, stored))
        ]
    return words


def quiz_answers(user: User) -> QuerySet:
    """Each answer given, by attempt (its "attempt" above)."""
    return (
        Response.objects.filter(attempt__user=user)
        .order_by("attempt__started_at", "question__position", "question_id")
        .select_related("attempt__quiz", "question")
        .prefetch_related("question__choices")
    )


def readable_answers(responses: QuerySet) -> list[dict]:
    return [
        {
            "attempt": str(response.attempt_id),
            "quiz": response.attempt.quiz.title,
            "question": response.question.prompt,
            "kind": Kind(response.question.kind).label,
            "your_answer": answer_in_words(response.question, response.answer),
            "points": number(response.awarded_points),
            "right": response.is_correct,
        }
        for response in responses
    ]


def answer_in_words(question: Question, stored):
    """A stored answer with its options written out: the text chosen (a list of them for
    several), the text typed, the items in the order placed, or each item with its match."""
    answer = from_json(question.kind, stored)
    if answer is None:
        return None
    choices: dict[int, Choice] = {choice.pk: choice for choice in question.choices.all()}

    def text(pk, field="text"):
        return REMOVED_OPTION if pk not in choices else getattr(choices[pk], field)

    match question.kind:
        case Kind.SINGLE | Kind.TRUE_FALSE:
            return text(answer)
        case Kind.MULTIPLE:
            return sorted(text(pk) for pk in answer)
        case Kind.ORDERING:
            return [None if pk is None else text(pk) for pk in answer]
        case Kind.MATCHING:
            return [
                {
                    "item": text(left),
                    "matched_with": None if right is None else text(right, "match_text"),
                }
                for left, right in answer.items()
            ]
    return answer  # short text: as typed


def class_memberships(user: User) -> QuerySet:
    return (
        Membership.objects.for_learner(user).order_by("joined").select_related("classroom__course")
    )


def readable_memberships(rows: QuerySet) -> list[dict]:
    return [
        {
            "class": row.classroom.name,
            "course": row.classroom.course.title,
            "joined": when(row.joined),
            "due_date_reminders": "on" if row.reminders_on else "off",
        }
        for row in rows
    ]


def certificates(user: User) -> QuerySet:
    return user.certificates.order_by("issued_at")


def readable_certificates(rows: QuerySet) -> list[dict]:
    """What each certificate says, its credential ID (the one printed on it) and its state."""
    return [
        {
            "course": row.course_title,
            "printed_name": row.printed_name,
            "issued": when(row.issued_at),
            "credential_id": str(row.pk),
            "modules": list(row.module_titles),
            "hours": row.hours,
            "instructors": list(row.instructor_names),
            "verification_page": "public" if row.public else "not public",
            "revoked": when(row.revoked_at),
            "revoke_reason": row.revoke_reason or None,
        }
        for row in rows
    ]


def review_cards(user: User) -> QuerySet:
    return ReviewCard.objects.for_learner(user).select_related("question", "course")


def readable_review_cards(cards: QuerySet) -> list[dict]:
    """Each question in the review deck, with what the scheduler knows of it (FSRS's figures)."""
    return [
        {
            "course": card.course.title,
            "question": card.question.prompt,
            "due": when(card.due),
            "last_reviewed": when(card.last_review),
            "times_rated": card.reps,
            "stability_days": card.stability,
            "difficulty": card.difficulty,
        }
        for card in cards
    ]


def review_log(user: User) -> QuerySet:
    return (
        ReviewLog.objects.filter(user=user)
        .order_by("reviewed_at", "pk")
        .select_related("card__question")
        .prefetch_related("card__question__choices")
    )


def readable_review_log(logs: QuerySet) -> list[dict]:
    return [
        {
            "question": log.card.question.prompt,
            "reviewed": when(log.reviewed_at),
            "your_answer": _review_answer_in_words(log),
            "points": number(log.awarded_points),
            "right": log.is_correct,
            "rating": log.get_rating_display(),
            "comes_back": when(log.due_after),
        }
        for log in logs
    ]


def _review_answer_in_words(log: ReviewLog):
    question = log.card.question
    if question.kind != log.card.kind:  # the question has changed kind since: its options
        return ASKED_AS_ANOTHER_KIND  # no longer read the answer as it was given
    return answer_in_words(question, log.answer)


@dataclass(frozen=True)
class Section:
    key: str  # the section's name in the file
    label: str  # what the deletion page calls it
    # A dict for a single record, else a QuerySet of rows: the file lists them, the deletion
    # page only counts them (without loading them).
    build: Callable[[User], dict | QuerySet]
    # How the file writes a QuerySet's rows: in words, with no database ids or field paths.
    readable: Callable[[QuerySet], list] = list


SECTIONS = (
    Section("profile", "Your profile: display name, email address, dates joined and seen", profile),
    Section("email_addresses", "Email addresses", email_addresses),
    Section(
        "connected_accounts",
        "Accounts from other sign-in providers",
        connected_accounts,
        readable_accounts,
    ),
    Section("enrollments", "Courses you enrolled in", enrollments, readable_enrollments),
    Section(
        "lesson_completions", "Lessons you completed", lesson_completions, readable_completions
    ),
    Section("quiz_attempts", "Quiz attempts, with their scores", quiz_attempts, readable_attempts),
    Section("quiz_answers", "Your answers to quiz questions", quiz_answers, readable_answers),
    Section("class_memberships", "Classes you joined", class_memberships, readable_memberships),
    Section("certificates", "Certificates you earned", certificates, readable_certificates),
    Section("review_cards", "Questions in your review deck", review_cards, readable_review_cards),
    Section("review_log", "Your answers in review", review_log, readable_review_log),
)


def learner_data(*, user: User) -> dict:
    sections = {}
    for section in SECTIONS:
        content = section.build(user)
        sections[section.key] = content if isinstance(content, dict) else section.readable(content)
    return {"site": "jsnlearn", "exported": when(timezone.now()), **sections}


def learner_data_summary(*, user: User) -> list[tuple[str, int | None]]:
    """(label, number of items) for each section; None for a section that is a single record."""
    summary = []
    for section in SECTIONS:
        content = section.build(user)
        summary.append((section.label, None if isinstance(content, dict) else content.count()))
    return summary
