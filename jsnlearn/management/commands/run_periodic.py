import time
import traceback

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jsnlearn.classrooms import digest, reminders
from jsnlearn.mail.services import requeue_stalled

# The periodic work, in order: (what it does, a function of `now` returning how many mails it
# queued). Each step is idempotent, so the command may run as often as the scheduler likes.
# Mail a stopped worker left behind goes back in the queue before anything new joins it.
STEPS = [
    ("mail left by a stopped worker", requeue_stalled),
    ("due reminders", reminders.send_due_reminders),
    ("review reminders", reminders.send_review_reminders),
    ("weekly digests", digest.send_weekly_digests),
]


class Command(BaseCommand):
    help = (
        "Queue the periodic emails now owed (due-date and review reminders, weekly digests) "
        "and requeue mail a stopped worker left. Run it at least "
        "hourly: running it again sends nothing twice. A failing step does not stop the others; "
        "the command then exits non-zero. With --every, it runs again and again (for a "
        "development machine, beside the site)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="run every SECONDS until interrupted, reporting failures without stopping",
        )

    def handle(self, *, every, **options):
        if every is None:
            failed = self.run_steps()
            if failed:
                raise CommandError(
                    f"{len(failed)} of {len(STEPS)} steps failed: {', '.join(failed)}"
                )
            return
        try:
            while True:
                self.run_steps()
                time.sleep(every)
        except KeyboardInterrupt:
            return

    def run_steps(self) -> list[str]:
        """Each step in order, each on its own; the names of those that failed."""
        now = timezone.now()
        failed = []
        for name, step in STEPS:
            try:
                queued = step(now=now)
            except Exception:  # one step's failure must not stop the others
                failed.append(name)
                self.stderr.write(f"{name}: failed\n{traceback.format_exc()}")
            else:
                self.stdout.write(f"{name}: {queued} queued")
        return failed
