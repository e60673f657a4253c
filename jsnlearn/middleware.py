from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control


class MethodNotAllowedPageMiddleware:
    """Django answers a wrong HTTP method (a GET on a form's action URL) with an empty 405;
    show a page in the site's layout instead, keeping the status and the Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response["Allow"]
            return page
        return response


class CacheControlMiddleware:
    """What browsers and shared caches may keep: nothing of the account area (addresses,
    passwords, the data export, sign-in forms), and a signed-in person's pages only in their
    own browser (`private`). Views say more where they need to (the attempt form and its result
    are `never_cache`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ACCOUNT_AREA):
            add_never_cache_headers(response)
        elif request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


ACCOUNT_AREA = "/accounts/"  # jsnlearn/urls.py: the account pages and allauth's


class LearnerTimeZoneMiddleware:
    """Times on a signed-in learner's pages read in their own time zone (`User.zone`, the
    site's TIME_ZONE until they choose one). A request with no session is a visitor's: it is
    not made to read one (a picture or a health check reads nothing); others load the user,
    as every page does anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if not (has_session and request.user.is_authenticated):
            return self.get_response(request)
        with timezone.override(request.user.zone):
            return self.get_response(request)
