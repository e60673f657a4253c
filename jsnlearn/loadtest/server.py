"""The site served as production serves it: the Procfile's web command (gunicorn with its
config file), bound to loopback, with its workers' memory sampled from /proc."""

import http.client
import os
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def web_command(port: int) -> list[str]:
    """The Procfile's `web:` command, run from this virtualenv, bound to 127.0.0.1:`port`."""
    for line in (Path(settings.BASE_DIR) / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == "web":
            argv = shlex.split(command)
            executable = Path(sys.executable).with_name(argv[0])
            return [str(executable), *argv[1:], "--bind", f"127.0.0.1:{port}"]
    raise LookupError("The Procfile has no web: line.")


def rss_bytes(pid: int) -> int:
    """Resident memory of a process, or 0 once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0
    return int(fields[1]) * PAGE_SIZE


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name, in parentheses, may hold spaces: fields start after the last ")".
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry.name))
    return found


class MemorySampler(threading.Thread):
    """Samples every worker of a gunicorn master (recycled workers included) twice a second;
    `peak` is the largest resident size any one worker reached since the last `reset`."""

    def __init__(self, master: int):
        super().__init__(daemon=True)
        self.master = master
        self.peak = 0
        self.workers_peak = 0  # over the whole run, never reset
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.wait(0.5):
            for pid in children_of(self.master):
                rss = rss_bytes(pid)
                self.peak = max(self.peak, rss)
                self.workers_peak = max(self.workers_peak, rss)

    def reset(self) -> None:
        self.peak = 0

    def stop(self) -> None:
        self._stop_event.set()


class Gunicorn:
    """gunicorn started by `start` and stopped, by its PID, by `stop`."""

    def __init__(self, port: int, log: Path):
        self.port = port
        self.log = log
        self.process: subprocess.Popen | None = None
        self.sampler: MemorySampler | None = None

    def start(self, timeout: float = 60) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 (our own Procfile's command)
                web_command(self.port),
                cwd=settings.BASE_DIR,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            if self._answers():
                self.sampler = MemorySampler(self.process.pid)
                self.sampler.start()
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log}")

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        if self.sampler:
            self.sampler.stop()
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM to the master's PID: a graceful shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
