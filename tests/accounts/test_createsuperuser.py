"""`createsuperuser --noinput` with the README's two variables: the operator's first account."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

User = get_user_model()


@pytest.fixture
def operator_env(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Ops@Example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-passphrase")
    monkeypatch.delenv("DJANGO_SUPERUSER_DISPLAY_NAME", raising=False)


def create_superuser(**options) -> str:
    out = io.StringIO()
    call_command("createsuperuser", interactive=False, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_the_email_and_password_variables_are_enough(operator_env):
    assert "Superuser created successfully." in create_superuser()

    admin = User.objects.get()
    assert (admin.email, admin.is_staff, admin.is_superuser) == ("ops@example.com", True, True)
    assert admin.check_password("a-long-admin-passphrase")
    assert admin.display_name == "Administrator"  # never drawn from the address


@pytest.mark.django_db
def test_a_display_name_may_still_be_given(operator_env, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_DISPLAY_NAME", "Site team")
    create_superuser()
    create_superuser(email="second@example.com", display_name="Night shift")

    names = set(User.objects.values_list("display_name", flat=True))
    assert names == {"Site team", "Night shift"}


@pytest.mark.django_db
def test_an_address_still_cannot_be_a_display_name(operator_env, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_DISPLAY_NAME", "ops@example.com")

    with pytest.raises(CommandError, match="Please don't use an email address"):
        create_superuser()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_without_an_address_it_says_what_to_set(operator_env, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_EMAIL")

    with pytest.raises(CommandError, match="--email"):
        create_superuser()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_superuser_made_in_code_needs_no_display_name():
    admin = User.objects.create_superuser("root@example.com", "pw-long-enough")

    assert admin.display_name == "Administrator"
