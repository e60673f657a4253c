"""A learner's private calendar of their classes' due and open dates, as iCalendar text."""

from datetime import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from jsnlearn.classrooms.models import DueDate

PRODUCT = "-//jsnlearn//Class due dates//EN"


def due_dates_of(user) -> list[DueDate]:
    """Every due date of the learner's classes, with what it is for: one query."""
    return list(
        DueDate.objects.filter(classroom__memberships__user=user)
        .select_related("classroom", "module__course", "quiz__module__course")
        .order_by("due", "pk")
    )


def calendar_of(dates: list[DueDate], *, host: str, absolute) -> bytes:
    """The feed: an event at each due date and each open date. UIDs are stable (one per due
    date and kind), so a calendar app updates an event when the instructor moves the date.
    `absolute` makes a full URL of a path."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "jsnlearn: class due dates")
    stamp = timezone.now()
    for date in dates:
        calendar.add_component(_event(date, "due", date.due, stamp, host, absolute))
        if date.opens:
            calendar.add_component(_event(date, "opens", date.opens, stamp, host, absolute))
    return calendar.to_ical()


def _event(date: DueDate, kind: str, moment: datetime, stamp, host: str, absolute) -> Event:
    item = date.quiz or date.module
    words = "Due" if kind == "due" else "Opens"
    event = Event()
    event.add("uid", f"duedate-{date.pk}-{kind}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", moment)
    event.add("dtend", moment)
    event.add("summary", f"{words}: {item.title} ({date.classroom.name})")
    url = absolute(item_path(date))
    event.add("url", url)
    module = date.quiz.module if date.quiz else date.module
    event.add("description", f"{module.course.title}, {item.title}: {url}")
    return event


def item_path(date: DueDate) -> str:
    """Where the module or quiz of `date` is: a module, as its open card in the course page."""
    if date.quiz:
        return date.quiz.get_absolute_url()
    module = date.module
    return f"{module.course.get_absolute_url()}?module={module.slug}#module-{module.slug}"
