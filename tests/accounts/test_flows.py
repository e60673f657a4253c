"""A learner's way through the allauth pages: sign up, confirm the address, sign in, reset a
forgotten password, change the password and the email address. Every email names the site."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from tests.accounts.helpers import link_in, sign_in, sign_up
from tests.factories import PASSWORD, UserFactory

User = get_user_model()

NEW_PASSWORD = "nengajo-postcard-77"


@pytest.fixture
def mandatory_verification(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # production's setting


@pytest.mark.django_db
@pytest.mark.usefixtures("mandatory_verification")
def test_sign_up_confirm_the_address_sign_in_and_reach_the_dashboard(client):
    response = sign_up(client, "nao@example.com", "Nao")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "Confirm your email address" in client.get("/accounts/confirm-email/").content.decode()
    assert client.get("/dashboard/").status_code == 302  # not signed in yet
    (email,) = mail.outbox
    assert email.to == ["nao@example.com"]
    assert email.subject == "[jsnlearn] Confirm your email address"
    assert email.body.startswith("Hello from jsnlearn,")
    assert 'the jsnlearn account "Nao"' in email.body

    confirm_page = client.get(link_in(email))
    assert "Yes, confirm it" in confirm_page.content.decode()
    client.post(link_in(email))
    assert EmailAddress.objects.get(email="nao@example.com").verified

    response = sign_in(client, "nao@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert "Welcome, Nao" in client.get("/dashboard/").content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("mandatory_verification")
def test_an_unconfirmed_address_cannot_sign_in_yet(client):
    sign_up(client, "kou@example.com", "Kou")

    response = sign_in(client, "kou@example.com")

    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_through_the_emailed_link(client):
    UserFactory(email="ren@example.com", display_name="Ren")

    response = client.post("/accounts/password/reset/", {"email": "ren@example.com"})
    assert response["Location"] == "/accounts/password/reset/done/"
    (email,) = mail.outbox
    assert email.subject == "[jsnlearn] Reset your password"
    assert email.body.startswith("Hello from jsnlearn,")

    form_page = client.get(link_in(email), follow=True)  # allauth hides the key behind a redirect
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response["Location"] == "/accounts/password/reset/key/done/"

    assert sign_in(client, "ren@example.com", PASSWORD).status_code == 200  # refused
    assert sign_in(client, "ren@example.com", NEW_PASSWORD)["Location"] == "/dashboard/"


@pytest.mark.django_db
def test_a_used_reset_link_explains_itself(client):
    UserFactory(email="ren@example.com")
    client.post("/accounts/password/reset/", {"email": "ren@example.com"})
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    again = client.get(link_in(mail.outbox[0]), follow=True)

    assert "This link doesn't work any more" in again.content.decode()
    assert User.objects.get(email="ren@example.com").check_password(NEW_PASSWORD)


def change_password(client, current_password):
    UserFactory(email="mio@example.com")
    sign_in(client, "mio@example.com")
    return client.post(
        "/accounts/password/change/",
        {"oldpassword": current_password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


@pytest.mark.django_db
def test_a_signed_in_learner_changes_their_password_and_is_told_by_email(client):
    response = change_password(client, PASSWORD)

    assert response.status_code == 302
    assert User.objects.get(email="mio@example.com").check_password(NEW_PASSWORD)
    (email,) = mail.outbox
    assert email.subject == "[jsnlearn] Your password was changed"
    assert "This change was just made to your jsnlearn account" in email.body


@pytest.mark.django_db
def test_a_wrong_current_password_changes_nothing(client):
    response = change_password(client, "not-my-password")

    assert response.status_code == 200
    assert User.objects.get(email="mio@example.com").check_password(PASSWORD)


def change_email(client, new_email, password=PASSWORD):
    """Ask for the change; allauth first asks for the password again, then carries on."""
    response = client.post("/accounts/email/", {"email": new_email, "action_add": ""})
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert "Confirm it's you" in client.get(response["Location"]).content.decode()
    return client.post(response["Location"], {"password": password})


@pytest.fixture
def confirmed_learner(db):
    user = UserFactory(email="old@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_the_email_address_changes_once_the_new_one_is_confirmed(client, confirmed_learner):
    sign_in(client, "old@example.com")

    change_email(client, "new@example.com")

    (confirmation,) = mail.outbox
    assert confirmation.to == ["new@example.com"]
    pending = client.get("/accounts/email/").content.decode()
    assert "Changing to <strong>new@example.com</strong>" in pending
    confirmed_learner.refresh_from_db()
    assert confirmed_learner.email == "old@example.com"  # until the new address is confirmed

    client.post(link_in(confirmation))

    confirmed_learner.refresh_from_db()
    assert confirmed_learner.email == "new@example.com"
    addresses = EmailAddress.objects.filter(user=confirmed_learner)
    assert list(addresses.values_list("email", flat=True)) == ["new@example.com"]
    assert sign_in(client, "new@example.com")["Location"] == "/dashboard/"


def test_without_the_password_the_email_address_stays(client, confirmed_learner):
    # E.g. someone else at a laptop the learner left signed in.
    sign_in(client, "old@example.com")

    response = change_email(client, "thief@example.com", password="a-guess")

    assert response.status_code == 200
    assert "Incorrect password" in response.content.decode()
    assert not EmailAddress.objects.filter(email="thief@example.com").exists()
    assert mail.outbox == []
