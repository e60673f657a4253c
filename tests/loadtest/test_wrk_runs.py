"""The bench's first and repeat views through the real wrk and wrk.lua, against a small server
that records every request it gets: what the server saw must keep the definitions."""

import shutil
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from jsnlearn.loadtest.bench import Bench, Measured, Page, Row, run_wrk


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # a connection per request, as gunicorn's sync workers answer

    def do_GET(self):
        self.server.seen.append((self.path, self.headers.get("Cookie", "")))
        body = b"<p>ok</p>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class RecordingServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk closes its connections when it stops, answers or not


@pytest.fixture
def server():
    if not shutil.which("wrk"):
        pytest.fail("The load-test tests drive wrk: apt-get install wrk")
    httpd = RecordingServer(("127.0.0.1", 0), Recorder)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(
        port=httpd.server_address[1],
        seen=httpd.seen,
        sampler=SimpleNamespace(reset=lambda: None, peak=0),
    )
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def lines(name: str, count: int, urls: int = 3) -> list[str]:
    """Request lines of `count` pairs: sessions "<name>N" over `urls` paths."""
    return [f"GET\t/page/{n % urls}/\tsessionid={name}{n // urls}\t" for n in range(count)]


def pair(request_line: str) -> tuple[str, str]:
    _, path, cookie, _ = request_line.split("\t")
    return path, cookie


def pages_seen(server) -> list[tuple[str, str]]:
    return [seen for seen in server.seen if seen[0] != "/healthz"]


def test_once_sends_every_line_a_single_time_and_stops_when_they_run_out(server):
    sent = lines("s", 40)

    result = run_wrk(server.port, sent, seconds=1, connections=4, mode="once")

    assert result["sent"] == 40
    assert result["fillers"] >= 1
    assert Counter(pages_seen(server)) == Counter(pair(line) for line in sent)


def test_rotate_goes_through_the_lines_again_and_again(server):
    sent = lines("s", 40)

    result = run_wrk(server.port, sent, seconds=1, connections=4, mode="rotate")

    counts = Counter(pages_seen(server))
    assert result["sent"] > 80
    assert set(counts) == {pair(line) for line in sent}
    assert min(counts.values()) >= 2


def test_a_page_measured_both_ways_keeps_both_definitions(server):
    page = Page(
        "lesson", warm_up=lines("w", 30), first=lines("f", 150), repeat=lines("r", 20, urls=2)
    )
    bench = Bench(server, seconds=1, warm_up_seconds=1, connections=4)

    row = bench.measure(page)

    seen = Counter(pages_seen(server))
    firsts = {pair(line) for line in page.first}
    assert all(seen[p] <= 1 for p in firsts)
    assert not firsts & {pair(line) for line in page.warm_up}
    repeats = [p for p in pages_seen(server) if p in {pair(line) for line in page.repeat}]
    assert sorted(repeats[:20]) == sorted(pair(line) for line in page.repeat)  # the pass
    assert len(repeats) > 40  # then the views, each of a pair visited before
    assert row.first.requests > 0
    assert row.repeat.requests > 0
    assert "150 first views sent before the end" in row.first.note
    assert bench.ledger.problems() == []


def test_the_baseline_is_measured_again_beside_each_page(server):
    baseline, lesson = (
        Page(name, warm_up=lines(f"{n}w", 10), first=lines(f"{n}f", 40), repeat=lines(f"{n}r", 6))
        for name, n in (("baseline", "b"), ("lesson", "l"))
    )
    bench = Bench(server, seconds=1, warm_up_seconds=1, connections=4)

    rows = list(bench.measure_all([baseline, lesson]))

    baseline_pairs = {pair(line) for line in baseline.repeat}
    seen = pages_seen(server)
    lesson_requests = [n for n, p in enumerate(seen) if "sessionid=l" in p[1]]
    baseline_after = [n for n, p in enumerate(seen) if p in baseline_pairs][-1]
    assert baseline_after > lesson_requests[-1]  # measured again after the page
    assert rows[0].floor_rps == max(rows[0].first.rps, rows[0].repeat.rps)
    assert rows[1].floor_rps > 0
    assert bench.ledger.problems() == []


def test_each_page_is_compared_with_the_mean_of_the_baseline_before_and_after_it(server):
    pages = [Page(name, warm_up=[], first=[]) for name in ("baseline", "catalog", "lesson")]
    bench = Bench(server, seconds=1, warm_up_seconds=1, connections=4)
    done, floors = [], iter([600.0, 900.0, 300.0])
    bench.measure = lambda page: done.append(page.name) or Row(page, measured(), measured())
    bench._floor = lambda baseline: done.append("floor") or next(floors)

    rows = list(bench.measure_all(pages))

    assert done == ["baseline", "floor", "catalog", "floor", "lesson", "floor"]
    assert [row.floor_rps for row in rows[1:]] == [750.0, 600.0]


def measured() -> Measured:
    return Measured(requests=100, seconds=1, p50_ms=1, p99_ms=2, errors=0, peak_rss=0)
