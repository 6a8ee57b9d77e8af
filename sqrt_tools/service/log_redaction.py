"""Keys out of the HTTP library's log records.

httpx logs each request's status line at INFO and httpcore logs every response header
at DEBUG; a hostile server can put a key into either (a reason phrase, an echoed
header). An application that turns logging on must not see a key there, so while a
client is open a filter on those loggers redacts each record with the client's keys.
A logger's filters only see records made on that very logger, hence the list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

HTTP_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)


class RedactingFilter(logging.Filter):
    """Rewrites every record's message through `redact`; never drops a record."""

    def __init__(self, redact: Callable[[str], str]) -> None:
        super().__init__()
        self._redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: show its template only
            message = str(record.msg)
        record.msg = self._redact(message)
        record.args = None
        return True

    def attach(self) -> None:
        for name in HTTP_LOGGERS:
            logging.getLogger(name).addFilter(self)

    def detach(self) -> None:
        for name in HTTP_LOGGERS:
            logging.getLogger(name).removeFilter(self)
