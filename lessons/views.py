"""Learner pages: catalog, course outline, lesson, dashboard; and the two progress actions.

Reading is open to everyone; completing and enrolling need an account. Drafts are shown only
to those who author them (jsnlearn/pages.py). Pages a signed-in learner has seen are kept for
their session until what they show changes (jsnlearn/pagecache.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from jsnlearn.pagecache import kept_page
from jsnlearn.pages import (
    CoursePage,
    announce_enrollment,
    locked_page,
    open_course,
    published_content,
    text_of,
)
from lessons.forms import CompletionForm
from lessons.models import Course, Lesson, Picture, enrolled_courses, published_courses
from lessons.pictures import GENERATED_VERSION, SIZES, generated_svg, parse_title_code
from lessons.progress import progress_for, recent_activity
from lessons.services import ModuleLocked, complete_lesson, enroll

RECENT_COMPLETIONS = RECENT_RESULTS = 5


def _versions(courses) -> tuple:
    return tuple((course.pk, course.content_version) for course in courses)


@require_safe
def catalog(request):
    """Published courses only, for everyone: drafts are previewed from their own pages."""
    courses = published_courses()

    def page():
        progresses = progress_for(courses, request.user)
        return render(request, "lessons/course_list.html", {"progresses": progresses})

    return kept_page(request, page, versions=_versions(courses))


@require_safe
def course_detail(request, course_slug):
    course, include_drafts = open_course(request, course_slug)

    def page():
        (progress,) = progress_for([course], request.user, include_drafts=include_drafts)
        open_module = progress.module_to_open(request.GET.get("module"))
        context = {
            "course": course,
            "progress": progress,
            "cards": _module_cards(request, progress, open_module, include_drafts),
            "include_drafts": include_drafts,
        }
        return render(request, "lessons/course_detail.html", context)

    return kept_page(request, page, versions=(*_versions([course]), include_drafts))


def _module_cards(request, progress, open_module, include_drafts) -> list[tuple]:
    """Each module of the outline as (its progress, whether it is open, the key its card is
    kept under): everything the card shows, so learners in the same state share it. A closed
    card shows only the module's figures, which far more learners share than every item's."""
    user, course = request.user, progress.course
    page = (course.pk, course.content_version, include_drafts, user.is_authenticated, user.is_staff)
    cards = []
    for number, module in enumerate(progress.modules, start=1):
        is_open = module is open_module
        state = module.state() if is_open else module.summary_state()
        cards.append((module, is_open, (*page, number, is_open, state)))
    return cards


@require_POST
def course_enroll(request, course_slug):
    course = get_object_or_404(Course.objects.published(), slug=course_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_absolute_url())
    if enroll(user=request.user, course=course):
        announce_enrollment(request, course)
    return redirect(course)


@require_safe
def lesson_detail(request, course_slug, module_slug, lesson_slug):
    lesson_page = CoursePage.open(
        request, "lesson", course_slug=course_slug, module_slug=module_slug, slug=lesson_slug
    )

    def page():
        lesson = lesson_page.content
        if lesson_page.locked:
            return locked_page(request, lesson_page.item.module.blocked_by, content=lesson)
        previous_item, next_item = lesson_page.progress.neighbours(lesson_page.item)
        context = {
            "lesson": lesson,
            "body_html": text_of(lesson, "body_html"),
            "course": lesson_page.course,
            "progress": lesson_page.progress,
            "item": lesson_page.item,
            "previous_item": previous_item,
            "next_item": next_item,
        }
        return render(request, "lessons/lesson_detail.html", context)

    return kept_page(request, page, versions=lesson_page.versions)


@require_POST
def lesson_complete(request, course_slug, module_slug, lesson_slug):
    lesson = published_content(
        Lesson, course_slug=course_slug, module_slug=module_slug, slug=lesson_slug
    )
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
        return _continue_after(request, result)
    # Back where the button was, not at the top of a long lesson.
    return redirect(f"{lesson.get_absolute_url()}#completion")


def _continue_after(request, completed):
    """After "Complete and continue": the next unfinished item after this lesson, or the
    finished course."""
    progress = completed.progress
    next_item = progress.next_after(completed.item)
    if next_item:
        return redirect(next_item.url)
    messages.success(request, f"You've completed every lesson in {progress.course}. Well done!")
    return redirect(progress.course)


@require_safe
@login_required
def dashboard(request):
    courses = enrolled_courses(request.user)

    def page():
        progresses = progress_for(courses, request.user)
        context = {
            "progresses": progresses,
            "recent_completions": recent_activity(progresses, "completion", RECENT_COMPLETIONS),
            "recent_results": recent_activity(progresses, "result", RECENT_RESULTS),
        }
        return render(request, "lessons/dashboard.html", context)

    # Made again every minute at least: it says "3 minutes ago".
    return kept_page(request, page, versions=_versions(courses), period=60)


# ---- Pictures: immutable at their address, so browsers and proxies keep them for a year ----

PICTURE_CACHE = "public, max-age=31536000, immutable"


@require_safe
def picture(request, digest, size):
    """A course's or module's own picture, from the database (its address holds its digest)."""
    if size not in SIZES:
        raise Http404("No such picture size.")
    data = Picture.objects.filter(pk=digest).values_list(size, flat=True).first()
    if data is None:
        raise Http404("No such picture.")
    response = HttpResponse(bytes(data), content_type="image/webp")
    response["Cache-Control"] = PICTURE_CACHE
    return response


@require_safe
def generated_picture(request, version, code):
    """A picture drawn from a title; its address holds all it needs, so it reads nothing."""
    parsed = parse_title_code(code)
    if parsed is None or version != GENERATED_VERSION:
        raise Http404("No such picture.")
    response = HttpResponse(generated_svg(*parsed), content_type="image/svg+xml")
    response["Cache-Control"] = PICTURE_CACHE
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
