"""`manage.py run_periodic`: every step in order, what each did, nothing sent twice, and a failing
step that neither stops the others nor goes unnoticed."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jsnlearn.mail.models import OutgoingEmail
from jsnlearn.mail.services import serialize
from jsnlearn.management.commands import run_periodic
from tests.classrooms.reminder_helpers import deal
from tests.factories import ClassroomFactory, DueDateFactory, MembershipFactory, UserFactory


@pytest.fixture
def owed(course, quiz):
    """A due-date reminder owed now, a review reminder for a learner whose morning it is, a
    digest for the class's instructor, and a mail a stopped worker left half sent."""
    classroom = ClassroomFactory(course=course)
    classroom.instructors.add(UserFactory())  # owed this week's digest
    DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() + timedelta(days=1))
    MembershipFactory(classroom=classroom)
    zone = next(  # wherever it is 10:00 to 11:00 now
        f"Etc/GMT{-offset:+d}" if offset else "UTC"
        for offset in range(-12, 15)
        if (timezone.now() + timedelta(hours=offset)).hour == 10
    )
    reader = UserFactory(time_zone=zone, review_emails=True)
    deal(reader, quiz, [timezone.now() - timedelta(days=1)])
    OutgoingEmail.objects.create(  # left "sending" by a worker stopped an hour ago
        to="stalled@example.com",
        subject="Stalled",
        message=serialize(EmailMessage("Stalled", "Hello", to=["stalled@example.com"])),
        status=OutgoingEmail.Status.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
        attempts=1,
    )


EVERY_STEP_ONCE = [
    "mail left by a stopped worker: 1 queued",
    "due reminders: 1 queued",
    "review reminders: 1 queued",
    "weekly digests: 1 queued",
]
NOTHING_NEW = [line.replace("1 queued", "0 queued") for line in EVERY_STEP_ONCE]


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("run_periodic", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_says_what_each_step_queued_and_running_it_again_sends_nothing_twice(owed):
    out, err = run()

    assert out.splitlines() == EVERY_STEP_ONCE
    assert err == ""
    assert len(mail.outbox) == OutgoingEmail.objects.count() == 4
    assert {message.to[0] for message in mail.outbox} >= {"stalled@example.com"}

    out, _ = run()
    assert out.splitlines() == NOTHING_NEW
    assert len(mail.outbox) == OutgoingEmail.objects.count() == 4


def test_a_failing_step_does_not_stop_the_next_and_the_command_fails(owed, monkeypatch):
    def broken(*, now):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(run_periodic, "STEPS", [("broken step", broken), *run_periodic.STEPS])
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 of 5 steps failed: broken step"):
        call_command("run_periodic", stdout=out, stderr=err)

    assert out.getvalue().splitlines() == EVERY_STEP_ONCE
    assert "broken step: failed" in err.getvalue()
    assert "RuntimeError: the database went away" in err.getvalue()
    assert len(mail.outbox) == 4


def test_from_the_command_line_a_failure_exits_non_zero(monkeypatch, db, capsys):
    def broken(*, now):
        raise RuntimeError("no")

    monkeypatch.setattr(run_periodic, "STEPS", [("broken step", broken)])

    with pytest.raises(SystemExit) as exit_:
        run_periodic.Command().run_from_argv(["manage.py", "run_periodic"])

    assert exit_.value.code == 1
    assert "1 of 1 steps failed: broken step" in capsys.readouterr().err


def test_every_runs_again_until_interrupted_and_survives_a_failing_round(owed, monkeypatch):
    rounds = []

    def flaky(*, now):
        rounds.append(now)
        if len(rounds) == 1:
            raise RuntimeError("the database went away")
        return 0

    def sleep(seconds):
        assert seconds == 600
        if len(rounds) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(run_periodic, "STEPS", [("flaky step", flaky), *run_periodic.STEPS])
    monkeypatch.setattr(run_periodic.time, "sleep", sleep)

    out, err = run("--every", "600")

    assert out.splitlines() == [*EVERY_STEP_ONCE, "flaky step: 0 queued", *NOTHING_NEW]
    assert err.count("flaky step: failed") == 1
    assert len(mail.outbox) == 4
