"""The real worker: the Procfile's `worker:` command in a process of its own, on the test
database, sending to an SMTP server on loopback. It delivers, survives a failing server, and
after being killed mid-send a new worker delivers that mail exactly once."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jsnlearn.mail.models import OutgoingEmail
from jsnlearn.mail.services import queue_email, requeue_stalled
from jsnlearn.mail.tasks import deliver_email
from tests.helpers import free_port
from tests.project.production import REPO, procfile_command

pytestmark = pytest.mark.usefixtures("transactional_db", "database_tasks")

Status = OutgoingEmail.Status


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture
def start_worker(tmp_path):
    """Starts the Procfile's worker, polling every 0.1 s, sending to `port`; every worker
    started is killed when the test ends."""
    started: list[Worker] = []

    def start(port: int) -> Worker:
        command = procfile_command("worker")
        assert command[:3] == ["python", "manage.py", "db_worker"]
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "DATABASE_URL"))
        }
        env |= {
            "DATABASE_URL": database_url(),
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(port),
            "DJANGO_EMAIL_USE_TLS": "0",
            "DJANGO_EMAIL_TIMEOUT": "5",
            "DJANGO_EMAIL_RETRY_DELAYS": "0,0",  # three attempts, without waiting
            "DJANGO_LOG_LEVEL": "warning",
        }
        log = tmp_path / f"worker-{len(started)}.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                [sys.executable, *command[1:], "--interval", "0.1", "--no-startup-delay"],
                cwd=REPO,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        started.append(Worker(process, log))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


def wait_for(condition, worker: Worker, timeout=30.0):
    """Wait until `condition()` holds, failing with the worker's output if it stops or times out."""
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.process.poll() is not None or time.monotonic() > deadline:
            worker.stop()
            pytest.fail(f"The worker did not get there. Its output:\n{worker.log.read_text()}")
        time.sleep(0.05)


def settled(*emails) -> bool:
    """Whether the worker is done with these mails, sent or failed."""
    pks = [email.pk for email in emails]
    done = OutgoingEmail.objects.filter(pk__in=pks, status__in=[Status.SENT, Status.FAILED])
    return done.count() == len(pks)


def mail(to: str) -> OutgoingEmail:
    return queue_email(to=to, subject=f"Hello {to}", body="Ganbatte!", kind="test")


def test_the_worker_delivers_queued_mail(smtp_sink, start_worker):
    first, second = mail("aiko@example.com"), mail("ren@example.com")

    worker = start_worker(smtp_sink.port)

    wait_for(lambda: settled(first, second), worker)
    assert sorted(m["To"] for m in smtp_sink.messages) == ["aiko@example.com", "ren@example.com"]
    assert {m["Message-ID"] for m in smtp_sink.messages} == {first.message_id, second.message_id}
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}


def test_two_workers_send_each_mail_once_though_each_was_enqueued_twice(smtp_sink, start_worker):
    emails = [mail(f"learner{n}@example.com") for n in range(12)]
    for email in emails:
        deliver_email.enqueue(email.pk)

    workers = [start_worker(smtp_sink.port) for _ in range(2)]

    wait_for(lambda: settled(*emails), workers[0])
    wait_for(lambda: not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists(), workers[1])
    assert sorted(m["Message-ID"] for m in smtp_sink.messages) == sorted(
        e.message_id for e in emails
    )
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}


def test_a_refusing_server_fails_the_mail_after_its_attempts_and_the_queue_goes_on(
    smtp_sink, start_worker
):
    smtp_sink.refuse(3, "451 4.7.1 Greylisted, try again later")
    refused, next_one = mail("aiko@example.com"), mail("ren@example.com")

    worker = start_worker(smtp_sink.port)

    wait_for(lambda: settled(refused, next_one), worker)
    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (Status.FAILED, 3)
    assert refused.last_error == "SMTPDataError: (451, b'4.7.1 Greylisted, try again later')"
    assert [m["To"] for m in smtp_sink.messages] == ["ren@example.com"]
    assert OutgoingEmail.objects.get(pk=next_one.pk).status == Status.SENT


def test_with_no_server_listening_the_mail_fails_after_its_attempts(start_worker):
    email = mail("aiko@example.com")

    worker = start_worker(free_port())

    wait_for(lambda: settled(email), worker)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 3)
    assert email.last_error.startswith("ConnectionRefusedError:")


def test_a_worker_killed_mid_send_loses_no_mail_and_sends_it_once(
    settings, smtp_sink, start_worker
):
    smtp_sink.stalling = True
    email = mail("aiko@example.com")
    first = start_worker(smtp_sink.port)
    wait_for(smtp_sink.stalled.is_set, first)  # the worker waits for the server's go-ahead

    first.process.send_signal(signal.SIGKILL)
    first.process.wait()
    email.refresh_from_db()
    assert email.status == Status.SENDING
    smtp_sink.stalling = False
    smtp_sink.release()
    settings.EMAIL_STALLED_AFTER = 0  # as the periodic command finds it, 15 minutes later
    assert requeue_stalled(now=timezone.now()) == 1
    second = start_worker(smtp_sink.port)

    wait_for(lambda: settled(email), second)
    (delivered,) = smtp_sink.messages
    assert delivered["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)
    time.sleep(0.5)  # a second delivery would have come by now
    assert len(smtp_sink.messages) == 1
