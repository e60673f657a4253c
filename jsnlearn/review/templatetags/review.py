from django import template
from django.utils import timezone
from django.utils.formats import date_format

from jsnlearn.review.deck import Today, day_of
from jsnlearn.review.services import sync_deck

register = template.Library()


@register.filter
def review_ready(user) -> bool:
    """Whether the header shows "Review": read from the user's row, no query."""
    return user.is_authenticated and user.review_is_ready(timezone.now())


@register.inclusion_tag("review/_summary.html")
def review_summary(user):
    """The dashboard's review card: what is left today and the streak (the deck is brought up
    to date with the quizzes first). Nothing for a learner with review off or no cards, which
    their row says (`review_ready_at` is empty only for an empty deck): nothing is read."""
    if not user.reviews_on:
        return {"shown": False}
    now = timezone.now()
    sync_deck(user=user, now=now)
    if user.review_ready_at is None:
        return {"shown": False}
    today = Today(user, now)
    # While cards are due, when the next one is does not show: it is not read.
    next_due = None if today.due else today.next_due
    return {"today": today, "next_due": next_due, "shown": today.due or next_due}


@register.filter
def comes_back(moment, today: Today) -> str:
    """When `moment` is, counted in the learner's days from `today`: "later today",
    "tomorrow", "in 3 days, on Wed 9 Dec", "in 2 weeks, on Sat 19 Dec"."""
    if moment is None:
        return ""
    days = (day_of(today.user, moment).date - today.day.date).days
    if days <= 0:
        return "later today" if moment > today.now else "now"
    if days == 1:
        return "tomorrow"
    local = timezone.localtime(moment, today.user.zone)
    weekday = date_format(local, "D j M")
    if days < 14:
        return f"in {days} days, on {weekday}"
    if days < 60:
        return f"in {days // 7} weeks, on {weekday}"
    return f"in {days // 30} months, on {date_format(local, 'j M Y')}"
