"""Review pages: today's cards one at a time, what an answer showed, the learner's settings.

Every card is found among the signed-in learner's own cards whose question learners can see:
anyone else's, or one out of the deck, is 404. A review form holds nothing of the key; its
options are tokens of the card and its count of ratings (jsnlearn/review/deck.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jsnlearn.review.deck import Today, learners_card, review_paper
from jsnlearn.review.forms import AnswerForm, ReviewSettingsForm
from jsnlearn.review.models import ReviewCard, ReviewLog
from jsnlearn.review.services import (
    AlreadyAnswered,
    answer_card,
    rate_easy,
    refresh_review_ready,
    renew_review_settings,
    reset_course_deck,
    sync_deck,
)
from lessons.models import Course
from quizzes.paper import InvalidAnswers
from quizzes.results import QuestionResult


def _bad_request(request, reason: str):
    return render(request, "review/review_invalid.html", {"reason": reason}, status=400)


def _asks_more(data) -> bool:
    """Whether the learner asked to go past today's limit ("Review more", "Review ahead")."""
    return data.get("more") == "1"


def _with_more(url: str, more: bool) -> str:
    return f"{url}?more=1" if more else url


@require_safe
@login_required
@never_cache
def review(request):
    """The next card due today, or what is next once none is."""
    user, more = request.user, _asks_more(request.GET)
    if not user.reviews_on:
        return render(request, "review/review_off.html")
    now = timezone.now()
    sync_deck(user=user, now=now)
    today = Today(user, now, more=more)
    card = today.next_card()
    if card is None:
        return _nothing_left(request, today)
    paper = review_paper(card, card.quiz).fill({})  # its question: learners_card found it
    context = {
        "card": card,
        "shown": paper.questions[0],
        "today": today,
        "number": today.done + 1,
        "of": today.done + max(today.left, 1),
    }
    return render(request, "review/review_card.html", context)


def _nothing_left(request, today: Today):
    user = request.user
    if user.review_is_ready(today.now):  # the header said there was something: no longer
        refresh_review_ready(user=user, now=today.now)
    context = {"today": today, "next_due": today.next_due}
    return render(request, "review/review_done.html", context)


def _learners_card(user, card_id) -> ReviewCard:
    card = learners_card(user, pk=card_id)
    if card is None:
        raise Http404("There is no such card in your deck.")
    return card


@require_POST
@login_required
def answer(request, card_id):
    """Grade an answer to the card, once, and show what it was (the answer page)."""
    card = _learners_card(request.user, card_id)
    form, answer_data = AnswerForm.split(request.POST)
    if not form.is_valid():
        return _bad_request(request, "The review form was not sent whole.")
    seen, more = form.cleaned_data["seen"], _asks_more(request.POST)
    if seen != card.reps:
        return _answered_before(request, card, seen)
    paper = review_paper(card, card.quiz, reps=seen)
    try:
        answers = paper.read(answer_data)
        answered = answer_card(
            user=request.user, card=card, paper=paper, answers=answers, seen=seen
        )
    except InvalidAnswers as invalid:
        return _bad_request(request, str(invalid))
    except AlreadyAnswered:
        return _answered_before(request, card, seen)
    return redirect(_with_more(reverse("review:answered", args=[answered.log.pk]), more))


def _answered_before(request, card, seen):
    """An answer to a showing already answered changes nothing: show what the first one did."""
    log = ReviewLog.objects.filter(card=card, seq=seen + 1).first()
    messages.info(request, "You already answered this question: here is how it went.")
    return redirect(reverse("review:answered", args=[log.pk]) if log else "review:review")


@require_safe
@login_required
@never_cache
def answered(request, log_id):
    """An answer given in review, marked, with the feedback on it, the explanation, the
    correct answer and when the card comes back."""
    logs = ReviewLog.objects.filter(user=request.user).select_related(
        "card__question__quiz__module__course"
    )
    log = get_object_or_404(logs, pk=log_id)
    card = log.card
    card.quiz = card.question.quiz
    paper = review_paper(card, card.quiz, reps=log.seq - 1)
    if not paper.questions:
        raise Http404("This question is no longer in your deck.")
    paper.fill(paper.load({card.question_id: log.answer}))
    more = _asks_more(request.GET)
    today = Today(request.user, timezone.now(), more=more)
    context = {
        "log": log,
        "card": card,
        "result": QuestionResult(paper.questions[0], log),
        "today": today,
        "can_rate_easy": log.rating == ReviewLog.Rating.GOOD and card.reps == log.seq,
        "next_url": _with_more(reverse("review:review"), more),
        "more": more,
    }
    return render(request, "review/review_answered.html", context)


@require_POST
@login_required
def easy(request, log_id):
    log = get_object_or_404(ReviewLog.objects.filter(user=request.user), pk=log_id)
    if rate_easy(user=request.user, log=log):
        messages.success(request, "Marked easy.")
    else:
        messages.info(request, "Only your latest right answer to a question can be marked easy.")
    more = _asks_more(request.POST)
    return redirect(_with_more(reverse("review:answered", args=[log.pk]), more))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review_settings(request):
    """Review on or off, the daily limit, and each course's cards, with a reset."""
    user = request.user
    sent = request.POST if request.method == "POST" else None
    form = ReviewSettingsForm(sent, instance=user)
    if form.is_valid():
        renew_review_settings(user=form.instance, fields=list(form.changed_data))
        messages.success(request, "Your review settings are saved.")
        return redirect("review:settings")
    decks = (
        ReviewCard.objects.for_learner(user)
        .values("course__slug", "course__title")
        .annotate(cards=Count("id"), last=Max("last_review"))
        .order_by("course__title")
    )
    context = {"form": form, "decks": decks}
    status = 400 if form.errors else 200
    return render(request, "review/review_settings.html", context, status=status)


@require_POST
@login_required
def reset(request, course_slug):
    course = get_object_or_404(Course, slug=course_slug)
    count = reset_course_deck(user=request.user, course=course)
    if count:
        messages.success(
            request, f"{count} card{'s' if count != 1 else ''} of {course} will start again today."
        )
    else:
        messages.info(request, f"You have no review cards from {course}.")
    return redirect("review:settings")
