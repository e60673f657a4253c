"""Learner pages kept for the session that saw them, until anything they show changes.

A view that has read what its page is about (a lesson and its course, an attempt, the
courses of the catalog) passes the content versions it read (jsnlearn/versions.py) and a
function that makes the page. `kept_page` answers from the worker's memory (the "pages" cache)
when this session was given the same page under the same versions and the same learner's work
version, and otherwise makes the page and keeps it. The key holds the address, the session, its
CSRF cookie (forms on the page must pass the CSRF check), the user's own fields and their work
version, and the versions the view passed, so a page goes only to the session it was made for,
and never after a change. Every version is read with rows the view reads anyway, so a kept page
costs no query beyond them.

Not kept: visitors (their first page may set the CSRF cookie it relies on), requests with
messages waiting (the page shows them once), answers other than a 200 and answers that set
cookies. What is kept is the view's whole answer, headers included.
"""

import hashlib
import time
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone

PAGE_SECONDS = 60 * 60  # then an unvisited page leaves the cache
MEMBER_PERIOD = 60  # a class member's page is made again at least this often (seconds)


@dataclass(frozen=True)
class _Kept:
    headers: tuple[tuple[str, str], ...]
    packed: bytes  # pages shrink to a tenth with zlib, so a worker keeps ten times as many

    @classmethod
    def of(cls, response: HttpResponse) -> "_Kept":
        return cls(tuple(response.items()), zlib.compress(response.content, 1))

    def response(self) -> HttpResponse:
        response = HttpResponse(zlib.decompress(self.packed))
        for name, value in self.headers:
            response[name] = value
        return response


def kept_page(request, make_page, *, versions, period: int | None = None) -> HttpResponse:
    """`make_page()`'s answer, or the one it gave this session before under the same `versions`
    (a hashable value holding every content version the page shows). With a `period`
    (seconds), the page is made again at least that often: for pages that say "3 minutes ago"."""
    if request.user.is_authenticated and request.user.classes_version is not None:
        # "Due today", "Opens Mon 8 Dec": a member's page changes as time passes.
        period = min(period or MEMBER_PERIOD, MEMBER_PERIOD)
    key = _key(request, versions, period)
    if key is None:
        return make_page()
    kept = caches["pages"].get(key)
    if kept is not None:
        return kept.response()
    response = make_page()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        caches["pages"].set(key, _Kept.of(response), PAGE_SECONDS)
    return response


def _key(request, versions, period: int | None) -> str | None:
    user = request.user
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if request.method != "GET" or not user.is_authenticated or not csrf_cookie:
        return None
    if len(messages.get_messages(request)):  # counts them without marking them shown
        return None
    parts = (
        request.get_full_path(),
        request.session.session_key,
        csrf_cookie,
        (user.pk, user.email, user.display_name, user.readings, user.is_staff, user.is_superuser),
        (user.time_zone, user.review_is_ready(timezone.now())),  # the header's "Review"
        user.work_version,
        user.classes_version,  # their classes' due dates show on many pages
        versions,
        period and int(time.time() // period),
    )
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()
