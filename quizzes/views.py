"""Quiz pages: the intro, starting an attempt, the attempt's form, its result; a staff preview.

Taking a quiz needs an account, and an attempt is only ever found among the signed-in learner's
own (anyone else's is 404). Nothing on the intro or attempt pages comes from an answer key.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lessons.pagecache import kept_page
from lessons.progress import progress_for
from lessons.services import ModuleLocked
from lessons.views import announce_enrollment, drafts_shown_or_404, locked_page, previews_drafts
from quizzes.models import Attempt, Quiz
from quizzes.paper import InvalidAnswers, Paper, make_layout, questions_of
from quizzes.results import Result
from quizzes.services import (
    AlreadySubmitted,
    QuizClosed,
    save_draft,
    start_attempt,
    submit_attempt,
)

RECENT_ATTEMPTS = 10


def _get_quiz(course_slug, module_slug, quiz_slug, *, include_drafts):
    quizzes = Quiz.objects.visible(include_drafts=include_drafts).select_related("module__course")
    return get_object_or_404(
        quizzes, module__course__slug=course_slug, module__slug=module_slug, slug=quiz_slug
    )


def _locked_page(request, blocked_by, *, quiz):
    return locked_page(
        request, blocked_by, content=quiz, noun="quiz", refused="No attempt was started."
    )


@require_safe
@kept_page
def quiz_detail(request, course_slug, module_slug, quiz_slug):
    quiz = _get_quiz(course_slug, module_slug, quiz_slug, include_drafts=True)
    include_drafts = drafts_shown_or_404(
        request, quiz.module.course, published=quiz.is_visible_to_learners
    )
    (progress,) = progress_for([quiz.module.course], request.user, include_drafts=include_drafts)
    item = progress.item_for(quiz)
    if item.locked and not include_drafts:
        return _locked_page(request, item.module.blocked_by, quiz=quiz)
    attempts = []
    if request.user.is_authenticated:
        attempts = list(
            Attempt.objects.for_learner(request.user).filter(quiz=quiz)[:RECENT_ATTEMPTS]
        )
    context = {
        "quiz": quiz,
        "course": quiz.module.course,
        "progress": progress,
        "item": item,
        "question_count": item.content.question_count,
        "unfinished": next((a for a in attempts if not a.is_submitted), None),
        "attempts": [a for a in attempts if a.is_submitted],
    }
    return render(request, "quizzes/quiz_detail.html", context)


@require_POST
def quiz_start(request, course_slug, module_slug, quiz_slug):
    quiz = _get_quiz(course_slug, module_slug, quiz_slug, include_drafts=False)
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.get_absolute_url())
    try:
        started = start_attempt(user=request.user, quiz=quiz)
    except ModuleLocked as locked:
        return _locked_page(request, locked.blocked_by, quiz=quiz)
    except QuizClosed as closed:
        context = {"quiz": quiz, "reason": closed}
        return render(request, "quizzes/quiz_closed.html", context, status=403)
    if started.newly_enrolled:
        announce_enrollment(request, quiz.module.course)
    if started.resumed:
        messages.info(request, "You're back in the attempt you started earlier.")
    return redirect(started.attempt)


def _learners_attempt(request, attempt_id):
    """The signed-in learner's own attempt at a quiz learners can see; anything else is 404."""
    attempts = Attempt.objects.for_learner(request.user).select_related("quiz__module__course")
    attempt = get_object_or_404(attempts, pk=attempt_id)
    if not attempt.quiz.is_visible_to_learners:
        raise Http404("This quiz is not published.")
    return attempt


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@kept_page
def attempt_detail(request, attempt_id):
    """The attempt's one form, with any answers saved earlier. Posting it submits (with blank
    answers, only once confirmed), or with "save" keeps the answers for later."""
    attempt = _learners_attempt(request, attempt_id)
    if attempt.is_submitted:
        return (
            _already_submitted(request, attempt) if request.method == "POST" else redirect(attempt)
        )
    paper = Paper(attempt, questions_of(attempt.quiz))
    if request.method != "POST":
        return _attempt_page(request, paper.fill(paper.load(attempt.draft)))
    try:
        answers = paper.read(request.POST)
    except InvalidAnswers as invalid:
        context = {"attempt": attempt, "quiz": attempt.quiz, "reason": invalid}
        return render(request, "quizzes/attempt_invalid.html", context, status=400)
    paper.fill(answers)
    if request.POST.get("save"):
        return _save_for_later(request, paper, answers)
    if paper.blank_questions and not request.POST.get("confirm_blanks"):
        return _attempt_page(request, paper, confirming=True)
    try:
        submit_attempt(paper=paper, answers=answers)
    except AlreadySubmitted:
        return _already_submitted(request, attempt)
    return redirect("quizzes:result", attempt_id=attempt.pk)


def _already_submitted(request, attempt):
    """A second submission (a double click, another tab) changes nothing: show the result."""
    messages.info(request, "This attempt was already submitted: here is its result.")
    return redirect("quizzes:result", attempt_id=attempt.pk)


def _save_for_later(request, paper, answers):
    try:
        save_draft(paper=paper, answers=answers)
    except AlreadySubmitted:
        return _already_submitted(request, paper.attempt)
    messages.success(
        request, "Your answers are saved. Come back to this quiz to finish and submit them."
    )
    return redirect(paper.attempt)


def _attempt_page(request, paper, *, confirming=False):
    quiz = paper.attempt.quiz
    context = {
        "paper": paper,
        "attempt": paper.attempt,
        "quiz": quiz,
        "course": quiz.module.course,
        "confirming": confirming,
    }
    return render(request, "quizzes/attempt_detail.html", context)


@require_safe
@login_required
@kept_page
def attempt_result(request, attempt_id):
    attempt = _learners_attempt(request, attempt_id)
    if not attempt.is_submitted:
        return redirect(attempt)
    (progress,) = progress_for([attempt.quiz.module.course], request.user)
    paper = Paper(attempt, questions_of(attempt.quiz, version=progress.content_version))
    result = Result(paper, attempt.responses.all(), item=progress.item_for(attempt.quiz))
    context = {
        "result": result,
        "attempt": attempt,
        "quiz": attempt.quiz,
        "course": attempt.quiz.module.course,
        "progress": progress,
    }
    return render(request, "quizzes/attempt_result.html", context)


@require_safe
def quiz_preview(request, course_slug, module_slug, quiz_slug):
    """Its authors see a quiz's questions as learners will, without starting an attempt."""
    quiz = _get_quiz(course_slug, module_slug, quiz_slug, include_drafts=True)
    if not previews_drafts(request, quiz.module.course):
        raise Http404("Only the quiz's authors preview it.")
    questions = questions_of(quiz)
    preview = Attempt(quiz=quiz, layout=make_layout(quiz, questions))
    paper = Paper(preview, questions).fill({})
    context = {"paper": paper, "quiz": quiz, "course": quiz.module.course, "preview": True}
    return render(request, "quizzes/attempt_detail.html", context)
