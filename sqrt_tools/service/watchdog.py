"""Holding one synchronous HTTP attempt to its time limits, whatever the server does.

A socket read timeout only limits the gap between two reads: a server that sends one
byte a second never trips it. The synchronous client has no way to cancel a blocked
read, so the `Watchdog` does it from outside: it learns the attempt's sockets from the
HTTP library's `trace` extension (documented by httpcore) and, when a limit passes,
shuts them down, which ends the blocked read at once. The client then asks `expired`
which limit ended the attempt. The asynchronous client can cancel a read, so its
`AsyncLimits` runs the attempt under `asyncio.timeout_at` instead.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import asyncio

Expiry = Literal["read", "deadline"]

# Trace events (`<layer>.<step>.<stage>`) after which a socket exists, directly or
# through a proxy, and the event that starts the read window.
_CONNECTED = (".connect_tcp.complete", ".start_tls.complete")
_SENDING = ".send_request_headers.started"


class Watchdog:
    """Shuts an attempt's sockets down when its read window or the deadline passes.

    `read` seconds count from when the request starts to be sent; `deadline` seconds
    count from now. Use it as a context manager around one attempt, and pass `trace`
    as the request's `trace` extension.
    """

    def __init__(self, read: float, deadline: float) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._read_ends: float | None = None
        self._deadline_ends = time.monotonic() + deadline
        self._timer: threading.Timer | None = None
        self.expired: Expiry | None = None

    def __enter__(self) -> Watchdog:
        self._arm()
        return self

    def __exit__(self, *exc_info: object) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """The `trace` extension: remember sockets, start the read window when sending."""
        if event.endswith(_CONNECTED):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                with self._lock:
                    self._sockets.append(sock)
                    expired = self.expired is not None
                if expired:  # the limit passed while connecting
                    _shut(sock)
        elif event.endswith(_SENDING) and self._read_ends is None:
            self._read_ends = time.monotonic() + self._read
            self._arm()

    def _arm(self) -> None:
        ends = min(self._deadline_ends, self._read_ends or self._deadline_ends)
        timer = threading.Timer(max(ends - time.monotonic(), 0.0), self._expire)
        timer.daemon = True
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = timer
        timer.start()

    def _expire(self) -> None:
        # Re-arming only ever moves the end earlier, so whichever timer fires, the
        # earlier of the two limits has passed.
        with self._lock:
            if self.expired is not None:
                return
            read_first = self._read_ends is not None and self._read_ends <= self._deadline_ends
            self.expired = "read" if read_first else "deadline"
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the library: nothing to stop
        sock.shutdown(socket.SHUT_RDWR)


class AsyncLimits:
    """The same two limits for one asynchronous attempt, by cancellation.

    The attempt runs under `asyncio.timeout_at` set to the deadline, moved to the end of
    the read window when the request starts to be sent (the `trace` extension). When it
    fires, `__aexit__` raises `TimeoutError` and `expired` says which limit it was.
    """

    def __init__(self, read: float, deadline: float) -> None:
        self._read = read
        self._deadline = deadline
        self._deadline_ends = 0.0
        self._read_ends: float | None = None
        self._timeout: asyncio.Timeout | None = None
        self.expired: Expiry | None = None

    async def __aenter__(self) -> AsyncLimits:
        import asyncio  # here, so that the synchronous command line never loads asyncio

        self._deadline_ends = asyncio.get_running_loop().time() + self._deadline
        self._timeout = asyncio.timeout_at(self._deadline_ends)
        await self._timeout.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._timeout is not None
        try:
            await self._timeout.__aexit__(exc_type, exc, traceback)
        except TimeoutError:
            read_first = self._read_ends is not None and self._read_ends <= self._deadline_ends
            self.expired = "read" if read_first else "deadline"
            raise

    async def trace(self, event: str, info: dict[str, Any]) -> None:
        """The `trace` extension: start the read window when the request is sent."""
        import asyncio

        if event.endswith(_SENDING) and self._read_ends is None and self._timeout is not None:
            self._read_ends = asyncio.get_running_loop().time() + self._read
            self._timeout.reschedule(min(self._deadline_ends, self._read_ends))
