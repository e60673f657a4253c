import logging

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    return render(request, "home.html")


@require_safe
def about(request):
    """A plain page in the site's layout. The benchmark measures it as its baseline: the cost of
    any page (middleware, session, base.html) with none of a course's work on top."""
    return render(request, "about.html")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin, JSON responses)."""
    return redirect(static("img/favicon.svg"))


@require_safe
@never_cache
def healthz(request):
    """For the platform's health checks, naming each dependency: 200 while the database answers
    (a cache that does not answer only makes pages slower, so the status is "degraded"), 503
    when the database does not."""
    report = {"database": _database_state(), "cache": _cache_state()}
    if report["database"] != "ok":
        return JsonResponse({"status": "unavailable", **report}, status=503)
    status = "ok" if report["cache"] in ("ok", "not configured") else "degraded"
    return JsonResponse({"status": status, **report})


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("Health check: the database did not answer: %s", exc)
        return "unreachable"
    return "ok"


def _cache_state() -> str:
    """The cache shared between workers: Redis when configured (settings.CACHES["figures"])."""
    shared = caches["figures"]
    if not hasattr(shared, "ping"):
        return "not configured"  # each worker's own memory, which cannot be unreachable
    if shared.ping():
        return "ok"
    logger.warning("Health check: the cache (Redis) did not answer.")
    return "unreachable"
