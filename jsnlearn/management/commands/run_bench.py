import os
import runpy
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from jsnlearn.loadtest import bench, report, seed
from jsnlearn.loadtest.classroom import take_quiz_together
from jsnlearn.loadtest.consistency import class_problems
from jsnlearn.loadtest.server import Gunicorn
from jsnlearn.loadtest.sessions import signed_in
from lessons.models import Course
from quizzes.models import Quiz

DATABASES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


class Command(BaseCommand):
    help = (
        "Serve the site with the Procfile's gunicorn on 127.0.0.1 and measure its pages with wrk, "
        "then a class of learners taking one quiz at once; write the results to "
        "docs/performance.md. Needs the data of seed_load_data (make bench does it all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8200)
        parser.add_argument("--seconds", type=float, default=10, help="per page")
        parser.add_argument("--class-size", type=int, default=bench.BENCH_ACCOUNTS)
        parser.add_argument("--class-spread", type=float, default=10, help="seconds")
        parser.add_argument("--skip-pages", action="store_true")
        parser.add_argument("--skip-class", action="store_true")
        parser.add_argument(
            "--out", type=Path, default=Path(settings.BASE_DIR) / "docs/performance.md"
        )

    def handle(self, *, port, seconds, class_size, class_spread, skip_pages, skip_class, out, **_):
        if settings.DEBUG:
            raise CommandError("Run the benchmark with DJANGO_DEBUG=0, as production runs.")
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed: sudo apt-get install wrk")
        course = Course.objects.filter(slug=seed.SLUG).first()
        if course is None:
            raise CommandError("No load-test data: run manage.py seed_load_data first.")
        config = runpy.run_path(str(Path(settings.BASE_DIR) / "jsnlearn/gunicorn.conf.py"))
        workers, threads = config["workers"], config["threads"]
        server = Gunicorn(port, Path(settings.BASE_DIR) / ".bench" / "gunicorn.log")
        self.stdout.write(f"gunicorn: {workers} workers x {threads} threads on 127.0.0.1:{port}")
        sections = []
        server.start()
        try:
            if not skip_pages:
                sections.append(self._pages(server, course, seconds, 2 * workers * threads))
            if not skip_class:
                sections.append(self._class(server, course, class_size, class_spread))
            peak = server.sampler.workers_peak
        finally:
            server.stop()
        self.stdout.write(f"gunicorn (PID {server.process.pid}) stopped.")
        vendor = connection.vendor
        header = (
            f"## {DATABASES.get(vendor, vendor)}\n\n"
            f"Measured {timezone.now():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores; database "
            f"{DATABASES.get(vendor, vendor)}; gunicorn {workers} workers x {threads} threads "
            f"(the Procfile's config, DEBUG off); wrk 1 thread, {2 * workers * threads} "
            f"connections, {seconds:g} s per page after 2 s of warm-up. Peak RSS of any worker "
            f"over the whole run: {peak / report.MB:.0f} MB."
        )
        report.write_section(out, vendor, "\n\n".join([header, *sections]))
        self.stdout.write(f"Written to {out}.")

    def _pages(self, server, course, seconds, connections) -> str:
        pages = bench.prepare(course)
        results = []
        for page in pages:
            measured = bench.measure(server, page, seconds=seconds, connections=connections)
            results.append(measured)
            self.stdout.write(
                f"{page.name:28} {measured.rps:7.0f} req/s  p50 {measured.p50_ms:6.1f} ms  "
                f"p99 {measured.p99_ms:6.1f} ms  errors {measured.errors}  "
                f"RSS {measured.peak_rss / report.MB:.0f} MB  {measured.note}"
            )
        text = report.table(results, results[0].rps)
        self.stdout.write(text)
        return "### Pages\n\n" + text

    def _class(self, server, course, size, spread) -> str:
        quiz = Quiz.objects.filter(module__course=course).select_related("module__course").first()
        accounts = bench.bench_accounts()[:size]
        clients = [signed_in(user) for user in accounts]
        run = take_quiz_together(
            clients, quiz_url=quiz.get_absolute_url(), port=server.port, spread=spread
        )
        problems = class_problems(quiz=quiz, users=accounts)
        text = report.class_table(run, run.errors[:5] + problems)
        self.stdout.write(text)
        return f"### A class takes the quiz\n\n{text}"
