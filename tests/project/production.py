"""Run the site as production does, in subprocesses: the settings read a production environment
at import, so only a fresh process shows what an operator's deploy will do."""

import http.client
import os
import secrets
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from tests.helpers import free_port

HOST = "jsnlearn.example"
REPO = Path(settings.BASE_DIR)


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """The environment an operator sets (README's table), with a throwaway SQLite database.
    A value of None in overrides removes that variable."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_EMAIL_HOST="smtp.jsnlearn.example",  # never contacted by these tests
        DJANGO_CERTIFICATE_SIGNING_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        PYTHONDONTWRITEBYTECODE="1",
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_python(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    """Run Python code with the site's settings loaded from `env`; print what to check."""
    return manage(env, "shell", "--verbosity", "0", "-c", code)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def cookies(self) -> dict[str, str]:
        """Each Set-Cookie header by cookie name."""
        return {line.split("=", 1)[0]: line for line in self.headers.get_all("Set-Cookie") or []}


@dataclass
class Server:
    """gunicorn started from the Procfile's `web:` line, bound to loopback only. Its requests
    carry no cookies; a test that needs them takes a `visitor()` of its own."""

    port: int
    process: subprocess.Popen
    stdout: Path
    stderr: Path

    def request(self, method, path, *, https=True, headers=None, body=None) -> Response:
        sent = {"Host": HOST, **(headers or {})}
        if https:
            sent["X-Forwarded-Proto"] = "https"  # as the PaaS router does after TLS
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            return Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()

    def get(self, path, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def visitor(self) -> "Visitor":
        return Visitor(self)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Visitor:
    """One browser's worth of cookies against a Server."""

    server: Server
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method, path, *, headers=None, **kwargs) -> Response:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.server.request(method, path, headers=sent, **kwargs)
        for name, line in response.cookies().items():
            self.cookies[name] = line.split(";", 1)[0].split("=", 1)[1]
        return response

    def get(self, path, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)


def procfile_command(process_type: str) -> list[str]:
    for line in (REPO / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process_type:
            return shlex.split(command)
    raise LookupError(f"no {process_type}: line in the Procfile")


def web_argv(port: int) -> list[str]:
    """The Procfile's web command, run from this virtualenv and bound to loopback."""
    command = procfile_command("web")
    executable = Path(sys.executable).with_name(command[0])
    return [str(executable), *command[1:], "--bind", f"127.0.0.1:{port}"]


def run_web_process(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Start the web process and wait for it to exit (for settings that must refuse to start)."""
    return subprocess.run(
        web_argv(free_port()), cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


def start_server(env: dict[str, str], logs: Path) -> Server:
    """Start the web process with its stdout and stderr in files under `logs`."""
    port = free_port()
    stdout, stderr = logs / "web.stdout", logs / "web.stderr"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            web_argv(port), cwd=REPO, env={**env, "WEB_CONCURRENCY": "1"}, stdout=out, stderr=err
        )
    server = Server(port, process, stdout, stderr)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{stderr.read_text()}")
        try:
            server.get("/healthz", https=False)
            return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer within 30 s:\n{stderr.read_text()}")
