"""Pages kept rendered until what they show changes.

A signed-in person's GET of a page decorated with `kept_page` is answered from the worker's
page cache (settings.CACHES["pages"]) when the same session saw that page since the last change
to the site's content or to the learner's own work (lessons.versions). The key holds the
session, its CSRF cookie and the user's own fields, so a page only ever goes back to the session
it was made for, with forms that still pass the CSRF check, and an edit or a step forward shows
at once.

`shared_fragments` keeps parts of pages that many learners see alike (a module's card in a
course outline), under keys of everything they show, so one learner's render serves the next.

Left alone: visitors (their first page may set the CSRF cookie it relies on), requests with
messages waiting (the page shows them once), and any answer but a 200.
"""

import hashlib
import time
import zlib
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from lessons.versions import site_version

PAGE_SECONDS = 60 * 60  # then an unvisited page leaves the cache


def kept_page(view=None, *, period: int | None = None):
    """Keep the view's page per session; with a `period` (seconds), make it again at least that
    often, for pages that say "3 minutes ago" or show figures computed that often."""

    def decorate(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            key = _key(request, period=period)
            if key is None:
                return view(request, *args, **kwargs)
            kept = caches["pages"].get(key)
            if kept is not None:
                content_type, packed = kept
                return HttpResponse(zlib.decompress(packed), content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                # Pages shrink to a tenth packed, so a worker keeps ten times as many.
                packed = zlib.compress(response.content, 1)
                caches["pages"].set(key, (response["Content-Type"], packed), PAGE_SECONDS)
            return response

        return cached_view

    return decorate(view) if view else decorate


def _key(request, *, period: int | None) -> str | None:
    user = request.user
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if request.method != "GET" or not user.is_authenticated or not csrf_cookie:
        return None
    if len(messages.get_messages(request)):  # counts them without marking them shown
        return None
    parts = [
        request.get_full_path(),
        request.session.session_key,
        csrf_cookie,
        (user.pk, user.email, user.display_name, user.is_staff, user.is_superuser),
        user.work_version,
        site_version(),
        period and int(time.time() // period),
    ]
    return _digest("page", parts)


def shared_fragments(request, template: str, fragments: list[tuple[tuple, dict]]) -> list[str]:
    """Each (key, context) of `fragments` rendered with `template`, in order; a fragment is
    rendered only if no request has rendered one with the same key, which must therefore hold
    everything the context shows (versions of the content, the learner's state in it)."""
    keys = [_digest(template, key) for key, _ in fragments]
    kept = caches["pages"].get_many(keys)
    made = {}
    for key, (_, context) in zip(keys, fragments, strict=True):
        if key not in kept:
            made[key] = render_to_string(template, context, request)
    if made:
        caches["pages"].set_many(made, PAGE_SECONDS)
    kept |= made
    return [mark_safe(kept[key]) for key in keys]  # noqa: S308 (our templates' output)


def _digest(kind: str, parts) -> str:
    return f"{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()
