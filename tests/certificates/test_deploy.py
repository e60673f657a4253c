"""Production without a signing key of its own still runs, and `check --deploy` says so."""

from tests.project.production import manage, production_env


def test_check_deploy_warns_when_certificates_have_no_key_of_their_own(tmp_path):
    env = production_env(tmp_path, DJANGO_CERTIFICATE_SIGNING_KEY=None)

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "jsnlearn.W002" in result.stderr + result.stdout


def test_a_signing_key_too_short_stops_the_site_naming_the_variable(tmp_path):
    result = manage(production_env(tmp_path, DJANGO_CERTIFICATE_SIGNING_KEY="short"), "check")

    assert result.returncode == 1
    assert "DJANGO_CERTIFICATE_SIGNING_KEY" in result.stderr
