from django.shortcuts import render


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
