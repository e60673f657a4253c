"""A learner's account, in Chromium: signing up and in, the account pages, downloading their data
and deleting the account, all under the strict Content-Security-Policy."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from jsnlearn.accounts.models import User
from tests.accounts.helpers import link_in
from tests.browser.steps import sign_in
from tests.factories import PASSWORD, UserFactory
from tests.project.production import manage, production_env, start_server

pytestmark = pytest.mark.browser


def test_a_visitor_signs_up_and_confirming_the_address_signs_them_in(
    page, page_problems, site, settings
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # as in production
    page.goto(site + "/accounts/signup/")
    page.get_by_label("Email").fill("hana@example.com")
    page.get_by_label("Display name").fill("Hana")
    page.get_by_label("Password").fill("meishi-exchange-2026")
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", name="Confirm your email address")).to_be_visible()
    (email,) = mail.outbox
    page.goto(site + link_in(email))
    page.get_by_role("button", name="Yes, confirm it").click()
    expect(page.get_by_text("You have confirmed hana@example.com.")).to_be_visible()
    expect(page).to_have_url(site + "/dashboard/")  # signed in: this browser signed up
    expect(page.get_by_text("Welcome, Hana")).to_be_visible()

    page.context.clear_cookies()  # another browser signs in with the password
    sign_in(page, site, "hana@example.com", "meishi-exchange-2026")
    expect(page).to_have_url(site + "/dashboard/")
    assert page_problems.all() == []


def test_five_wrong_passwords_lead_to_the_429_page(page, site, wcag_violations):
    UserFactory(email="kaito@example.com")
    for attempt in range(5):
        sign_in(page, site, "kaito@example.com", f"guess-{attempt}")
        expect(page.get_by_text("are not correct")).to_be_visible()

    sign_in(page, site, "kaito@example.com")

    expect(page.get_by_role("heading", name="Too many attempts")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert wcag_violations(page) == []


@pytest.mark.parametrize("width", [375, 1280])
def test_a_learner_looks_after_their_account(page, page_problems, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    learner = UserFactory(email="sora@example.com", display_name="Sora")
    sign_in(page, site, "sora@example.com")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_label("Display name").fill("Sora the Owl")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your display name is now “Sora the Owl”.")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    assert re.fullmatch(
        r"jsnlearn-my-data-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename
    )
    data = json.loads(open(download.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert data["profile"]["display_name"] == "Sora the Owl"

    for link, heading in [
        ("Email address", "Your email address"),
        ("Change your password", "Change your password"),
    ]:
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("link", name="Your account").click()

    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_text("Email addresses: 1")).to_be_visible()  # the sign-in address
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("That is not your password. Nothing was deleted.")).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()

    expect(page).to_have_url(site + "/")
    expect(page.get_by_text("Your account and everything in it have been deleted.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_text("Sign in")).to_be_visible()
    assert not User.objects.filter(pk=learner.pk).exists()
    # The one problem is the wrong password's answer, a 400 (nothing changed) as intended.
    assert page_problems.all() == [
        "console: Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]


class FakeIssuer(BaseHTTPRequestHandler):
    """An OpenID Connect issuer on loopback that signs in one person, Hana, without asking."""

    def do_GET(self):
        url = urlsplit(self.path)
        base = f"http://127.0.0.1:{self.server.server_port}"
        if url.path == "/.well-known/openid-configuration":
            self.send_json(
                {
                    "issuer": base,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "userinfo_endpoint": f"{base}/userinfo",
                    "token_endpoint_auth_methods_supported": ["client_secret_post"],
                }
            )
        elif url.path == "/authorize":
            query = parse_qs(url.query)
            back = {"code": "one-time-code", "state": query["state"][0]}
            self.send_response(302)
            self.send_header("Location", f"{query['redirect_uri'][0]}?{urlencode(back)}")
            self.end_headers()
        elif url.path == "/userinfo":
            self.send_json({"sub": "hana-42", "email": "hana@example.com", "email_verified": True})
        else:
            self.send_error(404)

    def do_POST(self):  # the token endpoint
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_json({"access_token": "an-access-token", "token_type": "Bearer"})

    def send_json(self, data):
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def issuer():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeIssuer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def site_with_a_provider(issuer, tmp_path):
    """The site in its own process, configured only by environment variables to offer the
    issuer (on another origin, as a real provider is)."""
    env = production_env(
        tmp_path,
        DJANGO_DEBUG="1",  # plain HTTP, as Chromium talks to it here
        DJANGO_ALLOWED_HOSTS="127.0.0.1,jsnlearn.example",
        DJANGO_EMAIL_HOST=None,
        DJANGO_OIDC_CLIENT_ID="jsnlearn",
        DJANGO_OIDC_CLIENT_SECRET="a-client-secret",
        DJANGO_OIDC_PROVIDER_ID="example",
        DJANGO_OIDC_NAME="Example ID",
        DJANGO_OIDC_SERVER_URL=issuer,
        NO_PROXY="127.0.0.1",
        no_proxy="127.0.0.1",
    )
    migrated = manage(env, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    server = start_server(env, tmp_path)
    yield f"http://127.0.0.1:{server.port}"
    server.stop()


def test_a_visitor_signs_up_through_an_openid_connect_provider(
    page, page_problems, site_with_a_provider
):
    site = site_with_a_provider
    page.goto(site + "/accounts/login/")
    page.get_by_role("link", name="Continue with Example ID").click()
    # The form posts to the site, which redirects to the issuer: the CSP's form-action must
    # allow the issuer's origin, or Chromium stops here.
    page.get_by_role("button", name="Continue to Example ID").click()

    expect(page.get_by_role("heading", name="One last step")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("hana@example.com")
    page.get_by_label("Display name").fill("Hana")
    page.get_by_role("button", name="Create my account").click()

    expect(page).to_have_url(site + "/dashboard/")
    expect(page.get_by_text("Welcome, Hana")).to_be_visible()
    assert page_problems.all() == []
