"""Where a class's links lead: the learners' join and invitation pages and the class report.

Each is reversed by its URL name; the path beside it is the one that route is served at, used
when its URLs are not installed, so the admin's pages and emails never fail over a link.
"""

from django.urls import NoReverseMatch, reverse


def _url(name: str, path: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return path.format(**kwargs)


def join_path(code: str) -> str:
    return _url("classrooms:join", "/classes/join/{code}/", code=code)


def invitation_path(token: str) -> str:
    return _url("classrooms:invitation", "/classes/invitations/{token}/", token=token)


def report_path(classroom_id: int) -> str:
    return _url(
        "reports:classroom", "/admin/reports/classes/{classroom_id}/", classroom_id=classroom_id
    )
