from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def duration(minutes: int) -> str:
    """Reading time as people say it: "8 min", "1 h", "2 h 15 min"."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@register.filter
def ago(when: datetime, now: datetime | None = None) -> str:
    """How long ago, as people say it: "just now", "5 minutes ago", "3 hours ago",
    "yesterday", "4 days ago", then the date ("12 Mar 2026")."""
    now = now or timezone.now()
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes > 1 else ''} ago"
    days = (timezone.localdate(now) - timezone.localdate(when)).days
    if days == 0:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours > 1 else ''} ago"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return f"{timezone.localtime(when):%-d %b %Y}"


@register.filter
def iso(when: datetime | None) -> str:
    """A moment for a <time datetime>: ISO 8601 to the second, as the HTML standard reads it
    (Django's `date:'c'` keeps microseconds, which HTML does not allow). The one way every
    template writes one. Nothing for no moment, as `date` does."""
    if when is None:
        return ""
    return timezone.localtime(when).replace(microsecond=0).isoformat()
