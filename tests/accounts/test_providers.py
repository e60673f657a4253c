"""Sign-in with other providers: configured by environment variables alone, off by default, and
let through the Content-Security-Policy's form-action when configured."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from jsnlearn.providers import social_sign_in_from_env
from tests.project.production import manage, production_env, run_python

GOOGLE = {"DJANGO_GOOGLE_CLIENT_ID": "google-id", "DJANGO_GOOGLE_CLIENT_SECRET": "google-secret"}
LINKEDIN = {
    "DJANGO_OIDC_CLIENT_ID": "linkedin-id",
    "DJANGO_OIDC_CLIENT_SECRET": "linkedin-secret",
    "DJANGO_OIDC_PROVIDER_ID": "linkedin",
    "DJANGO_OIDC_NAME": "LinkedIn",
    "DJANGO_OIDC_SERVER_URL": "https://www.linkedin.com/oauth",
}


@pytest.fixture
def environ(monkeypatch):
    for name in {*GOOGLE, *LINKEDIN}:
        monkeypatch.delenv(name, raising=False)

    def set_env(values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_no_provider_is_on_by_default(environ):
    sign_in = social_sign_in_from_env()

    assert (sign_in.apps, sign_in.providers, sign_in.form_action_origins) == ([], {}, [])


def test_google_is_on_with_its_client_id_and_secret(environ):
    environ(GOOGLE)

    sign_in = social_sign_in_from_env()

    assert sign_in.apps == ["allauth.socialaccount.providers.google"]
    assert sign_in.providers["google"]["APPS"] == [
        {"client_id": "google-id", "secret": "google-secret"}
    ]
    assert sign_in.form_action_origins == ["https://accounts.google.com"]


def test_any_openid_connect_issuer_is_on_with_its_url_name_and_client(environ):
    environ(LINKEDIN)

    sign_in = social_sign_in_from_env()

    assert sign_in.apps == ["allauth.socialaccount.providers.openid_connect"]
    (app,) = sign_in.providers["openid_connect"]["APPS"]
    assert app["provider_id"] == "linkedin"
    assert app["name"] == "LinkedIn"
    assert app["settings"] == {"server_url": "https://www.linkedin.com/oauth"}
    assert sign_in.form_action_origins == ["https://www.linkedin.com"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"DJANGO_GOOGLE_CLIENT_ID": "id"}, "DJANGO_GOOGLE_CLIENT_SECRET is not set"),
        ({**LINKEDIN, "DJANGO_OIDC_SERVER_URL": ""}, "DJANGO_OIDC_SERVER_URL is not set"),
        ({**LINKEDIN, "DJANGO_OIDC_NAME": ""}, "DJANGO_OIDC_NAME is not set"),
        (
            {**LINKEDIN, "DJANGO_OIDC_SERVER_URL": "www.linkedin.com"},
            "must be a URL such as https://",
        ),
    ],
)
def test_a_half_configured_provider_stops_the_site_and_says_what_is_missing(
    environ, values, message
):
    environ(values)

    with pytest.raises(ImproperlyConfigured, match=message):
        social_sign_in_from_env()


SHOW_SIGN_IN_SETTINGS = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps([s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], "
    "[app for app in s.INSTALLED_APPS if '.providers.' in app]]))"
)


@pytest.mark.parametrize(
    ("env", "form_action", "apps"),
    [
        ({}, ["'self'"], []),
        (
            {**GOOGLE, **LINKEDIN},
            ["'self'", "https://accounts.google.com", "https://www.linkedin.com"],
            [
                "allauth.socialaccount.providers.google",
                "allauth.socialaccount.providers.openid_connect",
            ],
        ),
    ],
)
def test_settings_let_the_sign_in_form_reach_only_the_configured_providers(
    tmp_path, env, form_action, apps
):
    result = run_python(production_env(tmp_path, **env), SHOW_SIGN_IN_SETTINGS)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [form_action, apps]


def test_check_deploy_stays_clean_with_providers_configured(tmp_path):
    env = production_env(tmp_path, **GOOGLE, **LINKEDIN, DJANGO_TRUSTED_PROXY_COUNT="1")

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_with_no_provider_the_sign_in_pages_offer_none(client):
    for path in ("/accounts/login/", "/accounts/signup/"):
        html = client.get(path).content.decode()
        assert "Continue with" not in html
        assert "Or continue with another account" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/accounts/google/login/", 404),  # no provider, no URL
        ("/accounts/oidc/linkedin/login/", 404),
        ("/accounts/3rdparty/", 302),  # sign in first
        ("/accounts/3rdparty/signup/", 302),  # only in the middle of a provider's sign-in
        ("/accounts/3rdparty/login/cancelled/", 200),
        ("/accounts/3rdparty/login/error/", 401),
    ],
)
def test_with_no_provider_the_provider_urls_fail_safely(client, path, status):
    response = client.get(path)

    assert response.status_code == status
    if status != 302:
        assert '<header class="site-header"' in response.content.decode()
