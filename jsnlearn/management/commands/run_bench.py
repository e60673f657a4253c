import os
import runpy
import shutil
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import Classroom, DueDate, Membership
from jsnlearn.loadtest import bench, report, seed
from jsnlearn.loadtest.classroom import take_quiz_together
from jsnlearn.loadtest.consistency import class_problems
from jsnlearn.loadtest.server import Gunicorn
from jsnlearn.loadtest.sessions import forget_earlier_sessions, signed_in
from jsnlearn.management.commands.run_periodic import STEPS
from lessons.models import Course, Enrollment, Lesson
from quizzes.models import Quiz

DATABASES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
BIG_OUTLINE = seed.Scale(learners=0, modules=80, lessons_per_module=15)


class Command(BaseCommand):
    help = (
        "Serve the site with the Procfile's gunicorn on 127.0.0.1 and measure its pages with wrk, "
        "each as first views and as repeat views, then a class of learners taking one quiz at "
        "once, and weigh the course outline; write the results to docs/performance.md. Needs "
        "the data of seed_load_data (make bench does it all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8200)
        parser.add_argument("--seconds", type=int, default=10, help="per page and kind of view")
        parser.add_argument(
            "--warm-up", type=int, default=1, help="seconds of other first views before each"
        )
        parser.add_argument(
            "--max-rate",
            type=int,
            default=2000,
            help="requests per second the first views are planned for: no pair repeats below it",
        )
        parser.add_argument("--repeat-pairs", type=int, default=bench.REPEAT_PAIRS)
        parser.add_argument("--class-size", type=int, default=200)
        parser.add_argument("--class-spread", type=float, default=10, help="seconds")
        parser.add_argument("--skip-pages", action="store_true")
        parser.add_argument("--skip-class", action="store_true")
        parser.add_argument("--skip-periodic", action="store_true")
        parser.add_argument(
            "--out", type=Path, default=Path(settings.BASE_DIR) / "docs/performance.md"
        )

    def handle(self, *, port, class_size, class_spread, skip_pages, skip_class, out, **options):
        started = time.monotonic()
        course = self._check_ready()
        sizing = bench.Sizing(
            seconds=options["seconds"],
            warm_up_seconds=options["warm_up"],
            max_rate=options["max_rate"],
            repeat_pairs=options["repeat_pairs"],
        )
        forget_earlier_sessions()
        self._analyze()
        pages = [] if skip_pages else bench.prepare(course, sizing)
        self.stdout.write(f"Prepared {len(pages)} pages in {time.monotonic() - started:.0f} s.")
        config = runpy.run_path(str(Path(settings.BASE_DIR) / "jsnlearn/gunicorn.conf.py"))
        workers, threads = config["workers"], config["threads"]
        connections = 2 * workers * threads
        server = Gunicorn(port, Path(settings.BASE_DIR) / ".bench" / "gunicorn.log")
        runner = bench.Bench(
            server,
            seconds=sizing.seconds,
            warm_up_seconds=sizing.warm_up_seconds,
            connections=connections,
        )
        self.stdout.write(f"gunicorn: {workers} workers x {threads} threads on 127.0.0.1:{port}")
        server.start()
        try:
            rows = []
            for row in runner.measure_all(pages) if pages else ():
                self._say(row)
                rows.append(row)
            class_text, class_ok = "", None
            if not skip_class:
                class_text, class_ok = self._class(server, course, class_size, class_spread)
            sizes = self._outline_sizes(server, course)
            peak = server.sampler.workers_peak
        finally:
            server.stop()
        self.stdout.write(f"gunicorn (PID {server.process.pid}) stopped.")
        problems = runner.ledger.problems()
        if problems:
            raise CommandError(
                "The first and repeat views were not what they claim, so nothing was written: "
                + "; ".join(problems)
            )
        seconds = time.monotonic() - started
        header = self._header(workers, threads, connections, sizing, peak, seconds)
        sections = [header]
        found = report.targets(rows, class_ok, sizes)
        sections.append(report.targets_line(found))
        self.stdout.write(sections[-1])
        if rows or sizes:
            sections.append("### Pages\n\n" + report.table(rows, sizes))
        if class_text:
            sections.append(f"### A class takes the quiz\n\n{class_text}")
        if not options["skip_periodic"]:
            sections.append(periodic_work(course, self.stdout.write))
        off = settings.CACHE_LAYERS_OFF
        key = f"{connection.vendor} without {', '.join(off)}" if off else connection.vendor
        report.write_section(out, key, "\n\n".join(sections))
        self.stdout.write(f"Written to {out} ({seconds:.0f} s).")

    def _check_ready(self) -> Course:
        if settings.DEBUG:
            raise CommandError("Run the benchmark with DJANGO_DEBUG=0, as production runs.")
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed: sudo apt-get install wrk")
        course = Course.objects.filter(slug=seed.SLUG).first()
        if course is None:
            raise CommandError("No load-test data: run manage.py seed_load_data first.")
        return course

    def _analyze(self) -> None:
        """Bring PostgreSQL's statistics up to date, as autovacuum keeps them on a production
        server: without them, after a bulk seeding (or where autovacuum is off), the planner
        guesses, and read a learner's quiz answers by scanning every learner's (8 ms instead
        of 0.1). SQLite is left as Django leaves it, without statistics."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _header(self, workers, threads, connections, sizing, peak, seconds) -> str:
        vendor = DATABASES.get(connection.vendor, connection.vendor)
        off = settings.CACHE_LAYERS_OFF
        title = f"{vendor}, without {' and '.join(off)}" if off else vendor
        return (
            f"## {title}\n\n"
            f"Measured {timezone.now():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores; database "
            f"{vendor}; gunicorn {workers} workers x {threads} threads (the Procfile's config, "
            f"DEBUG off); wrk 1 thread, {connections} connections. Each page: "
            f"{sizing.seconds:g} s of first views after {sizing.warm_up_seconds:g} s of others "
            f"({sizing.measured:,} pairs ready, none sent twice), then {sizing.seconds:g} s of "
            f"repeat views over {sizing.repeat_pairs} pairs, each visited once just before. "
            f"Peak RSS of any worker over the whole run: {peak / report.MB:.0f} MB. The run "
            f"took {seconds / 60:.1f} minutes."
        )

    def _say(self, row: bench.Row) -> None:
        for kind, measured in (("first", row.first), ("repeat", row.repeat)):
            if measured:
                self.stdout.write(
                    f"{row.name:26} {kind:6} {measured.rps:7.0f} req/s  "
                    f"(baseline beside it {row.floor_rps:5.0f})  "
                    f"p50 {measured.p50_ms:6.1f} ms  p99 {measured.p99_ms:6.1f} ms  "
                    f"errors {measured.errors}  RSS {measured.peak_rss / report.MB:.0f} MB  "
                    f"{measured.note}"
                )

    def _class(self, server, course, size, spread) -> tuple[str, bool]:
        quiz = Quiz.objects.filter(module__course=course).select_related("module__course").first()
        accounts = bench.bench_accounts()[:size]
        clients = [signed_in(user) for user in accounts]
        run = take_quiz_together(
            clients, quiz_url=quiz.get_absolute_url(), port=server.port, spread=spread
        )
        problems = class_problems(quiz=quiz, users=accounts)
        text = report.class_table(run, run.errors[:5] + problems)
        self.stdout.write(text)
        return text, not run.errors and not problems

    def _outline_sizes(self, server, course) -> list[report.OutlineSize]:
        """The outline's HTML as an enrolled learner gets it, for the seeded course and for a
        larger one made for the purpose and deleted afterwards."""
        learner = (
            User.objects.filter(enrollments__course=course)
            .exclude(email__startswith=bench.BENCH_EMAIL_START)
            .order_by("pk")
            .first()
        )
        modules = course.modules.count()
        lessons = Lesson.objects.filter(module__course=course).count() // max(1, modules)
        sizes = [report.OutlineSize(modules, lessons, self._weigh(server, course, learner))]
        big = seed.outline_course(BIG_OUTLINE)
        try:
            Enrollment.objects.create(user=learner, course=big)
            size = self._weigh(server, big, learner)
        finally:
            seed.remove_outline_course()
        sizes.append(report.OutlineSize(BIG_OUTLINE.modules, BIG_OUTLINE.lessons_per_module, size))
        for weighed in sizes:
            self.stdout.write(
                f"course outline, {weighed.modules} x {weighed.lessons}: {weighed.size:,} bytes"
            )
        return sizes

    def _weigh(self, server, course, learner) -> int:
        request = bench.line("GET", course.get_absolute_url(), signed_in(learner))
        status, body = bench.send(server.port, request)
        if status != 200:
            raise CommandError(f"{course.get_absolute_url()} answered {status}, not 200.")
        return len(body)


class QueryCounter:
    """Counts every query run (CaptureQueriesContext keeps only Django's last 9,000)."""

    count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def periodic_work(course, say) -> str:
    """The periodic command's steps over every learner of the seeded course, made members of
    one class with a quiz and a module due tomorrow and asking for review emails, each step run
    twice (queueing every mail, then nothing new): their time and queries, as a report section.
    Everything it writes, the mails queued included, is rolled back."""
    learners = User.objects.filter(enrollments__course=course)
    # 10:00 today where the site is: the learners' morning, and their deck's day.
    now = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    rows = []
    with transaction.atomic():
        classroom = Classroom.objects.create(course=course, name="Bench class", reminder_days=2)
        Membership.objects.bulk_create(Membership(classroom=classroom, user=u) for u in learners)
        first, second = course.modules.order_by("position")[:2]
        DueDate.objects.create(
            classroom=classroom, quiz=first.quizzes.first(), due=now + timedelta(days=1)
        )
        DueDate.objects.create(classroom=classroom, module=second, due=now + timedelta(days=1))
        learners.update(review_emails=True, reviews_on=True, time_zone="")
        for name, step in STEPS:
            for run in ("first", "second"):
                counter = QueryCounter()
                with connection.execute_wrapper(counter):
                    started = time.perf_counter()
                    queued = step(now=now)
                    seconds = time.perf_counter() - started
                rows.append((name, run, queued, counter.count, seconds))
                counts = f"{queued:,} queued, {counter.count:,} queries"
                say(f"{name} ({run} run): {counts}, {seconds:.2f} s")
        transaction.set_rollback(True)
    table = "\n".join(
        f"| {name} | {run} | {queued:,} | {queries:,} | {seconds:.2f} s |"
        for name, run, queued, queries, seconds in rows
    )
    return (
        f"### Periodic work over {learners.count():,} learners\n\n"
        "Every learner of the course in one class (a quiz and a module due tomorrow) and asking "
        "for review emails; each of `run_periodic`'s steps, run twice: the first run queues "
        "each mail (its row and its task, one at a time), the second finds them all sent. "
        "Written, then rolled back.\n\n"
        "| step | run | mails queued | queries | time |\n| --- | --- | ---: | ---: | ---: |\n"
        + table
    )
