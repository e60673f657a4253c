"""nested_admin's `formsetsort` template filter, replaced by one that never fails on positions.

When a nested admin form has errors its rows are shown again in their posted order. nested_admin's
own filter then compares the rows themselves when two posted positions are equal, and calls
int() on a position that is no number (a forged form): either answered 500. `install()` (run by
jsnlearn.apps) puts this one in its place in nested_admin's tag library, which its inline
templates load.
"""

from nested_admin.templatetags import nested_admin


def _position(data) -> int | None:
    """A row's posted position; None for a row to show last (new, or no number)."""
    if not data or data == "-1":
        return None
    try:
        return int(data)
    except (TypeError, ValueError):
        return None


def formsetsort(formset, arg):
    """The rows by their sort field `arg`; equal positions keep the page's order."""
    if not arg:
        return formset
    rows = [(_position(item.form[arg].data), item) for item in formset]
    placed = sorted((row for row in rows if row[0] is not None), key=lambda row: row[0])
    return [item for _, item in placed] + [item for position, item in rows if position is None]


def install() -> None:
    nested_admin.register.filter("formsetsort", formsetsort)
