"""Signed-in clients without signing in: sessions written straight to the session store, and a
CSRF secret of our own choosing (the CSRF middleware accepts the bare secret as the token)."""

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils.crypto import get_random_string

BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Client:
    user: object
    session_key: str
    csrf_secret: str

    @property
    def cookie(self) -> str:
        return (
            f"{settings.SESSION_COOKIE_NAME}={self.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={self.csrf_secret}"
        )


def signed_in(user) -> Client:
    """A new session in which `user` is signed in, as `django.contrib.auth.login` leaves it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return Client(user=user, session_key=store.session_key, csrf_secret=get_random_string(32))
