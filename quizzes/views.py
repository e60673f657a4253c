"""Quiz pages: the intro, starting an attempt, the attempt's form, its result; a staff preview.

Taking a quiz needs an account, and an attempt is only ever found among the signed-in learner's
own (anyone else's is 404). Nothing on the intro or attempt pages comes from an answer key.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jsnlearn.pagecache import kept_page
from jsnlearn.pages import (
    CoursePage,
    announce_enrollment,
    locked_page,
    published_content,
    text_of,
)
from lessons.progress import content_in, progress_for
from lessons.services import ModuleLocked
from quizzes.models import Attempt, Quiz, learners_attempt, responses_of
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


def _open_quiz(request, course_slug, module_slug, quiz_slug) -> CoursePage:
    return CoursePage.open(
        request, "quiz", course_slug=course_slug, module_slug=module_slug, slug=quiz_slug
    )


def _locked_page(request, blocked_by, *, quiz):
    return locked_page(
        request, blocked_by, content=quiz, noun="quiz", refused="No attempt was started."
    )


@require_safe
def quiz_detail(request, course_slug, module_slug, quiz_slug):
    quiz_page = _open_quiz(request, course_slug, module_slug, quiz_slug)

    def page():
        quiz = quiz_page.content
        if quiz_page.locked:
            return _locked_page(request, quiz_page.item.module.blocked_by, quiz=quiz)
        item = quiz_page.item  # the learner's attempts, as progress read them
        context = {
            "quiz": quiz,
            "intro_html": text_of(quiz, "intro_html"),
            "course": quiz_page.course,
            "progress": quiz_page.progress,
            "item": item,
            "next_item": quiz_page.progress.next_after(item),
            "question_count": quiz.question_count,
            "unfinished": item.unfinished,
            "attempts": item.submitted[:RECENT_ATTEMPTS],
        }
        return render(request, "quizzes/quiz_detail.html", context)

    return kept_page(request, page, versions=quiz_page.versions)


@require_POST
def quiz_start(request, course_slug, module_slug, quiz_slug):
    quiz = published_content(Quiz, course_slug=course_slug, module_slug=module_slug, slug=quiz_slug)
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
    """The signed-in learner's own attempt at a quiz learners can see; anything else is 404.
    Its quiz is the one the course's outline holds (kept in memory), with its module and
    course."""
    attempt, course = learners_attempt(request.user, attempt_id) or (None, None)
    quiz = course and course.is_published and content_in(course, "quiz", attempt.quiz_id)
    if not quiz:
        raise Http404("There is no such attempt, or its quiz is not published.")
    attempt.quiz, attempt.user = quiz, request.user  # theirs: spares the services a query
    return attempt


def _versions(attempt) -> tuple:
    course = attempt.quiz.module.course
    return (course.pk, course.content_version)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
def attempt_detail(request, attempt_id):
    """The attempt's one form, with any answers saved earlier. Posting it submits (with blank
    answers, only once confirmed), or with "save" keeps the answers for later."""
    attempt = _learners_attempt(request, attempt_id)
    if attempt.is_submitted:
        return (
            _already_submitted(request, attempt) if request.method == "POST" else redirect(attempt)
        )
    if request.method != "POST":
        return kept_page(request, lambda: _form_page(request, attempt), versions=_versions(attempt))
    paper = Paper(attempt, questions_of(attempt.quiz))
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


def _form_page(request, attempt):
    """The attempt's form, filled with the answers saved for later."""
    paper = Paper(attempt, questions_of(attempt.quiz))
    return _attempt_page(request, paper.fill(paper.load(attempt.draft)))


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
@never_cache
def attempt_result(request, attempt_id):
    attempt = _learners_attempt(request, attempt_id)
    if not attempt.is_submitted:
        return redirect(attempt)

    def page():
        (progress,) = progress_for([attempt.quiz.module.course], request.user)
        paper = Paper(attempt, questions_of(attempt.quiz))
        result = Result(paper, responses_of(attempt), item=progress.item_for(attempt.quiz))
        context = {
            "result": result,
            "next_item": progress.next_after(result.item),
            "attempt": attempt,
            "quiz": attempt.quiz,
            "course": attempt.quiz.module.course,
            "progress": progress,
        }
        return render(request, "quizzes/attempt_result.html", context)

    return kept_page(request, page, versions=_versions(attempt))


@require_safe
def quiz_preview(request, course_slug, module_slug, quiz_slug):
    """Its authors see a quiz's questions as learners will, without starting an attempt."""
    quiz_page = _open_quiz(request, course_slug, module_slug, quiz_slug)
    if not quiz_page.include_drafts:
        raise Http404("Only the quiz's authors preview it.")
    quiz = quiz_page.content
    questions = questions_of(quiz)
    preview = Attempt(quiz=quiz, layout=make_layout(quiz, questions))
    paper = Paper(preview, questions).fill({})
    context = {"paper": paper, "quiz": quiz, "course": quiz.module.course, "preview": True}
    return render(request, "quizzes/attempt_detail.html", context)
