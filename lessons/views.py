"""Learner pages: catalog, course outline, lesson, dashboard; and the two progress actions.

Reading is open to everyone; completing and enrolling need an account. Those who author a
course (its instructors, superusers) also see its drafts, under a banner, so they can preview
exactly what learners will get; to everyone else a draft does not exist (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from lessons.forms import CompletionForm
from lessons.models import Course, Enrollment, Lesson, LessonCompletion
from lessons.pagecache import kept_page, shared_fragments
from lessons.progress import progress_for
from lessons.services import ModuleLocked, complete_lesson, enroll

RECENT_COMPLETIONS = RECENT_RESULTS = 5


def announce_enrollment(request, course) -> None:
    """The message for a learner's first step into `course`, however they took it."""
    messages.success(
        request, f"You're enrolled in {course}. It's on your dashboard, with your progress."
    )


def previews_drafts(request, course) -> bool:
    """Whether the user sees `course`'s drafts (under a banner): they may author it. Only staff
    can, which spares learners the query."""
    return request.user.is_staff and course.is_taught_by(request.user)


def drafts_shown_or_404(request, course, *, published: bool) -> bool:
    """Whether a page of `course` shows its drafts. A page that learners cannot see
    (`published` false) is 404 to anyone who may not preview it."""
    include_drafts = previews_drafts(request, course)
    if not (published or include_drafts):
        raise Http404("Nothing published is here.")
    return include_drafts


def _get_lesson(course_slug, module_slug, lesson_slug, *, include_drafts):
    lessons = Lesson.objects.visible(include_drafts=include_drafts).select_related("module__course")
    return get_object_or_404(
        lessons, module__course__slug=course_slug, module__slug=module_slug, slug=lesson_slug
    )


@require_safe
@kept_page
def catalog(request):
    """Published courses only, for everyone: drafts are previewed from their own pages."""
    courses = Course.objects.published()
    progresses = progress_for(courses, request.user)
    return render(request, "lessons/course_list.html", {"progresses": progresses})


@require_safe
@kept_page
def course_detail(request, course_slug):
    course = get_object_or_404(Course, slug=course_slug)
    include_drafts = drafts_shown_or_404(request, course, published=course.is_published)
    (progress,) = progress_for([course], request.user, include_drafts=include_drafts)
    context = {"course": course, "progress": progress}
    context["module_cards"] = _module_cards(request, progress, include_drafts=include_drafts)
    return render(request, "lessons/course_detail.html", context)


def _module_cards(request, progress, *, include_drafts: bool) -> list[str]:
    """The outline's module cards, each shared by the learners in the same state in it."""
    user = request.user
    seen_as = (progress.content_version, include_drafts, user.is_authenticated, user.is_staff)
    fragments = [
        ((*seen_as, number, module.state()), {"number": number, "module_progress": module})
        for number, module in enumerate(progress.modules, start=1)
    ]
    return shared_fragments(request, "lessons/course_detail.html#module", fragments)


@require_POST
def course_enroll(request, course_slug):
    course = get_object_or_404(Course.objects.published(), slug=course_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_absolute_url())
    if enroll(user=request.user, course=course):
        announce_enrollment(request, course)
    return redirect(course)


@require_safe
@kept_page
def lesson_detail(request, course_slug, module_slug, lesson_slug):
    lesson = _get_lesson(course_slug, module_slug, lesson_slug, include_drafts=True)
    include_drafts = drafts_shown_or_404(
        request, lesson.module.course, published=lesson.is_visible_to_learners
    )
    (progress,) = progress_for([lesson.module.course], request.user, include_drafts=include_drafts)
    item = progress.item_for(lesson)
    if item.locked and not include_drafts:
        return locked_page(request, item.module.blocked_by, content=lesson)
    previous_item, next_item = progress.neighbours(item)
    context = {
        "lesson": lesson,
        "course": lesson.module.course,
        "progress": progress,
        "item": item,
        "previous_item": previous_item,
        "next_item": next_item,
    }
    return render(request, "lessons/lesson_detail.html", context)


@require_POST
def lesson_complete(request, course_slug, module_slug, lesson_slug):
    lesson = _get_lesson(course_slug, module_slug, lesson_slug, include_drafts=False)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.get_absolute_url())
    form = CompletionForm(request.POST)
    if not form.is_valid():
        raise BadRequest("Unknown next step")
    try:
        result = complete_lesson(user=request.user, lesson=lesson)
    except ModuleLocked as locked:
        return locked_page(request, locked.blocked_by, content=lesson)
    if result.newly_completed:
        messages.success(request, f"“{lesson}” is marked complete.")
    if result.newly_enrolled:
        announce_enrollment(request, lesson.module.course)
    if form.cleaned_data["then"] == CompletionForm.CONTINUE:
        return _continue_after(request, result.progress)
    return redirect(lesson)


def _continue_after(request, progress):
    """After "Complete and continue": the next unfinished item, or the finished course."""
    if progress.next_item:
        return redirect(progress.next_item.url)
    messages.success(request, f"You've completed every lesson in {progress.course}. Well done!")
    return redirect(progress.course)


def locked_page(
    request, blocked_by, *, content, noun="lesson", refused="Nothing was marked complete."
):
    """403: `content` (a lesson, a quiz) waits for `blocked_by`, the module to finish first.
    `refused` says what a refused POST did not do."""
    context = {
        "content": content,
        "course": content.module.course,
        "blocked_by": blocked_by,
        "noun": noun,
        "refused": refused,
    }
    return render(request, "lessons/locked.html", context, status=403)


@require_safe
@login_required
@kept_page(period=60)
def dashboard(request):
    enrollments = (
        Enrollment.objects.for_learner(request.user)
        .filter(course__is_published=True)
        .select_related("course")
    )
    progresses = progress_for([e.course for e in enrollments], request.user)
    recent = (
        LessonCompletion.objects.for_learner(request.user)
        .of_published_lessons()
        .select_related("lesson__module__course")
        .defer("lesson__body", "lesson__body_html")[:RECENT_COMPLETIONS]
    )
    # Quiz results through the user's relation: this app never imports the quizzes app.
    results = (
        request.user.quiz_attempts.submitted()
        .of_published_quizzes()
        .select_related("quiz__module__course")
        .order_by("-submitted_at")[:RECENT_RESULTS]
    )
    context = {"progresses": progresses, "recent_completions": recent, "recent_results": results}
    return render(request, "lessons/dashboard.html", context)
