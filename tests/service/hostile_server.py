"""A loopback HTTP server that answers with raw bytes, as slowly or as badly as told.

pytest-httpserver (werkzeug) always sends well-formed headers at once; a hostile server
does not. `HostileServer` reads each request and answers with the next `Reply`: any
bytes (a broken status line, invalid UTF-8, a truncated body), optionally one chunk
at a time with a pause between chunks, optionally closing early. It records how many
bytes of each reply the client took before it went away.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType


@dataclass(frozen=True)
class Reply:
    raw: bytes
    drip: float = 0.0  # seconds between chunks; 0 sends everything at once
    chunk: int = 1  # bytes per chunk when dripping
    drip_from: int = 0  # the bytes before this offset go at once
    close_after: int | None = None  # close the connection after this many bytes


def http_response(
    status: int = 200,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    reason: str = "Whatever",
) -> bytes:
    """Raw HTTP/1.1 response bytes; headers are sent as given (no escaping)."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    fields = {"Content-Length": str(len(body)), "Connection": "close", **(headers or {})}
    lines += [f"{name}: {value}" for name, value in fields.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape") + body


@dataclass
class HostileServer:
    default: Reply = field(default_factory=lambda: Reply(http_response(503)))
    replies: deque[Reply] = field(default_factory=deque)
    sent: list[int] = field(default_factory=list)  # bytes each reply got out
    requests: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept
        self._acceptor.join(5)
        for thread in self._threads:
            thread.join(5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                reply = self.replies.popleft() if self.replies else self.default
            thread = threading.Thread(target=self._serve, args=(connection, reply), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, connection: socket.socket, reply: Reply) -> None:
        with connection:
            connection.settimeout(5)
            with contextlib.suppress(OSError):
                self.requests.append(_read_request(connection))
            raw = reply.raw if reply.close_after is None else reply.raw[: reply.close_after]
            count = 0
            step = len(raw) if reply.drip == 0 else max(reply.chunk, 1)
            try:
                if reply.drip_from:
                    connection.sendall(raw[: reply.drip_from])
                    count = len(raw[: reply.drip_from])
                while count < len(raw) and not self._stop.is_set():
                    connection.sendall(raw[count : count + step])
                    count += len(raw[count : count + step])
                    if reply.drip and self._stop.wait(reply.drip):
                        break
                if reply.close_after is None:
                    connection.shutdown(socket.SHUT_WR)
                    connection.recv(1)  # wait for the client to close
            except OSError:
                pass
            finally:
                self.sent.append(count)


def _read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body
