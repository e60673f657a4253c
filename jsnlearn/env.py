"""Typed readers for the environment variables that configure the site.

Settings read every value through these so that a typo such as DJANGO_DEBUG=flase fails loudly
instead of silently meaning something else.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    """True or false as spelled in `name`; `default` when it is unset. A blank value is refused:
    read as false it turns TLS off, read as the default it turns DEBUG on, and either way
    silently (docs/architecture.md, Configuration)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is set but empty: set it to 1 or 0, or unset it for the default "
            f"({int(default)})."
        )
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off); got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_list(name: str, default: tuple[str, ...] = ()) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int_list(name: str, default: tuple[int, ...] = ()) -> list[int]:
    """A comma-separated list of whole numbers, zero or more: "60,300"."""
    try:
        numbers = [int(item) for item in env_list(name, tuple(map(str, default)))]
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be whole numbers separated by commas; got {os.environ[name]!r}."
        ) from None
    if any(number < 0 for number in numbers):
        raise ImproperlyConfigured(f"{name} must not be negative; got {os.environ[name]!r}.")
    return numbers


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = env_str(name, default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {value!r}.")
    return value
