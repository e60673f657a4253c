"""A learner's side of classes: joining (by link, typed code or emailed invitation), their
classes with due dates, leaving one, reminders, and their private calendar feed.

A wrong code or token is 404 and an ended class or a used invitation 410, each with a page that
says so; nothing is joined. Another learner's membership is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jsnlearn.classrooms.calendar import calendar_of, due_dates_of
from jsnlearn.classrooms.forms import CodeForm, RemindersForm
from jsnlearn.classrooms.models import CalendarFeed, Classroom, Invitation, Membership
from jsnlearn.classrooms.schedule import unfinished
from jsnlearn.classrooms.services import (
    CannotJoin,
    has_ended,
    join_class,
    leave_class,
    reset_calendar_feed,
    set_reminders,
)
from jsnlearn.pages import announce_enrollment
from lessons.progress import progress_for

NEXT_DATES = 3  # per class on the classes page

_CLASSES = Classroom.objects.select_related("course").prefetch_related("instructors")


@require_http_methods(["GET", "HEAD", "POST"])
def join(request, code):
    classroom = _CLASSES.filter(invite_code=code.upper(), course__is_published=True).first()
    if classroom is None:
        return _refused(
            request,
            404,
            "No class has this code",
            "Check the code with your instructor: they may have mistyped it or given the class a "
            "new one.",
        )
    return _join_page(request, classroom)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    found = (
        Invitation.objects.select_related("classroom__course")
        .filter(token=token, classroom__course__is_published=True)
        .first()
    )
    if found is None:
        return _refused(
            request,
            404,
            "This invitation isn't valid",
            "The link may be incomplete: open it again from the email, or ask your instructor "
            "for a new one.",
        )
    classroom = _CLASSES.get(pk=found.classroom_id)
    user = request.user
    if found.accepted_at and not (user.is_authenticated and found.accepted_by_id == user.pk):
        return _refused(
            request,
            410,
            "This invitation has been used",
            "Each emailed invitation joins one person once. Ask your instructor for the class "
            "link or code, or for a new invitation.",
        )
    return _join_page(request, classroom, invitation=found)


def _join_page(request, classroom, invitation=None):
    if has_ended(classroom):
        return _refused(
            request,
            410,
            "This class has ended",
            f"“{classroom.name}” ended on {classroom.ends:%-d %B %Y}, so it no longer takes new "
            "members. You can still take its course on your own.",
            course=classroom.course,
        )
    user = request.user
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            joined = join_class(user=user, classroom=classroom, invitation=invitation)
        except CannotJoin as refused:
            return _refused(request, 410, "You can't join this class", str(refused))
        if joined.newly_enrolled:
            announce_enrollment(request, classroom.course)
        if joined.newly_joined:
            messages.success(request, f"You've joined {classroom.name}. Welcome!")
        else:
            messages.info(request, f"You're already in {classroom.name}.")
        return redirect(classroom.course)
    is_member = (
        user.is_authenticated and Membership.objects.filter(user=user, classroom=classroom).exists()
    )
    context = {"classroom": classroom, "is_member": is_member, "invitation": invitation}
    return render(request, "classrooms/join.html", context)


def _refused(request, status, heading, explanation, course=None):
    context = {"code": status, "heading": heading, "explanation": explanation, "course": course}
    return render(request, "classrooms/join_refused.html", context, status=status)


@require_safe
def join_by_code(request):
    """A form to type a code; a code typed is looked up at its link's address."""
    if "code" not in request.GET:
        return render(request, "classrooms/join_by_code.html", {"form": CodeForm()})
    form = CodeForm(request.GET)
    if not form.is_valid():
        return render(request, "classrooms/join_by_code.html", {"form": form}, status=400)
    return redirect("classrooms:join", code=form.cleaned_data["code"])


@require_safe
@login_required
@never_cache
def mine(request):
    """The learner's classes, each with its course, instructors and next due dates."""
    memberships = list(
        Membership.objects.for_learner(request.user)
        .select_related("classroom__course")
        .prefetch_related("classroom__instructors")
        .order_by("classroom__course__title", "classroom__name")
    )
    courses = {m.classroom.course_id: m.classroom.course for m in memberships}
    dates = due_dates_of(request.user) if memberships else []
    progresses = progress_for(list(courses.values()), request.user) if memberships else []
    upcoming = unfinished(dates, progresses)
    classes = [
        (m, [due for due, _ in upcoming if due.date.classroom_id == m.classroom_id][:NEXT_DATES])
        for m in memberships
    ]
    feed = CalendarFeed.objects.filter(user=request.user).first() if memberships else None
    feed_url = feed and request.build_absolute_uri(
        reverse("classrooms:calendar", kwargs={"token": feed.token})
    )
    return render(request, "classrooms/classroom_list.html", {"classes": classes, "feed": feed_url})


def _own_membership(request, membership_id) -> Membership:
    return get_object_or_404(
        Membership.objects.for_learner(request.user).select_related("classroom__course"),
        pk=membership_id,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def leave(request, membership_id):
    """A page to confirm, then leaving on its POST."""
    membership = _own_membership(request, membership_id)
    if request.method != "POST":
        return render(request, "classrooms/membership_confirm_delete.html", {"m": membership})
    leave_class(user=request.user, membership=membership)
    messages.success(
        request,
        f"You've left {membership.classroom.name}. Your progress in "
        f"{membership.classroom.course} is still yours.",
    )
    return redirect("classrooms:mine")


@require_POST
@login_required
def reminders(request, membership_id):
    membership = _own_membership(request, membership_id)
    form = RemindersForm(request.POST)
    if not form.is_valid():
        raise BadRequest("Reminders are on or off.")
    on = form.cleaned_data["reminders_on"]
    set_reminders(user=request.user, membership=membership, on=on)
    name = membership.classroom.name
    if on:
        messages.success(request, f"We'll email you before due dates in {name}.")
    else:
        messages.success(request, f"No more due-date emails for {name}.")
    return redirect("classrooms:mine")


@require_POST
@login_required
def calendar_link(request):
    """Make the learner's calendar address, or replace it: the old one stops working."""
    had_one = CalendarFeed.objects.filter(user=request.user).exists()
    reset_calendar_feed(user=request.user)
    if had_one:
        messages.success(request, "Your calendar link is new: the old one no longer works.")
    else:
        messages.success(request, "Here is your calendar link: add it to your calendar app.")
    return redirect(reverse("classrooms:mine") + "#calendar")


@require_safe
def calendar(request, token):
    """The private feed, read by calendar apps without a session: its address is the secret."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None:
        raise Http404("No calendar has this address.")
    body = calendar_of(
        due_dates_of(feed.user), host=request.get_host(), absolute=request.build_absolute_uri
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jsnlearn-due-dates.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
