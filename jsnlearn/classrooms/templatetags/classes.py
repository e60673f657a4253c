"""Due dates on the learner pages of other apps (course outline, dashboard, quiz), composed in
their templates so those apps import nothing of classes. For anyone in no class each tag reads
nothing (the user's row says so) and draws nothing: their pages do not change."""

import hashlib

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from jsnlearn.classrooms.schedule import CourseSchedule, coming_up, in_a_class, quiz_opens_at

register = template.Library()

DASHBOARD_DATES = 6


@register.filter
def in_classes(user) -> bool:
    return in_a_class(user)


@register.simple_tag(takes_context=True)
def course_schedule(context, course) -> CourseSchedule:
    """The due dates of the learner's classes in `course`; falsy when there are none."""
    return CourseSchedule.of(context["request"].user, course)


@register.filter
def dues_of(schedule: CourseSchedule, step) -> list:
    """The due dates `schedule` holds for a module's progress or an item of it."""
    if not schedule:
        return []
    if hasattr(step, "items"):
        return schedule.for_module(step)
    return schedule.for_item(step)


@register.filter
def all_dues_of(schedule: CourseSchedule, module_progress) -> list:
    """A closed module card's dates: the module's and its quizzes'."""
    return schedule.for_module(module_progress, with_items=True) if schedule else []


@register.filter
def dues_key(schedule: CourseSchedule, module_progress) -> str:
    """What a module's card shows of the member's dates (each date's words, state and class),
    for the key its kept fragment is found by: "" when there are none, so cards without dates
    are shared as they were before classes."""
    if not schedule:
        return ""
    dues = schedule.for_module(module_progress, with_items=True)
    shown = [
        (d.date.pk, d.date.due, d.date.opens, d.state, d.words, d.class_name, d.what) for d in dues
    ]
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:16] if shown else ""


@register.inclusion_tag("classrooms/_dues.html")
def dues(items):
    """Each date as a chip, with its class's name: "Due tomorrow  Spring cohort"."""
    return {"dues": items}


@register.inclusion_tag("classrooms/_coming_up.html", takes_context=True)
def due_soon(context, progresses):
    """The dashboard's "Due soon in your classes", from the progress the page read."""
    user = context["request"].user
    return {"rows": coming_up(user, progresses, DASHBOARD_DATES), "shown": in_a_class(user)}


@register.simple_tag(takes_context=True)
def quiz_opens(context, quiz):
    """When `quiz` opens for this member of a class, or None (open, or in no class)."""
    return quiz_opens_at(context["request"].user, quiz)


@register.filter
def local_moment(moment) -> str:
    """ "Monday 8 December at 09:00", in the learner's time zone."""
    return date_format(timezone.localtime(moment), r"l j F \a\t H:i") if moment else ""
