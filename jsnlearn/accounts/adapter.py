from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django.core.exceptions import ValidationError


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        """Too many failed sign-ins get the 429 page, as every other rate limit does, instead of
        a form error. allauth checks this before the password, for known and unknown addresses
        alike, so the answer says nothing about whether an account exists."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            raise ImmediateHttpResponse(respond_429(request)) from error
