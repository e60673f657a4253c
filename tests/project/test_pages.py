"""The layout, the error pages and the health check, in-process (the test settings run with
DEBUG off, as production does)."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_home_page_has_the_site_layout(client):
    html = client.get("/").content.decode()

    assert html.index('class="skip-link"') < html.index('<header class="site-header"')
    assert '<main id="main"' in html
    for item in ("Courses", "Dashboard", "Sign in", "Sign up"):
        assert f">{item}</" in html
    assert '<a href="/courses/">Courses</a> · <a href="/dashboard/">Dashboard</a>' in html


def test_signed_in_learner_sees_sign_out_instead_of_sign_in(learner_client):
    html = learner_client.get("/").content.decode()

    assert ">Sign out</button>" in html
    assert ">Sign in</a>" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.project.urls")
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/no-such-page/", 404, "Page not found"),
        ("/test/forbidden/", 403, "You can't open this page"),
        ("/test/broken/", 500, "Something went wrong on our side"),
    ],
)
def test_error_pages_use_the_site_layout(path, status, heading):
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == status
    html = response.content.decode()
    assert f">{heading}</h1>" in html
    assert '<header class="site-header"' in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_bad_host_header_gets_the_400_page(client):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert ">Bad request</h1>" in response.content.decode()


@pytest.mark.django_db
def test_expired_form_explains_itself_instead_of_a_bare_403():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "a@example.com", "password": "x"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "not configured"}
    assert "no-store" in response["Cache-Control"]


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"


@pytest.mark.django_db
def test_healthz_only_answers_reads(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_dashboard_sends_visitors_to_sign_in_and_back(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


@pytest.mark.django_db
def test_about_page_is_a_plain_page_in_the_site_layout(client):
    response = client.get("/about/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About jsnlearn</h1>" in html
    assert '<header class="site-header"' in html
    assert '<a href="/about/">About</a>' in html
