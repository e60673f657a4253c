"""What an attacker gets: the same answer for registered and unknown addresses, a 429 page after
too many failed sign-ins (on the admin's sign-in too), and no way around the limit by forging the
forwarded-for header."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from tests.accounts.helpers import SIGN_IN, sign_in, without_csrf_token
from tests.factories import PASSWORD, UserFactory

REGISTERED = "known@example.com"
UNKNOWN = "nobody@example.com"


@pytest.fixture
def registered(db):
    return UserFactory(email=REGISTERED, is_staff=True, is_superuser=True)


def page(response, email) -> str:
    """The page as an attacker compares it: the token differs per response, the typed address
    is echoed back."""
    return without_csrf_token(response.content.decode()).replace(email, "EMAIL")


@pytest.mark.usefixtures("registered")
def test_sign_in_answers_the_same_for_a_registered_and_an_unknown_address(client):
    known = sign_in(client, REGISTERED, "wrong-password-1")
    unknown = sign_in(client, UNKNOWN, "wrong-password-1")

    assert known.status_code == unknown.status_code == 200
    assert page(known, REGISTERED) == page(unknown, UNKNOWN)
    assert "The email address and/or password you specified are not correct." in page(
        known, REGISTERED
    )


@pytest.mark.usefixtures("registered")
def test_password_reset_answers_the_same_for_a_registered_and_an_unknown_address(client):
    known = client.post("/accounts/password/reset/", {"email": REGISTERED}, follow=True)
    unknown = client.post("/accounts/password/reset/", {"email": UNKNOWN}, follow=True)

    assert (
        known.redirect_chain == unknown.redirect_chain == [("/accounts/password/reset/done/", 302)]
    )
    assert page(known, REGISTERED) == page(unknown, UNKNOWN)
    # Only the owner of each mailbox learns which it is.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([REGISTERED], "[jsnlearn] Reset your password"),
        ([UNKNOWN], "[jsnlearn] No account uses this address"),
    ]


def assert_too_many_attempts_page(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert '<header class="site-header"' in html
    assert ">Too many attempts</h1>" in html
    assert '<a href="/accounts/password/reset/">Reset it by email</a>' in html


@pytest.mark.parametrize("email", [REGISTERED, UNKNOWN])
@pytest.mark.usefixtures("registered")
def test_after_five_failed_sign_ins_an_address_gets_the_429_page(client, email):
    for attempt in range(5):
        assert sign_in(client, email, f"guess-{attempt}").status_code == 200

    assert_too_many_attempts_page(sign_in(client, email, PASSWORD))
    assert client.get("/dashboard/").status_code == 302  # even the right password didn't work


@pytest.mark.usefixtures("registered")
def test_the_limit_is_per_address_so_other_learners_still_sign_in(client):
    UserFactory(email="other@example.com")
    for attempt in range(5):
        sign_in(client, REGISTERED, f"guess-{attempt}")

    assert sign_in(client, "other@example.com")["Location"] == "/dashboard/"


@pytest.mark.usefixtures("registered")
def test_the_admin_signs_in_through_the_site_sign_in_and_its_limits(client):
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    response = client.get(response["Location"])
    assert response["Location"] == f"{SIGN_IN}?next=%2Fadmin%2F"

    # The admin's own form is gone: posting to it checks nothing and signs nobody in.
    client.post("/admin/login/", {"username": REGISTERED, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302

    admin_sign_in = f"{SIGN_IN}?next=/admin/"
    for attempt in range(5):
        assert (
            sign_in(client, REGISTERED, f"guess-{attempt}", path=admin_sign_in).status_code == 200
        )
    assert_too_many_attempts_page(sign_in(client, REGISTERED, path=admin_sign_in))
    assert client.get("/admin/").status_code == 302


@pytest.mark.usefixtures("registered")
def test_with_the_right_password_the_admin_sign_in_leads_to_the_admin(client):
    response = sign_in(client, REGISTERED, path=f"{SIGN_IN}?next=/admin/")

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_learner_who_is_not_staff_gets_the_403_page_from_the_admin(learner_client):
    response = learner_client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert ">You can't open this page</h1>" in response.content.decode()


def fail_from(client, address, n):
    return sign_in(client, f"learner-{n}@example.com", "a-guess", HTTP_X_FORWARDED_FOR=address)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # the PaaS router adds the client's address
    for n in range(10):  # 10 failures a minute from one address, whichever accounts
        assert fail_from(client, "203.0.113.7", n).status_code == 200

    assert_too_many_attempts_page(fail_from(client, "203.0.113.7", 10))
    assert fail_from(client, "198.51.100.4", 11).status_code == 200


@pytest.mark.django_db
def test_with_no_proxy_trusted_a_forged_forwarded_header_does_not_dodge_the_limit(client):
    for n in range(10):
        assert fail_from(client, f"203.0.113.{n}", n).status_code == 200

    assert_too_many_attempts_page(fail_from(client, "198.51.100.4", 10))


@pytest.mark.usefixtures("registered")
def test_the_sign_in_counters_share_their_cache_with_nothing_else(learner_client, quiz):
    """Nothing the site keeps can cull them: learners' pages, quiz papers and report figures
    live in other caches, so the default cache holds allauth's counters alone."""
    attacker = Client()
    for attempt in range(4):
        sign_in(attacker, REGISTERED, f"guess-{attempt}")
    learner_client.get("/accounts/")
    for url in ("/courses/", "/courses/sns-japan/", "/dashboard/", quiz.get_absolute_url()):
        learner_client.get(url)
    learner_client.post(quiz.get_absolute_url() + "start/")
    operator = Client()
    operator.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert operator.get(f"/admin/reports/courses/{quiz.module.course_id}/").status_code == 200
    assert operator.get(f"/admin/reports/quizzes/{quiz.pk}/statistics/").status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM jsnlearn_cache")
        keys = [key for (key,) in cursor.fetchall()]
    assert keys
    assert all(key.split(":")[2] == "allauth" for key in keys), keys
    sign_in(attacker, REGISTERED, "guess-5")
    assert sign_in(attacker, REGISTERED, PASSWORD).status_code == 429
