import logging

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
    """For the platform's health checks: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("Health check: the database did not answer: %s", exc)
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
