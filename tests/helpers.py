"""Helpers the tests of several apps share: a page read as a learner reads it, a request that
must run an exact number of queries, requests sent at the same moment, the modules a source
imports, and a Redis server of the test's own."""

import ast
import re
import socket
import threading
from html import unescape

from django.db import connections
from django.test import Client
from fakeredis import TcpFakeServer


def text(response) -> str:
    """The page's words as a reader sees them: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def answer_in_queries(
    django_assert_num_queries,
    queries: int,
    client,
    url: str,
    *,
    method="get",
    data=None,
    status=200,
):
    """`client`'s request to `url`, which must run exactly `queries` SQL queries (checked by
    pytest-django's `django_assert_num_queries`, the test's fixture) and answer `status`."""
    with django_assert_num_queries(queries, info=f"{method.upper()} {url}"):
        response = getattr(client, method)(url, data or {})
    assert response.status_code == status, (url, response.status_code)
    return response


def imported(source: str, package: str) -> set[str]:
    """The modules `source` (a module of `package`) imports, relative imports resolved, with
    `from x import y` as x.y too (y may be a module)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return found


def free_port() -> int:
    """A loopback port nothing listens on (the moment it is asked)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A Redis server on loopback for the test's own use (fakeredis' server, which speaks the
    protocol over TCP), started at once; `stop()` and `start()` take it down and bring it back
    on the same port, empty, as a restarted Redis that keeps nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self._server = None
        self.start()

    def start(self) -> None:
        self._server = TcpFakeServer(("127.0.0.1", self.port))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def at_once(learner, send, *, count: int) -> list:
    """`send(client, index)` by `count` clients of `learner` at the same moment, each in its
    own thread and database connection, as gunicorn workers would run them: the answers, or
    the error a request raised (a 500 in the test client), in order."""
    barrier = threading.Barrier(count)
    responses = [None] * count

    def run(index):
        client = Client()
        client.force_login(learner)
        barrier.wait()
        try:
            responses[index] = send(client, index)
        except Exception as error:  # reported by the caller's assertion
            responses[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses
