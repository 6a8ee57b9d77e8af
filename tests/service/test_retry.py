"""Retry decisions and waits: exponential with jitter, Retry-After honoured, all capped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from sqrt_tools.service.retry import RetryPolicy, is_retryable_status, parse_retry_after


def test_waits_double_each_retry_between_half_and_full_ceiling() -> None:
    low = RetryPolicy(base_delay=1.0, max_delay=100.0, jitter=lambda: 0.0)
    high = RetryPolicy(base_delay=1.0, max_delay=100.0, jitter=lambda: 1.0)

    assert [low.delay(retry) for retry in range(4)] == [0.5, 1.0, 2.0, 4.0]
    assert [high.delay(retry) for retry in range(4)] == [1.0, 2.0, 4.0, 8.0]


def test_waits_never_exceed_the_cap_even_after_many_retries() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=5.0, jitter=lambda: 1.0)

    assert policy.delay(200) == 5.0


def test_retry_after_replaces_backoff_and_is_capped() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=10.0, jitter=lambda: 0.5)

    assert policy.delay(0, retry_after=7.0) == 7.0
    assert policy.delay(0, retry_after=3600.0) == 10.0
    assert policy.delay(0, retry_after=-5.0) == 0.0


@pytest.mark.parametrize(
    ("status", "retry"),
    [
        (429, True),
        (500, True),
        (503, True),
        (599, True),
        (400, False),
        (401, False),
        (404, False),
        (422, False),
        (200, False),
    ],
)
def test_which_statuses_are_retried(status: int, retry: bool) -> None:
    assert is_retryable_status(status) is retry


def test_retry_after_in_seconds() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 1.5 ") == 1.5


def test_retry_after_as_http_date() -> None:
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    header = format_datetime(now + timedelta(seconds=42), usegmt=True)

    assert parse_retry_after(header, now=now) == 42.0


def test_retry_after_date_in_the_past_means_now() -> None:
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)

    assert parse_retry_after("Sun, 01 Mar 2026 11:00:00 GMT", now=now) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "-3", "nan", "Mon, 99 Foo 2026"])
def test_unreadable_retry_after_is_ignored(value: str | None) -> None:
    assert parse_retry_after(value) is None


def test_negative_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="retries"):
        RetryPolicy(retries=-1)
