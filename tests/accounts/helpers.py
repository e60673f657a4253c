"""Steps the account tests share, as a learner takes them through the pages."""

import re
from urllib.parse import urlsplit

from tests.factories import PASSWORD

SIGN_IN = "/accounts/login/"


def sign_up(client, email, display_name, password=PASSWORD):
    return client.post(
        "/accounts/signup/",
        {"email": email, "display_name": display_name, "password1": password},
    )


def sign_in(client, email, password=PASSWORD, *, path=SIGN_IN, **headers):
    return client.post(path, {"login": email, "password": password}, **headers)


def link_in(message) -> str:
    """The path of the one link in an email."""
    (url,) = re.findall(r"https?://\S+", message.body)
    return urlsplit(url).path


def without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
