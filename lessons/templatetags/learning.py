from django import template

register = template.Library()


@register.filter
def duration(minutes: int) -> str:
    """Reading time as people say it: "8 min", "1 h", "2 h 15 min"."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
