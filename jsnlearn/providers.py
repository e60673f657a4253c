"""Sign-in with other providers (Google, any OpenID Connect issuer), configured by environment
variables alone: settings-based allauth apps, no database rows.

A provider is on when its client ID is set. Settings take three things from here: the provider
apps to install (an unconfigured provider installs nothing, so its URLs don't exist), allauth's
SOCIALACCOUNT_PROVIDERS, and the origins the sign-in form redirects to, which the
Content-Security-Policy's form-action must allow (browsers enforce it on a form's redirects).
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from jsnlearn.env import env_str

GOOGLE_AUTHORIZATION_ORIGIN = "https://accounts.google.com"


@dataclass
class SocialSignIn:
    apps: list[str] = field(default_factory=list)
    providers: dict = field(default_factory=dict)
    form_action_origins: list[str] = field(default_factory=list)


def social_sign_in_from_env() -> SocialSignIn:
    sign_in = SocialSignIn()
    google_client_id = env_str("DJANGO_GOOGLE_CLIENT_ID")
    if google_client_id:
        sign_in.apps.append("allauth.socialaccount.providers.google")
        sign_in.providers["google"] = {
            "APPS": [
                {
                    "client_id": google_client_id,
                    "secret": _required("DJANGO_GOOGLE_CLIENT_SECRET", "DJANGO_GOOGLE_CLIENT_ID"),
                }
            ],
            "SCOPE": ["openid", "email"],  # no name or photo: learners choose what others see
            "OAUTH_PKCE_ENABLED": True,
        }
        sign_in.form_action_origins.append(GOOGLE_AUTHORIZATION_ORIGIN)
    oidc_client_id = env_str("DJANGO_OIDC_CLIENT_ID")
    if oidc_client_id:
        server_url = _required("DJANGO_OIDC_SERVER_URL", "DJANGO_OIDC_CLIENT_ID")
        sign_in.apps.append("allauth.socialaccount.providers.openid_connect")
        sign_in.providers["openid_connect"] = {
            "APPS": [
                {
                    "provider_id": env_str("DJANGO_OIDC_PROVIDER_ID", "oidc"),
                    "name": _required("DJANGO_OIDC_NAME", "DJANGO_OIDC_CLIENT_ID"),
                    "client_id": oidc_client_id,
                    "secret": _required("DJANGO_OIDC_CLIENT_SECRET", "DJANGO_OIDC_CLIENT_ID"),
                    "settings": {"server_url": server_url},
                }
            ],
            "SCOPE": ["openid", "email"],
        }
        # Issuers serve their authorization endpoint from their own origin.
        sign_in.form_action_origins.append(_origin("DJANGO_OIDC_SERVER_URL", server_url))
    return sign_in


def _required(name: str, because_of: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"{name} is not set, but {because_of} is: set both.")
    return value


def _origin(name: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ImproperlyConfigured(
            f"{name} must be a URL such as https://issuer.example; got {url!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"
