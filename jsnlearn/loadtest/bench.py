"""The page benchmark: signed-in learners (and an instructor) request each page through wrk,
against gunicorn on loopback; each page's rate is compared with the baseline's, measured in the
same run.

Every page is measured twice (`jsnlearn.loadtest.visits`): as first views, each request a
(session, URL) pair not requested before, and as repeat views, rotating through a smaller set of
pairs that a pass visited once just before. Everything the requests need is made first, straight
in the database: sessions (several per learner), and for the quiz pages open attempts of the
benchmark's own accounts (`bench-N@load.test`), with a filled form per attempt, so that each
submission grades a real attempt exactly once. The review page is asked for by learners with
cards due today, and each review answer answers one of those cards, a card no other answer
in the run answers, with the form the review page showed for it.
"""

import http.client
import json
import math
import os
import random
import subprocess
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.loadtest import seed
from jsnlearn.loadtest.classes import big_class
from jsnlearn.loadtest.consistency import attempt_problems
from jsnlearn.loadtest.report import CLASS_REPORT_TARGET, STATISTICS_TARGET
from jsnlearn.loadtest.sessions import Client, signed_in_many
from jsnlearn.loadtest.visits import (
    FIRST,
    PASS,
    REPEAT,
    WARM_UP,
    Learner,
    Ledger,
    handed_out,
    pair_of,
    plan,
)
from jsnlearn.review.deck import day_of, review_paper
from jsnlearn.review.models import ReviewCard, ReviewLog
from lessons.models import Course, Lesson
from quizzes.grading import Kind
from quizzes.models import Attempt, Quiz
from quizzes.paper import Paper, make_layout

WRK_SCRIPT = Path(__file__).with_name("wrk.lua")
BENCH_ACCOUNTS = 200  # accounts with open attempts: an attempt per quiz each, to show or submit
BENCH_EMAIL_START = "bench-"
REPEAT_PAIRS = 500  # (session, URL) pairs a page's repeat views rotate through
PASS_CONNECTIONS = 2  # the visit before repeat views: each pair once, this many at a time


@dataclass
class Page:
    name: str
    warm_up: list[str]  # wrk request lines (METHOD, path, cookie, body, tab-separated)
    first: list[str]  # first views (or submissions): each line sent at most once
    repeat: list[str] = field(default_factory=list)  # visited once, then rotated through
    expect: int = 200
    learner_page: bool = True  # the first- and repeat-view targets apply
    own_target: float | None = None  # x the baseline, first and repeat views, for this page alone
    attempt_ids: tuple = ()  # a submission's attempts, checked afterwards
    card_ids: tuple = ()  # review answers' cards, checked afterwards
    started: datetime | None = None  # when its first views began


@dataclass
class Measured:
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


@dataclass
class Row:
    page: Page
    first: Measured | None = None
    repeat: Measured | None = None
    floor_rps: float = 0.0  # the baseline's rate measured beside this page

    @property
    def name(self) -> str:
        return self.page.name

    @property
    def notes(self) -> str:
        return "; ".join(m.note for m in (self.first, self.repeat) if m and m.note)


@dataclass(frozen=True)
class Sizing:
    """How many first views a page may need: its run and warm-up at the highest rate planned
    for, so that no pair comes round twice however fast the site is."""

    seconds: int
    warm_up_seconds: int
    max_rate: int
    repeat_pairs: int = REPEAT_PAIRS

    @property
    def warm_up(self) -> int:
        return math.ceil(self.warm_up_seconds * self.max_rate)

    @property
    def measured(self) -> int:
        return math.ceil(self.seconds * self.max_rate)

    def sessions_each(self, urls: int) -> int:
        """Sessions per person for enough first views over `urls` URLs (all people's)."""
        return max(1, math.ceil((self.warm_up + self.measured) / max(1, urls)))


def line(method: str, path: str, client: Client, body: str = "") -> str:
    return "\t".join((method, path, client.cookie, body))


def lines_of(pairs) -> list[str]:
    return [line("GET", path, client) for client, path in pairs]


def bench_accounts() -> list[User]:
    """The benchmark's quiz takers, made once; their earlier attempts are deleted."""
    emails = [f"{BENCH_EMAIL_START}{n}@{seed.EMAIL_DOMAIN}" for n in range(1, BENCH_ACCOUNTS + 1)]
    password = make_password(seed.PASSWORD)
    User.objects.bulk_create(
        [User(email=e, display_name=e.split("@")[0], password=password) for e in emails],
        ignore_conflicts=True,
    )
    accounts = list(User.objects.filter(email__in=emails).order_by("pk"))
    Attempt.objects.filter(user__in=accounts).delete()
    return accounts


class People:
    """Sessions for first views (several per person) and, apart, for repeat views."""

    def __init__(self, users: list[User], first_each: int, repeat_users: list[User]):
        self.first = defaultdict(list)
        self.repeat = defaultdict(list)
        for client in signed_in_many([user for user in users for _ in range(first_each)]):
            self.first[client.user.pk].append(client)
        for client in signed_in_many(repeat_users):
            self.repeat[client.user.pk].append(client)
        self.users = users

    def plan(self, urls_of, sizing: Sizing):
        """The page's pairs; `urls_of(user)` lists the URLs it shows that person."""
        urls = {user.pk: urls_of(user) for user in self.users}
        return plan(
            [Learner(self.first[pk], urls[pk]) for pk in urls],
            [Learner(self.repeat[pk], urls[pk]) for pk in urls if pk in self.repeat],
            warm_up=sizing.warm_up,
            measured=sizing.measured,
            repeat_pairs=sizing.repeat_pairs,
        )


def read_page(name: str, people: People, urls_of, sizing: Sizing, **options) -> Page:
    pairs = people.plan(urls_of, sizing)
    return Page(
        name,
        warm_up=lines_of(pairs.warm_up),
        first=lines_of(pairs.first),
        repeat=lines_of(pairs.repeat),
        **options,
    )


def prepare(course: Course, sizing: Sizing) -> list[Page]:
    """The pages to measure, the baseline first, with everything their requests need."""
    learners = list(
        User.objects.filter(enrollments__course=course)
        .exclude(email__startswith=BENCH_EMAIL_START)  # the class's takers enroll in it
        .order_by("pk")
    )
    step = max(1, len(learners) // sizing.repeat_pairs)
    readers = People(learners, sizing.sessions_each(len(learners)), learners[::step])
    lessons = [
        lesson.get_absolute_url()
        for lesson in Lesson.objects.published().filter(module__course=course).select_related()
    ]
    quizzes = list(
        Quiz.objects.filter(module__course=course)
        .select_related("module__course")
        .order_by("module__position", "position")
    )
    quiz_intros = [quiz.get_absolute_url() for quiz in quizzes]
    results = _results_of(learners, course)

    accounts = bench_accounts()
    attempts = _open_attempts(quizzes, accounts)
    takers = People(accounts, sizing.sessions_each(len(attempts)), accounts)
    attempt_paths = defaultdict(list)
    for attempt in attempts:
        attempt_paths[attempt.user_id].append(_attempt_path(attempt))

    instructor = User.objects.get(email=seed.INSTRUCTOR_EMAIL)
    report = reverse("reports:course", kwargs={"course_id": course.pk})
    reports = [report, report + "?order=progress"]
    teacher = People(
        [instructor], sizing.sessions_each(len(reports)), [instructor] * (sizing.repeat_pairs // 2)
    )
    # The first module's quiz, which every learner has taken (seed.py): its statistics over
    # each learner's first attempt and over all. The figures are computed once a period, in
    # the warm-up; what is measured is the page once they are.
    statistics = reverse("reports:quiz_statistics", kwargs={"quiz_id": quizzes[0].pk})
    statistics_urls = [statistics, statistics + "?attempts=all"]
    analyst = People(
        [instructor],
        sizing.sessions_each(len(statistics_urls)),
        [instructor] * (sizing.repeat_pairs // 2),
    )

    # The big class's report (3,000 members by default), sorted by status and by last active:
    # its members' standing is worked out once a period, in the warm-up, as a course's figures.
    class_report = reverse("reports:classroom", kwargs={"classroom_id": big_class(course).pk})
    class_reports = [class_report, class_report + "?sort=-active"]
    class_teacher = People(
        [instructor],
        sizing.sessions_each(len(class_reports)),
        [instructor] * (sizing.repeat_pairs // 2),
    )

    def everyone(path):
        return lambda user: [path]

    return [
        read_page("baseline (plain page)", readers, everyone(reverse("about")), sizing),
        read_page("catalog", readers, everyone(reverse("lessons:catalog")), sizing),
        read_page("course outline", readers, everyone(course.get_absolute_url()), sizing),
        read_page("lesson", readers, lambda user: lessons, sizing),
        read_page("quiz intro", readers, lambda user: quiz_intros, sizing),
        read_page("quiz attempt page", takers, lambda user: attempt_paths[user.pk], sizing),
        _submissions(attempts, takers, quizzes),
        read_page("quiz result", readers, lambda user: results[user.pk], sizing),
        read_page("dashboard", readers, everyone(reverse("lessons:dashboard")), sizing),
        _review_page(readers, learners, sizing),
        _review_answers(readers, learners, sizing),
        read_page(
            "instructor course report", teacher, lambda user: reports, sizing, learner_page=False
        ),
        read_page(
            "instructor quiz statistics",
            analyst,
            lambda user: statistics_urls,
            sizing,
            learner_page=False,
            own_target=STATISTICS_TARGET,
        ),
        read_page(
            "instructor class report",
            class_teacher,
            lambda user: class_reports,
            sizing,
            learner_page=False,
            own_target=CLASS_REPORT_TARGET,
        ),
    ]


def _attempt_path(attempt: Attempt) -> str:
    return reverse("quizzes:attempt", kwargs={"attempt_id": attempt.pk})


def _results_of(learners: list[User], course: Course) -> dict[int, list[str]]:
    """Each learner's result pages: one per submitted attempt at the course's quizzes."""
    results = defaultdict(list)
    submitted = Attempt.objects.filter(
        user__in=learners, quiz__module__course=course, submitted_at__isnull=False
    ).order_by("pk")
    for user_id, pk in submitted.values_list("user_id", "pk"):
        results[user_id].append(reverse("quizzes:result", kwargs={"attempt_id": pk}))
    return results


def _open_attempts(quizzes: list[Quiz], accounts: list[User]) -> list[Attempt]:
    """An open attempt per account and quiz: shown by the attempt page, then submitted."""
    questions = {quiz.pk: list(quiz.questions.prefetch_related("choices")) for quiz in quizzes}
    return Attempt.objects.bulk_create(
        Attempt(user=account, quiz=quiz, layout=make_layout(quiz, questions[quiz.pk]))
        for quiz in quizzes
        for account in accounts
    )


def _submissions(attempts: list[Attempt], takers: People, quizzes: list[Quiz]) -> Page:
    """Every open attempt submitted once, by its owner, with a filled form."""
    rng = random.Random(7)
    questions = {quiz.pk: list(quiz.questions.prefetch_related("choices")) for quiz in quizzes}
    specs = {q.pk: q.spec() for quiz_questions in questions.values() for q in quiz_questions}
    lines = []
    for attempt in attempts:
        client = takers.first[attempt.user_id][0]
        paper = Paper(attempt, questions[attempt.quiz_id])
        answers = {
            s.question.pk: seed.answer_for(specs[s.question.pk], rng, 0.7) for s in paper.questions
        }
        fields = [*form_fields(paper, answers), ("confirm_blanks", "1")]
        fields.append(("csrfmiddlewaretoken", client.csrf_secret))
        lines.append(line("POST", _attempt_path(attempt), client, urlencode(fields)))
    return Page(
        "quiz submit (POST)",
        warm_up=lines[:1],
        first=lines[1:],
        expect=302,
        learner_page=False,
        attempt_ids=tuple(str(attempt.pk) for attempt in attempts),
    )


def _review_page(readers: People, learners: list[User], sizing: Sizing) -> Page:
    """The review page, showing a card: first views only, by learners with a card due today
    and reviews left under their daily limit."""
    ready = set(_with_cards_due(learners))
    path = reverse("review:review")
    pairs = readers.plan(lambda user: [path] if user.pk in ready else [], sizing)
    return Page("review page", warm_up=lines_of(pairs.warm_up), first=lines_of(pairs.first))


def _with_cards_due(learners: list[User]) -> dict[int, int]:
    """How many reviews each learner with a card due today has left today (the load
    learners' days all begin at once: they share a time zone)."""
    if not learners:
        return {}
    now = timezone.now()
    day = day_of(learners[0], now)
    done = dict(
        ReviewLog.objects.filter(user__in=learners, reviewed_at__gte=day.start)
        .values_list("user")
        .annotate(n=Count("id"))
        .order_by()
    )
    due = (
        ReviewCard.objects.filter(user__in=learners)
        .in_deck()
        .due_before(day.end)
        .values_list("user")
        .annotate(n=Count("id"))
        .order_by()
    )
    limits = {user.pk: user.review_daily_limit for user in learners}
    left = {pk: min(n, limits[pk] - done.get(pk, 0)) for pk, n in due}
    return {pk: n for pk, n in left.items() if n > 0}


def _review_answers(readers: People, learners: list[User], sizing: Sizing) -> Page:
    """Answers to cards due today, each card answered once in the run, by its learner with the
    form the review page shows for it (so none is a replay, which would only redirect): learners
    take turns, as many answers each as they have reviews left today."""
    rng = random.Random(11)
    left = _with_cards_due(learners)
    day = day_of(learners[0], timezone.now()) if learners else None
    wanted = sizing.warm_up + sizing.measured
    queues = []
    for user_id, n in left.items():
        cards = (
            ReviewCard.objects.filter(user_id=user_id)
            .in_deck()
            .due_before(day.end)
            .select_related("question__quiz__module__course")[:n]
        )
        queues.append(list(cards))
        if sum(map(len, queues)) >= wanted:
            break
    lines, card_ids = [], []
    while queues and len(lines) < wanted:
        for cards in queues:
            card = cards.pop(0)
            client = readers.first[card.user_id][0]
            lines.append(line("POST", _answer_path(card), client, review_answer(card, client, rng)))
            card_ids.append(card.pk)
        queues = [cards for cards in queues if cards]
    return Page(
        "review answer (POST)",
        warm_up=lines[:1],
        first=lines[1:],
        expect=302,
        learner_page=False,
        card_ids=tuple(card_ids),
    )


def _answer_path(card: ReviewCard) -> str:
    return reverse("review:answer", kwargs={"card_id": card.pk})


def review_answer(card: ReviewCard, client: Client, rng: random.Random) -> str:
    """The body `client`'s browser posts on `card`'s review form, as the review page shows it
    now, answered right seven times in ten (else wrongly, or partly right)."""
    paper = review_paper(card, card.question.quiz)
    (shown,) = paper.questions
    answer = seed.answer_for(shown.question.spec(), rng, 0.7)
    fields = [("seen", str(card.reps)), *form_fields(paper, {card.question_id: answer})]
    fields.append(("csrfmiddlewaretoken", client.csrf_secret))
    return urlencode(fields)


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


def send(port: int, request_line: str) -> tuple[int, bytes]:
    """One request as wrk sends it; its status and body."""
    method, path, cookie, body = request_line.split("\t")
    headers = {"X-Forwarded-Proto": "https", "Cookie": cookie, "Host": f"127.0.0.1:{port}"}
    if method == "POST":
        headers["Origin"] = f"https://127.0.0.1:{port}"
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body.encode() or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _status(port: int, request_line: str) -> int | str:
    try:
        return send(port, request_line)[0]
    except OSError as error:
        return str(error)


def smoke(port: int, request_line: str, expect: int) -> None:
    """Send one request and check its status: a page that answers with a redirect to sign-in,
    or a 403, would otherwise be measured as if it were the page."""
    status, _ = send(port, request_line)
    if status != expect:
        method, path = request_line.split("\t")[:2]
        raise RuntimeError(f"{method} {path} answered {status}, not {expect}.")


def run_wrk(port: int, lines: list[str], *, seconds: int, connections: int, mode: str):
    """wrk over `lines` (wrk.lua's modes: rotate, once) for whole `seconds` (wrk takes no
    fractions); its summary as a dict."""
    with tempfile.NamedTemporaryFile("w", suffix=".requests", delete=False) as file:
        file.write("\n".join(lines) + "\n")
    env = {**os.environ, "BENCH_REQUESTS": file.name, "BENCH_MODE": mode}
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:d}s", "-s", str(WRK_SCRIPT)]
    try:
        out = subprocess.run(  # noqa: S603
            [*argv, f"http://127.0.0.1:{port}"], env=env, capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(file.name)
    return json.loads(out.strip().splitlines()[-1])


class Bench:
    """Measures pages against a running server, keeping a ledger of every line sent."""

    def __init__(self, server, *, seconds: int, warm_up_seconds: int, connections: int):
        self.server = server
        self.seconds = seconds
        self.warm_up_seconds = warm_up_seconds
        self.connections = connections
        self.ledger = Ledger()

    def measure(self, page: Page) -> Row:
        row = Row(page, first=self._first_views(page))
        if page.repeat:
            row.repeat = self._repeat_views(page)
        return row

    def measure_all(self, pages: list[Page]) -> Iterator[Row]:
        """Each page's row as soon as it is measured, the baseline (pages[0]) first. The
        machine's speed drifts over a run, so each page is compared with the baseline's repeat
        views measured just before and just after it, rather than with one measurement made
        minutes earlier."""
        baseline, *others = pages
        row = self.measure(baseline)
        row.floor_rps = max(row.first.rps, row.repeat.rps)
        yield row
        before = self._floor(baseline)
        for page in others:
            row = self.measure(page)
            after = self._floor(baseline)
            row.floor_rps = (before + after) / 2
            yield row
            before = after

    def _floor(self, baseline: Page) -> float:
        """The baseline's rate now: its repeat pairs, visited in its own measurement."""
        seconds = max(1, self.seconds // 2)
        result = self._wrk(baseline, REPEAT, baseline.repeat, seconds=seconds, mode="rotate")
        return self._measured(result).rps

    def _wrk(self, page: Page, phase: str, lines: list[str], *, seconds: float, mode: str):
        result = run_wrk(
            self.server.port, lines, seconds=seconds, connections=self.connections, mode=mode
        )
        self.ledger.record(page.name, phase, handed_out(lines, result["sent"]))
        return result

    def _smoke(self, page: Page, phase: str, request_line: str) -> None:
        smoke(self.server.port, request_line, page.expect)
        self.ledger.record(page.name, phase, [request_line])

    def _first_views(self, page: Page) -> Measured:
        page.started = timezone.now()
        self._smoke(page, WARM_UP, page.warm_up[0])
        if page.warm_up[1:]:  # templates loaded, connections opened, by other first views
            self._wrk(page, WARM_UP, page.warm_up[1:], seconds=self.warm_up_seconds, mode="once")
        self.server.sampler.reset()
        result = self._wrk(page, FIRST, page.first, seconds=self.seconds, mode="once")
        measured = self._measured(result)
        if result["fillers"]:  # wrk still divides by the whole run: the rate is a floor
            measured.note = (
                f"all {len(page.first):,} first views sent before the end, so at least this "
                "rate: raise --max-rate"
            )
        if page.attempt_ids:
            measured.note, problems = _check_submissions(page, measured.requests)
            measured.errors += len(problems)
        if page.card_ids:
            measured.note, problems = _check_answers(page, measured.requests)
            measured.errors += len(problems)
        return measured

    def _repeat_views(self, page: Page) -> Measured:
        failed = self._pass(page)
        self.server.sampler.reset()
        result = self._wrk(page, REPEAT, page.repeat, seconds=self.seconds, mode="rotate")
        measured = self._measured(result)
        if failed:
            measured.errors += len(failed)
            measured.note = f"{len(failed)} pairs failed their visit, as {failed[0]}"
        return measured

    def _pass(self, page: Page) -> list[str]:
        """Visit each repeat pair once, two at a time, checking every answer's status; what
        went wrong, in words."""
        with ThreadPoolExecutor(max_workers=PASS_CONNECTIONS) as pool:
            statuses = list(
                pool.map(lambda request_line: _status(self.server.port, request_line), page.repeat)
            )
        self.ledger.record(page.name, PASS, page.repeat)
        return [
            f"{pair_of(request_line)[1]} answering {status}"
            for request_line, status in zip(page.repeat, statuses, strict=True)
            if status != page.expect
        ]

    def _measured(self, result: dict) -> Measured:
        return Measured(
            requests=result["requests"],
            seconds=result["duration_us"] / 1e6,
            p50_ms=result["p50_us"] / 1000,
            p99_ms=result["p99_us"] / 1000,
            errors=sum(result[k] for k in ("connect", "read", "write", "status", "timeout")),
            peak_rss=self.server.sampler.peak,
        )


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


def _check_answers(page: Page, requests: int):
    """Each answer sent (the smoke test's and those measured) rated its card once."""
    cards = set(page.card_ids)
    rated = Counter(
        card_id
        for card_id in ReviewLog.objects.filter(reviewed_at__gte=page.started).values_list(
            "card_id", flat=True
        )
        if card_id in cards
    )
    count = sum(rated.values()) - 1  # the smoke test's
    twice = sum(1 for n in rated.values() if n > 1)
    problems = [f"{twice} cards rated more than once"] if twice else []
    if count < requests:
        problems.append(f"only {count} of {requests} answers rated a card")
    note = f"{count} cards rated, {twice} twice"
    if count >= len(page.card_ids) - 1:
        note += "; ran out of cards due, raise --max-rate or reseed"
    return note, problems
