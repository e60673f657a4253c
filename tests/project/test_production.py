"""What an operator's deploy does: settings that refuse to run unsafely, `check --deploy`
clean, and the Procfile's gunicorn serving secure headers, cookies and static files."""

import json
import re
from urllib.parse import urlencode

import pytest

from tests.factories import PASSWORD
from tests.project.production import (
    HOST,
    free_port,
    manage,
    production_env,
    run_python,
    run_web_process,
    start_server,
)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, f"expected a one-line message, got:\n{text}"
    return lines[0]


@pytest.mark.parametrize(
    ("missing", "override"),
    [
        ("DJANGO_SECRET_KEY", {"DJANGO_SECRET_KEY": None}),
        ("DJANGO_SECRET_KEY", {"DJANGO_SECRET_KEY": "  "}),
        ("DJANGO_ALLOWED_HOSTS", {"DJANGO_ALLOWED_HOSTS": None}),
        ("DJANGO_DEBUG", {"DJANGO_DEBUG": "flase"}),
        # Blank is no answer: it would have meant DEBUG's default (on) or TLS off.
        ("DJANGO_DEBUG", {"DJANGO_DEBUG": ""}),
        ("DJANGO_EMAIL_USE_TLS", {"DJANGO_EMAIL_USE_TLS": ""}),
    ],
)
def test_production_refuses_to_start_and_says_which_variable_to_set(tmp_path, missing, override):
    result = manage(production_env(tmp_path, **override), "check")

    assert result.returncode == 1
    assert missing in one_line(result.stderr)


def test_the_web_process_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_web_process(production_env(tmp_path, DJANGO_SECRET_KEY=None))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in one_line(result.stdout + result.stderr)


def test_check_deploy_is_clean_with_the_documented_variables(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_emails_would_only_be_logged(tmp_path):
    env = production_env(tmp_path, DJANGO_EMAIL_HOST=None)

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "jsnlearn.W001" in result.stderr + result.stdout


def test_production_takes_its_services_from_the_environment(tmp_path):
    env = production_env(
        tmp_path,
        DATABASE_URL="postgres://app:secret@db.internal:5432/jsnlearn",
        REDIS_URL="redis://cache.internal:6379/0",
        DJANGO_EMAIL_PORT="2525",
    )
    show = (
        "import json; from django.conf import settings as s; db = s.DATABASES['default']; "
        "print(json.dumps([db['ENGINE'], db['HOST'], db['CONN_MAX_AGE'], "
        "db['CONN_HEALTH_CHECKS'], s.CACHES['figures'], s.EMAIL_BACKEND, "
        "s.EMAIL_DELIVERY_BACKEND, s.EMAIL_PORT]))"
    )

    result = run_python(env, show)

    assert result.returncode == 0, result.stderr
    engine, host, max_age, health_checks, cache, queue, delivery, port = json.loads(result.stdout)
    assert (engine, host) == ("django.db.backends.postgresql", "db.internal")
    assert max_age > 0  # persistent connections...
    assert health_checks is True  # ...checked before reuse
    assert cache["BACKEND"] == "jsnlearn.cache.TolerantRedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/0"
    assert queue == "jsnlearn.mail.backend.QueuedEmailBackend"  # the worker sends...
    assert (delivery, port) == ("django.core.mail.backends.smtp.EmailBackend", 2525)  # ...by SMTP


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """The environment of a deployed site: migrated (the release phase), static files collected
    (the build) and one verified learner."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path)
    for step in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["shell", "-c", CREATE_VERIFIED_LEARNER],
    ):
        result = manage(env, *step)
        assert result.returncode == 0, result.stderr
    return env


@pytest.fixture(scope="module")
def production(deployed, tmp_path_factory):
    """The deployed site served by gunicorn, started from the Procfile."""
    server = start_server(deployed, tmp_path_factory.mktemp("web"))
    yield server
    server.stop()


CREATE_VERIFIED_LEARNER = f"""
from allauth.account.models import EmailAddress
from jsnlearn.accounts.models import User
user = User.objects.create_user("sora@example.com", "{PASSWORD}", display_name="Sora")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


def test_plain_http_is_redirected_to_https(production):
    response = production.get("/courses/", https=False)

    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/courses/"


def test_pages_carry_the_security_headers(production):
    response = production.get("/")

    assert response.status == 200
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in csp["style-src"]
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def sign_in(visitor, email, password):
    """Open the sign-in page and send the form, as a browser does."""
    form = visitor.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return visitor.request(
        "POST",
        "/accounts/login/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://{HOST}/accounts/login/",
        },
        body=urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password}),
    )


def test_csrf_and_session_cookies_are_secure(production):
    visitor = production.visitor()
    assert "; Secure" in visitor.get("/accounts/login/").cookies()["csrftoken"]

    response = sign_in(visitor, "sora@example.com", PASSWORD)

    assert response.status == 302, response.text
    session_cookie = response.cookies()["sessionid"]
    assert "; Secure" in session_cookie
    assert "; HttpOnly" in session_cookie
    assert "Welcome, Sora" in visitor.get("/dashboard/").text


def test_static_files_are_hashed_compressed_and_cached_forever(production):
    home = production.get("/").text
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)

    response = production.get(stylesheet, headers={"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    cache_control = response.headers["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 31_536_000


def test_healthz_answers_the_platform_over_plain_http(production):
    response = production.get("/healthz", https=False)

    assert response.status == 200
    assert json.loads(response.body) == {
        "status": "ok",
        "database": "ok",
        "cache": "not configured",
    }


def test_error_pages_are_the_site_s_own(production):
    not_found = production.get("/no-such-page/")
    bad_host = production.get("/", headers={"Host": "attacker.example"})

    assert not_found.status == 404
    assert ">Page not found</h1>" in not_found.text
    assert bad_host.status == 400
    assert ">Bad request</h1>" in bad_host.text


def test_healthz_reports_503_when_the_database_is_down_and_logs_why(tmp_path):
    unreachable = f"postgres://jsnlearn@127.0.0.1:{free_port()}/jsnlearn"
    server = start_server(production_env(tmp_path, DATABASE_URL=unreachable), tmp_path)
    try:
        response = server.get("/healthz")
    finally:
        server.stop()

    assert response.status == 503
    assert json.loads(response.body)["status"] == "unavailable"
    # Both the application's log and gunicorn's access log reach stdout, where the PaaS reads.
    stdout = server.stdout.read_text()
    assert "WARNING jsnlearn.views: Health check: the database did not answer" in stdout
    assert '"GET /healthz HTTP/1.1" 503' in stdout


def test_failed_sign_ins_are_counted_for_every_process_serving_the_site(
    production, deployed, tmp_path
):
    """gunicorn's workers are separate processes: the limit holds only if they share the count.
    (An address no test signs in with, so that its lock-out troubles no other test.)"""
    for attempt in range(5):
        response = sign_in(production.visitor(), "yuki@example.com", f"guess-{attempt}")
        assert response.status == 200
        assert "are not correct" in response.text

    another_process = start_server(deployed, tmp_path)
    try:
        response = sign_in(another_process.visitor(), "yuki@example.com", "guess-5")
    finally:
        another_process.stop()

    assert response.status == 429
    assert ">Too many attempts</h1>" in response.text


def test_sign_in_counts_live_in_the_database_with_or_without_redis(tmp_path):
    """allauth counts failed sign-ins in the default cache: the database, where every worker
    shares them and nothing else is kept, so no other entry can cull them."""
    show = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    for env in (production_env(tmp_path), production_env(tmp_path, REDIS_URL="redis://r:6379")):
        result = run_python(env, show)

        assert result.returncode == 0, result.stderr
        default = json.loads(result.stdout)["default"]
        assert default["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        assert default["LOCATION"] == "jsnlearn_cache"


def test_migrate_creates_the_cache_table_even_while_redis_is_the_cache(tmp_path):
    unreachable_redis = f"redis://127.0.0.1:{free_port()}/0"
    migrated = manage(production_env(tmp_path, REDIS_URL=unreachable_redis), "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr

    # Later the operator removes REDIS_URL: the database cache works with no extra step.
    result = run_python(
        production_env(tmp_path),
        "from django.core.cache import cache; cache.set('seen', 'yes'); print(cache.get('seen'))",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "yes"
