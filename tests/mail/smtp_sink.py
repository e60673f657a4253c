"""An SMTP server on loopback for the tests' own use. It keeps every message it accepts, and can
refuse messages or stall before taking one, as real servers sometimes do."""

import email
import socketserver
import threading
from email.message import Message


class SmtpSink:
    """`refuse(n, reply)` answers `reply` to the next n messages instead of taking them;
    with `stalling` on, a session that reaches DATA waits (`stalled` is set) until `release()`,
    then hangs up without taking the message."""

    def __init__(self):
        self.messages: list[Message] = []
        self.sessions = 0
        self.stalling = False
        self.stalled = threading.Event()
        self._released = threading.Event()
        self._refusals: list[str] = []
        self._lock = threading.Lock()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Session)
        self._server.daemon_threads = True
        self._server.sink = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def refuse(self, count: int, reply: str = "451 4.3.0 Try again later") -> None:
        with self._lock:
            self._refusals += [reply] * count

    def release(self) -> None:
        self._released.set()

    def stop(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def _refusal(self) -> str | None:
        with self._lock:
            return self._refusals.pop(0) if self._refusals else None

    def _accept(self, data: bytes) -> None:
        with self._lock:
            self.messages.append(email.message_from_bytes(data))


class _Session(socketserver.StreamRequestHandler):
    def handle(self):
        sink: SmtpSink = self.server.sink
        with sink._lock:
            sink.sessions += 1
        self.reply("220 sink.test ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].decode("ascii", "replace").upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink.test")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            elif verb != "DATA":  # MAIL, RCPT, RSET, NOOP
                self.reply("250 OK")
            elif sink.stalling:
                sink.stalled.set()
                sink._released.wait(timeout=60)
                return
            elif refusal := sink._refusal():
                self.reply(refusal)
            else:
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                sink._accept(self.read_data())
                self.reply("250 2.0.0 Queued")

    def reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)  # dot-stuffing
        return b"".join(lines)
