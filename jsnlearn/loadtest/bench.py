"""The page benchmark: signed-in learners (and an instructor) request each page through wrk,
against gunicorn on loopback; each page's rate is compared with the baseline's, measured in the
same run.

Everything the requests need is made first, straight in the database: sessions, and for the
quiz pages open attempts of the benchmark's own accounts (`bench-N@load.test`), with a filled
form per attempt, so that each submission grades a real attempt exactly once.
"""

import http.client
import json
import os
import random
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from jsnlearn.accounts.models import User
from jsnlearn.loadtest import seed
from jsnlearn.loadtest.consistency import attempt_problems
from jsnlearn.loadtest.sessions import Client, signed_in
from lessons.models import Course, Lesson
from quizzes.grading import Kind
from quizzes.models import Attempt, Quiz
from quizzes.paper import Paper, make_layout

WRK_SCRIPT = Path(__file__).with_name("wrk.lua")
READ_LEARNERS = 100  # seeded learners whose sessions the read pages rotate through
BENCH_ACCOUNTS = 200  # accounts that take quizzes during the benchmark; their attempts go first
ATTEMPT_PAGE_QUIZZES = 2  # the first quizzes' open attempts are shown; the others' submitted


@dataclass
class Page:
    name: str
    lines: list[str]  # wrk requests: METHOD, path, cookie, body, tab-separated
    expect: int = 200
    once: bool = False  # a submission: each line may be sent only once
    attempt_ids: tuple = ()  # a submission's attempts, checked afterwards


@dataclass
class Measured:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    peak_rss: int
    note: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def line(method: str, path: str, client: Client, body: str = "") -> str:
    return "\t".join((method, path, client.cookie, body))


def bench_accounts() -> list[User]:
    """The benchmark's quiz takers, made once; their earlier attempts are deleted."""
    emails = [f"bench-{n}@{seed.EMAIL_DOMAIN}" for n in range(1, BENCH_ACCOUNTS + 1)]
    password = make_password(seed.PASSWORD)
    User.objects.bulk_create(
        [User(email=e, display_name=e.split("@")[0], password=password) for e in emails],
        ignore_conflicts=True,
    )
    accounts = list(User.objects.filter(email__in=emails).order_by("pk"))
    Attempt.objects.filter(user__in=accounts).delete()
    return accounts


def prepare(course: Course) -> list[Page]:
    """The pages to measure, the baseline first, with everything their requests need."""
    learners = list(
        User.objects.filter(enrollments__course=course).order_by("pk")[:: 5000 // READ_LEARNERS]
    )[:READ_LEARNERS]
    readers = [signed_in(learner) for learner in learners]
    instructor = signed_in(User.objects.get(email=seed.INSTRUCTOR_EMAIL))
    takers = [signed_in(user) for user in bench_accounts()]
    lessons = list(Lesson.objects.published().filter(module__course=course).select_related())
    shown, submitted = _open_attempts(course, takers)
    report = reverse("reports:course", kwargs={"course_id": course.pk})

    def each(path_for, items=readers):
        return [
            line("GET", path_for(n, item), readers[n % len(readers)])
            for n, item in enumerate(items)
        ]

    return [
        Page("baseline (plain page)", each(lambda n, r: reverse("about"))),
        Page("catalog", each(lambda n, r: reverse("lessons:catalog"))),
        Page("course outline", each(lambda n, r: course.get_absolute_url())),
        Page("lesson", each(lambda n, lesson: lesson.get_absolute_url(), lessons)),
        Page("dashboard", each(lambda n, r: reverse("lessons:dashboard"))),
        Page("quiz attempt page", [line("GET", path, client) for path, client, _ in shown]),
        Page(
            "quiz submit (POST)",
            [line("POST", path, client, body) for path, client, body in submitted],
            expect=302,
            once=True,
            attempt_ids=tuple(path.split("/")[2] for path, _, _ in submitted),
        ),
        Page(
            "instructor course report",
            [line("GET", report + query, instructor) for query in ("", "?order=progress")],
        ),
    ]


def _open_attempts(course: Course, takers: list[Client]):
    """An open attempt per taker and quiz; (path, client, answers) for the first quizzes' (to
    show) and for the others' (to submit), each with a filled form."""
    rng = random.Random(7)
    quizzes = list(Quiz.objects.filter(module__course=course).select_related("module"))
    questions = {quiz.pk: list(quiz.questions.prefetch_related("choices")) for quiz in quizzes}
    made = Attempt.objects.bulk_create(
        Attempt(user=taker.user, quiz=quiz, layout=make_layout(quiz, questions[quiz.pk]))
        for quiz in quizzes
        for taker in takers
    )
    client_of = {taker.user.pk: taker for taker in takers}
    shown_quizzes = {quiz.pk for quiz in quizzes[:ATTEMPT_PAGE_QUIZZES]}
    shown, submitted = [], []
    for attempt in made:
        client = client_of[attempt.user_id]
        path = reverse("quizzes:attempt", kwargs={"attempt_id": attempt.pk})
        if attempt.quiz_id in shown_quizzes:
            shown.append((path, client, ""))
        else:
            paper = Paper(attempt, questions[attempt.quiz_id])
            answers = {
                s.question.pk: seed.answer_for(s.question.spec(), rng, 0.7) for s in paper.questions
            }
            fields = [*form_fields(paper, answers), ("confirm_blanks", "1")]
            fields.append(("csrfmiddlewaretoken", client.csrf_secret))
            submitted.append((path, client, urlencode(fields)))
    return shown, submitted


def form_fields(paper: Paper, answers: dict) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser posts for `answers` (grading's shapes) on `paper`."""
    fields = []
    for shown in paper.questions:
        answer = answers.get(shown.question.pk)
        token = {option.choice.pk: option.token for option in shown.options}
        target = {option.choice.pk: option.token for option in shown.targets}
        if answer is None:
            continue
        if shown.kind in (Kind.SINGLE, Kind.TRUE_FALSE):
            fields.append((shown.name, token[answer]))
        elif shown.kind == Kind.MULTIPLE:
            fields += [(shown.name, token[pk]) for pk in sorted(answer)]
        elif shown.kind == Kind.SHORT_TEXT:
            fields.append((shown.name, answer))
        elif shown.kind == Kind.ORDERING:
            fields += [
                (slot.name, token.get(pk, ""))
                for slot, pk in zip(shown.slots, answer, strict=False)
            ]
        else:
            fields += [
                (slot.name, target.get(answer.get(slot.left.choice.pk), "")) for slot in shown.slots
            ]
    return fields


def smoke(port: int, request_line: str, expect: int) -> None:
    """Send one request as wrk will and check its status: a page that answers with a redirect
    to sign-in, or a 403, would otherwise be measured as if it were the page."""
    method, path, cookie, body = request_line.split("\t")
    headers = {"X-Forwarded-Proto": "https", "Cookie": cookie, "Host": f"127.0.0.1:{port}"}
    if method == "POST":
        headers["Origin"] = f"https://127.0.0.1:{port}"
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body.encode() or None, headers=headers)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    if response.status != expect:
        raise RuntimeError(f"{method} {path} answered {response.status}, not {expect}.")


def run_wrk(port: int, lines: list[str], *, seconds: float, connections: int, once: bool):
    with tempfile.NamedTemporaryFile("w", suffix=".requests", delete=False) as file:
        file.write("\n".join(lines) + "\n")
    env = {**os.environ, "BENCH_REQUESTS": file.name, "BENCH_ONCE": "1" if once else "0"}
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "-s", str(WRK_SCRIPT)]
    try:
        out = subprocess.run(  # noqa: S603
            [*argv, f"http://127.0.0.1:{port}"], env=env, capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(file.name)
    return json.loads(out.strip().splitlines()[-1])


def measure(server, page: Page, *, seconds: float, connections: int) -> Measured:
    first, rest = page.lines[0], page.lines[1:] if page.once else page.lines
    smoke(server.port, first, page.expect)
    if not page.once:  # warm up: templates loaded, connections opened, caches filled
        run_wrk(server.port, rest, seconds=2, connections=connections, once=False)
    server.sampler.reset()
    result = run_wrk(server.port, rest, seconds=seconds, connections=connections, once=page.once)
    errors = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    measured = Measured(
        name=page.name,
        requests=result["requests"],
        seconds=result["duration_us"] / 1e6,
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors=errors,
        peak_rss=server.sampler.peak,
    )
    if page.once:
        measured.note, problems = _check_submissions(page, measured.requests)
        measured.errors += len(problems)
    return measured


def _check_submissions(page: Page, requests: int):
    graded = Attempt.objects.filter(pk__in=page.attempt_ids, submitted_at__isnull=False)
    count = graded.count() - 1  # the smoke test's
    problems = attempt_problems(graded)
    if count < requests:
        problems.append(f"only {count} of {requests} submissions graded an attempt")
    note = f"{count} attempts graded, {len(problems)} inconsistent"
    if count >= len(page.attempt_ids) - 1:
        note += "; ran out of open attempts, raise BENCH_ACCOUNTS"
    return note, problems
