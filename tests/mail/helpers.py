from datetime import timedelta
from unittest import mock

from django.core.management import call_command
from django.utils import timezone


def run_worker() -> None:
    """The worker, in this process, until no task is ready. It closes the database connection
    between tasks as requests do, which would close the test's own transaction: Django's test
    client leaves connections open for the same reason."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


class Clock:
    """Moves the site's clock (`timezone.now`) forward, for the worker and the outbox alike."""

    def __init__(self, monkeypatch):
        self._real_now = timezone.now
        self._offset = timedelta()
        monkeypatch.setattr(timezone, "now", lambda: self._real_now() + self._offset)

    def advance(self, **delta) -> None:
        self._offset += timedelta(**delta)
