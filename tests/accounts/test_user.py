import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError

from tests.accounts.helpers import sign_up
from tests.factories import PASSWORD, UserFactory

User = get_user_model()


@pytest.mark.django_db
def test_email_is_the_login_and_stored_in_one_spelling():
    user = User.objects.create_user("  Mika.Sato@Example.COM ", "pw-123-long", display_name="Mika")

    assert user.email == "mika.sato@example.com"
    assert user.check_password("pw-123-long")
    assert not user.is_staff


@pytest.mark.django_db
def test_the_same_address_cannot_register_twice_in_another_case():
    User.objects.create_user("kai@example.com", "x", display_name="Kai")

    with pytest.raises(IntegrityError):
        User.objects.create_user("KAI@example.com", "y", display_name="Kai two")


@pytest.mark.django_db
def test_superuser_can_use_the_admin():
    admin = User.objects.create_superuser("ops@example.com", "pw", display_name="Ops")

    assert admin.is_staff
    assert admin.is_superuser


def test_an_email_address_is_required():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", "pw", display_name="Nobody")


@pytest.mark.django_db
def test_what_others_see_is_the_display_name_never_the_email():
    user = UserFactory(email="private@example.com", display_name="Tanuki")

    assert str(user) == "Tanuki"
    assert user.get_short_name() == "Tanuki"


@pytest.mark.django_db
def test_signup_with_email_and_display_name_signs_the_learner_in(client):
    response = sign_up(client, "Haru@Example.com", "  Haru  ")

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    user = User.objects.get()
    assert (user.email, user.display_name) == ("haru@example.com", "Haru")
    assert "Welcome, Haru" in client.get("/dashboard/").content.decode()
    assert len(mail.outbox) == 1  # the address-verification email
    assert "haru@example.com" in mail.outbox[0].to


@pytest.mark.django_db
def test_signup_refuses_an_email_address_as_display_name(client):
    response = sign_up(client, "rin@example.com", display_name="rin@example.com")

    assert response.status_code == 200
    assert "don&#x27;t use an email address" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_sign_in_with_email_and_sign_out(client):
    UserFactory(email="yui@example.com", display_name="Yui")

    response = client.post("/accounts/login/", {"login": "yui@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200

    client.post("/accounts/logout/")
    assert client.get("/dashboard/").status_code == 302


def admin_add_user(admin_client, email, display_name):
    return admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": email,
            "display_name": display_name,
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


@pytest.mark.django_db
def test_admin_can_add_a_user_by_email(admin_client):
    response = admin_add_user(admin_client, "new.instructor@example.com", "Ms  Ito ")

    assert response.status_code == 302
    user = User.objects.get(email="new.instructor@example.com")
    assert user.check_password(PASSWORD)
    assert user.display_name == "Ms Ito"


@pytest.mark.django_db
def test_admin_also_refuses_an_email_address_as_display_name(admin_client):
    response = admin_add_user(admin_client, "kaito@example.com", "kaito@example.com")

    assert response.status_code == 200
    assert "don&#x27;t use an email address" in response.content.decode()
    assert not User.objects.filter(email="kaito@example.com").exists()
