"""Every account page is drawn in the site's layout and voice, with nothing inline that the
Content-Security-Policy would block."""

import re

import pytest

ANONYMOUS_PAGES = [
    ("/accounts/login/", "Sign in"),
    ("/accounts/signup/", "Create your free account"),
    ("/accounts/password/reset/", "Reset your password"),
    ("/accounts/password/reset/done/", "Check your email"),
    ("/accounts/password/reset/key/1-not-a-key/", "This link doesn't work any more"),
    ("/accounts/confirm-email/", "Confirm your email address"),
    ("/accounts/confirm-email/not-a-key/", "Confirm your email address"),
    ("/accounts/inactive/", "This account is closed"),
]
SIGNED_IN_PAGES = [
    ("/accounts/", "Your account"),
    ("/accounts/email/", "Your email address"),
    ("/accounts/password/change/", "Change your password"),
    ("/accounts/reauthenticate/", "Confirm it's you"),
    ("/accounts/logout/", "Sign out?"),
    ("/accounts/delete/", "Delete your account"),
    ("/accounts/3rdparty/", "Accounts from other providers"),
]


def assert_in_site_layout(response, heading):
    assert response.status_code == 200
    html = response.content.decode()
    assert '<header class="site-header"' in html
    assert re.search(r"<title>[^<]+ · jsnlearn</title>", html)
    assert re.search(rf"<h1[^>]*>\s*{re.escape(heading)}\s*</h1>", html), html
    assert " style=" not in html  # the CSP blocks inline styles...
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # ...and inline scripts


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "heading"), ANONYMOUS_PAGES)
def test_sign_in_pages_are_in_the_site_layout(client, path, heading):
    assert_in_site_layout(client.get(path), heading)


@pytest.mark.parametrize(("path", "heading"), SIGNED_IN_PAGES)
def test_account_pages_are_in_the_site_layout(learner_client, path, heading):
    assert_in_site_layout(learner_client.get(path), heading)


@pytest.mark.django_db
def test_account_pages_in_the_site_layout_even_while_a_change_waits(learner_client, learner):
    # allauth's own page for a pending change hides a form with an inline style.
    learner.emailaddress_set.create(email=learner.email, verified=True, primary=True)
    learner.emailaddress_set.create(email="aiko.new@example.com", verified=False)

    response = learner_client.get("/accounts/email/")

    assert_in_site_layout(response, "Your email address")
    assert "Changing to <strong>aiko.new@example.com</strong>" in response.content.decode()


def labels(response) -> list[str]:
    html = response.content.decode()
    assert "placeholder=" not in html  # a placeholder repeating the label only gets in the way
    return re.findall(r'<label for="id_\w+">([^<]+)</label>', html)


@pytest.mark.django_db
def test_sign_in_fields_are_labelled_in_the_site_s_words(client):
    assert labels(client.get("/accounts/login/")) == [
        "Email address:",
        "Password:",
        "Keep me signed in",  # a checkbox's label reads as a statement: no colon
    ]


def test_account_fields_are_labelled_in_the_site_s_words(learner_client):
    assert labels(learner_client.get("/accounts/password/change/")) == [
        "Current password:",
        "New password:",
        "New password, again:",
    ]
    assert labels(learner_client.get("/accounts/email/")) == ["New email address:"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "who"),
    [("/accounts/signup/", "client"), ("/accounts/password/change/", "learner_client")],
)
def test_the_password_rules_are_read_out_with_the_new_password_field(request, path, who):
    """Django's rules come as a list, which a paragraph cannot hold: the browser would close
    the paragraph first and leave the field described by an empty span. In words, they stay
    inside the element the field points at."""
    html = request.getfixturevalue(who).get(path).content.decode()

    assert 'aria-describedby="id_password1_helptext"' in html
    described = re.search(r'<span class="helptext" id="id_password1_helptext">([^<]*)</span>', html)
    assert described, html
    assert "at least 8 characters" in described[1]
    assert "entirely numeric" in described[1]
    assert described[1].count("Your password") == 1  # one sentence, each rule said once
