"""When to try a request again, and how long to wait first.

Retried [ours]: failed connections (the request never reached the service), HTTP 429
and every 5xx. Not retried: a read timeout, since the service may still be generating
(and billing) the first request, and every other 4xx, which would fail the same way.

Waits grow exponentially with "equal jitter" (half fixed, half random, so clients that
failed together do not come back together), and a server's `Retry-After` (seconds or an
HTTP date) replaces the computed wait. Every wait is capped by `max_delay`, and the
client honours `Retry-After` up to `max_delay` seconds in all (its `_Exchange` keeps the
count), so a huge value is waited for once, not once per retry. The sleep functions are
injectable so that tests never wait for real.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

DEFAULT_RETRIES = 3
DEFAULT_BASE_DELAY = 0.5  # seconds before the first retry (before jitter)
# No single wait is longer, whatever Retry-After asks; nor are Retry-After waits in all.
DEFAULT_MAX_DELAY = 30.0


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # here, so that the synchronous command line never loads asyncio

    await asyncio.sleep(seconds)


def is_retryable_status(status: int) -> bool:
    """429 (rate limited) and every 5xx are worth another attempt [ours]."""
    return status == 429 or 500 <= status <= 599


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How many times to retry and how long to wait between attempts."""

    retries: int = DEFAULT_RETRIES  # attempts after the first one
    base_delay: float = DEFAULT_BASE_DELAY
    max_delay: float = DEFAULT_MAX_DELAY
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=_asyncio_sleep, compare=False)
    jitter: Callable[[], float] = field(default=random.random, compare=False)

    def __post_init__(self) -> None:
        if self.retries < 0:
            raise ValueError("retries must be 0 or more")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("delays must be 0 or more")

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `retry` (0 for the first retry).

        `retry_after` (from the server) wins over the computed backoff; both are capped.
        """
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** min(retry, 32))
        fraction = min(max(self.jitter(), 0.0), 1.0)
        return ceiling / 2 + fraction * ceiling / 2


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds asked for by a `Retry-After` header: a number, or an HTTP date.

    None when the header is absent or unreadable; a date in the past gives 0.
    """
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if seconds >= 0 else None  # NaN is not >= 0 either
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP date is always GMT
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max((when - current).total_seconds(), 0.0)
