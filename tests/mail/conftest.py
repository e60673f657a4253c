import pytest

from tests.mail.smtp_sink import SmtpSink


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_delivery(settings, smtp_sink):
    """Mail delivered over SMTP to the sink, tried three times without waiting."""
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_RETRY_DELAYS = [0, 0]
    return smtp_sink


@pytest.fixture
def database_tasks(settings):
    """Tasks stored in the database as in production, run by `run_worker()`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
