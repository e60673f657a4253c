"""A class takes the quiz: many learners at once, each as a browser would, over loopback:
the quiz's intro page, Start (POST), the attempt's form, Submit (POST). Answers are read from
the form the page sent, not from the database. Afterwards the database must show exactly one
graded attempt per learner (`consistency.class_problems`)."""

import http.client
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

from jsnlearn.loadtest.sessions import Client

STEPS = ("intro", "start", "attempt form", "submit")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class FormReader(HTMLParser):
    """The answer fields of an attempt's form: radios and checkboxes with their values, text
    boxes, and selects with their non-empty options."""

    def __init__(self):
        super().__init__()
        self.choices: dict[str, list[str]] = {}
        self.multiple: set[str] = set()
        self.texts: list[str] = []
        self.selects: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            self.choices.setdefault(name, []).append(attrs["value"])
            if attrs["type"] == "checkbox":
                self.multiple.add(name)
        elif tag == "input" and attrs.get("type") == "text":
            self.texts.append(name)
        elif tag == "select":
            self._select = name
            self.selects[name] = []
        elif tag == "option" and self._select and attrs.get("value"):
            self.selects[self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def answers_from(html: str, rng: random.Random) -> list[tuple[str, str]]:
    """A learner's answers to every question of the form in `html`."""
    form = FormReader()
    form.feed(html)
    fields = []
    for name, values in form.choices.items():
        picked = rng.sample(values, 2) if name in form.multiple else [rng.choice(values)]
        fields += [(name, value) for value in picked]
    fields += [(name, rng.choice(["meishi", "名刺", "card"])) for name in form.texts]
    for name, values in form.selects.items():
        fields.append((name, rng.choice(values)))
    return fields


@dataclass
class Learner:
    client: Client
    host: str
    port: int
    timings: dict[str, float] = field(default_factory=dict)
    error: str = ""
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, step, method, path, fields=None, expect=200):
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", "Cookie": self.client.cookie}
        if cookie:
            headers["Cookie"] += "; " + cookie
        body = None
        if method == "POST":
            headers["Origin"] = f"https://{self.host}"
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(fields or []).encode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        self.timings[step] = time.monotonic() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            if name == "csrftoken":
                self.cookies[name] = value
        if response.status != expect:
            raise RuntimeError(f"{step}: {method} {path} answered {response.status}")
        return response, text

    def take(self, quiz_url: str, delay: float, rng: random.Random) -> None:
        time.sleep(delay)
        try:
            _, intro = self.request("intro", "GET", quiz_url)
            token = CSRF.search(intro).group(1)
            started, _ = self.request(
                "start", "POST", quiz_url + "start/", [("csrfmiddlewaretoken", token)], 302
            )
            attempt = started.headers["Location"]
            _, form = self.request("attempt form", "GET", attempt)
            fields = answers_from(form, rng)
            fields += [("confirm_blanks", "1"), ("csrfmiddlewaretoken", CSRF.search(form)[1])]
            submitted, _ = self.request("submit", "POST", attempt, fields, 302)
            if not submitted.headers["Location"].endswith("/result/"):
                raise RuntimeError(f"submit led to {submitted.headers['Location']}")
        except Exception as error:
            self.error = str(error) or type(error).__name__


@dataclass
class ClassRun:
    learners: list[Learner]
    seconds: float

    @property
    def errors(self) -> list[str]:
        return [learner.error for learner in self.learners if learner.error]

    def p99_ms(self, step: str) -> float:
        times = sorted(lr.timings[step] for lr in self.learners if step in lr.timings)
        if len(times) < 2:
            return times[0] * 1000 if times else 0.0
        return statistics.quantiles(times, n=100, method="inclusive")[98] * 1000

    def p50_ms(self, step: str) -> float:
        times = [lr.timings[step] for lr in self.learners if step in lr.timings]
        return statistics.median(times) * 1000 if times else 0.0


def take_quiz_together(clients, *, quiz_url: str, port: int, spread: float) -> ClassRun:
    """Every client takes the quiz, each starting at a random moment within `spread` seconds."""
    rng = random.Random(11)
    learners = [Learner(client, f"127.0.0.1:{port}", port) for client in clients]
    threads = [
        threading.Thread(
            target=learner.take, args=(quiz_url, rng.uniform(0, spread), random.Random(n))
        )
        for n, learner in enumerate(learners)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ClassRun(learners, time.monotonic() - started)
