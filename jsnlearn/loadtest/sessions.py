"""Signed-in clients without signing in: sessions written straight to the session store, and a
CSRF secret of our own choosing (the CSRF middleware accepts the bare secret as the token).

The benchmark needs tens of thousands of sessions, so with a database-backed store they are
written in bulk. Their keys start with KEY_PREFIX, so a run can remove the ones the last run
left behind."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone

BACKEND = "django.contrib.auth.backends.ModelBackend"
KEY_PREFIX = "loadtest"  # in the alphabet of Django's own keys
BATCH = 2000


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


def _store_class():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _signed_in_data(user) -> dict:
    """What `django.contrib.auth.login` leaves in a session."""
    return {
        SESSION_KEY: user._meta.pk.value_to_string(user),
        BACKEND_SESSION_KEY: BACKEND,
        HASH_SESSION_KEY: user.get_session_auth_hash(),
    }


def signed_in(user) -> Client:
    """A new session in which `user` is signed in."""
    return signed_in_many([user])[0]


def signed_in_many(users) -> list[Client]:
    """A new session for each of `users` (a user listed twice gets two), written in bulk when
    the session store is a database table, else one by one."""
    store_class = _store_class()
    keys = [KEY_PREFIX + secrets.token_hex(12) for _ in users]  # hex: in Django's key alphabet
    if hasattr(store_class, "get_model_class"):
        _write_in_bulk(store_class, keys, users)
    else:  # a store that may choose its own keys (signed cookies hold the data itself)
        keys = [_saved(store_class(key), user) for key, user in zip(keys, users, strict=True)]
    return [
        Client(user=user, session_key=key, csrf_secret=secrets.token_hex(16))
        for key, user in zip(keys, users, strict=True)
    ]


def _write_in_bulk(store_class, keys, users) -> None:
    model, store = store_class.get_model_class(), store_class()
    expire_date = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    data = {}  # a user's sessions all hold the same data: encoded (signed) once
    for user in users:
        if user.pk not in data:
            data[user.pk] = store.encode(_signed_in_data(user))
    rows = [
        model(session_key=key, session_data=data[user.pk], expire_date=expire_date)
        for key, user in zip(keys, users, strict=True)
    ]
    model.objects.bulk_create(rows, batch_size=BATCH)


def _saved(store, user) -> str:
    store.update(_signed_in_data(user))
    store.save(must_create=True)
    return store.session_key


def forget_earlier_sessions() -> int:
    """Remove the sessions an earlier run wrote (database-backed stores only); how many."""
    store_class = _store_class()
    if not hasattr(store_class, "get_model_class"):
        return 0
    model = store_class.get_model_class()
    deleted, _ = model.objects.filter(session_key__startswith=KEY_PREFIX).delete()
    return deleted
