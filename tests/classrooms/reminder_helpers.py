"""What the reminder tests share: their moments and a learner's review cards."""

from datetime import UTC, datetime, timedelta

from jsnlearn.review.models import ReviewCard

NOW = datetime(2026, 12, 11, 8, 0, tzinfo=UTC)  # a Friday morning in London
TOMORROW = NOW + timedelta(days=1)  # Sat 12 Dec 08:00 UTC: 17:00 in Tokyo

# Sat 12 Dec 2026 in Tokyo (UTC+9): its day runs from 15:00 UTC on the 11th to 15:00 on the 12th.
TOKYO_MIDNIGHT = datetime(2026, 12, 11, 15, 0, tzinfo=UTC)
TOKYO_MORNING = TOKYO_MIDNIGHT + timedelta(hours=8, minutes=30)
TOKYO_DAY_END = TOKYO_MIDNIGHT + timedelta(days=1)


def deal(user, quiz, dues) -> list[ReviewCard]:
    """A card of `user`'s for each of the quiz's first questions, due at `dues`."""
    questions = list(quiz.questions.order_by("position"))[: len(dues)]
    return ReviewCard.objects.bulk_create(
        ReviewCard(
            user=user,
            question=question,
            course_id=quiz.module.course_id,
            kind=question.kind,
            state=ReviewCard.State.REVIEW,
            stability=3.0,
            difficulty=5.0,
            reps=1,
            due=due,
        )
        for question, due in zip(questions, dues, strict=True)
    )
