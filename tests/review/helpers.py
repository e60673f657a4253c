"""A learner's deck made as they make it: by submitting a quiz, then answering review forms."""

import re
from datetime import datetime, timedelta

from django.utils import timezone

from jsnlearn.review.deck import review_paper
from jsnlearn.review.models import ReviewCard
from jsnlearn.review.services import sync_deck
from quizzes import grading
from tests.quizzes.helpers import correct_answers, form_data, paper_of, start, submit

REVIEW_URL = "/review/"


def take_quiz(client, user, *, right: set[str] = frozenset(), at: datetime | None = None):
    """Submit the quiz at QUIZ_URL with the kinds in `right` answered correctly and the rest
    left blank, at `at` (default now), and bring the deck up to date; the attempt."""
    attempt = start(client)
    answers = correct_answers(paper_of(attempt))
    kinds = {question.pk: question.kind for question in attempt.quiz.questions.all()}
    attempt = submit(client, attempt, {pk: a for pk, a in answers.items() if kinds[pk] in right})
    if at is not None:
        type(attempt).objects.filter(pk=attempt.pk).update(submitted_at=at)
    user.refresh_from_db()
    sync_deck(user=user, now=at or timezone.now())
    user.refresh_from_db()
    return attempt


def card_of(user, kind) -> ReviewCard:
    return ReviewCard.objects.select_related("question__quiz__module__course").get(
        user=user, question__kind=kind
    )


def review_form(card, answer=None, **extra) -> dict:
    """The POST data of `card`'s review form answered with `answer` (grading's shape; None for
    a blank), as the page shows it for its next rating."""
    paper = review_paper(card, card.question.quiz)
    (shown,) = paper.questions
    data = form_data(paper, {shown.question.pk: answer}) if answer is not None else {}
    return {"seen": str(card.reps), **data, **extra}


def right_answer(card):
    return grading.correct_answer(card.question.spec())


def answer_url(card) -> str:
    return f"/review/cards/{card.pk}/"


def log_id_of(response) -> int:
    return int(re.search(r"/review/answers/(\d+)/", response.url).group(1))


def make_due(card, *, ago: timedelta = timedelta(hours=1)) -> None:
    """Make `card` due now (it came due `ago`)."""
    ReviewCard.objects.filter(pk=card.pk).update(due=timezone.now() - ago)
    card.refresh_from_db()
