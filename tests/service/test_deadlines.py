"""Time limits that hold (issue 18, item 6), against a real loopback server that drips.

No test measures time: each asserts the outcome (which error, its message) and that the
server had not finished sending when the client gave up. The limits are small and the
drips long, so a client that waited for the whole answer would see it succeed instead.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

from sqrt_tools.service.client import (
    AsyncSequrityClient,
    SequrityClient,
    ServiceSettings,
    Timeouts,
)
from sqrt_tools.service.errors import RateLimited, ServerError, ServiceError, ServiceTimeout
from sqrt_tools.service.retry import RetryPolicy
from tests.service.conftest import LLM_KEY, SEQURITY_KEY, RecordedSleeps
from tests.service.hostile_server import HostileServer, Reply, http_response
from tests.service.test_client import POLICY, request

OK_BODY = json.dumps({"policies": POLICY, "usage": {"total_tokens": 1}}).encode()
# 4 KB of answer, one byte each 20 ms: 80 s to send it all.
DRIP_SECONDS = 0.02
SLOW_ANSWER = http_response(200, OK_BODY + b" " * 4000, {"Content-Type": "application/json"})


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with HostileServer() as hostile:
        yield hostile


def settings_for(
    server: HostileServer,
    sleeps: RecordedSleeps,
    *,
    read: float = 5.0,
    deadline: float | None = 30.0,
    retries: int = 3,
    base_delay: float = 0.01,
) -> ServiceSettings:
    return ServiceSettings(
        api_key=SEQURITY_KEY,
        llm_api_key=LLM_KEY,
        base_url=server.url,
        timeouts=Timeouts(connect=2.0, read=read, deadline=deadline),
        retry=RetryPolicy(
            retries=retries,
            base_delay=base_delay,
            sleep=sleeps,
            async_sleep=sleeps.asleep,
            jitter=lambda: 1.0,
        ),
    )


def generate(settings: ServiceSettings, mode: str) -> Any:
    if mode == "sync":
        with SequrityClient(settings) as client:
            return client.generate_policy(request())

    async def main() -> Any:
        async with AsyncSequrityClient(settings) as client:
            return await client.generate_policy(request())

    return asyncio.run(main())


def failure(settings: ServiceSettings, mode: str) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        generate(settings, mode)
    return caught.value


MODES = ["sync", "async"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_dripping_server_cannot_stretch_the_read_timeout(
    server: HostileServer, sleeps: RecordedSleeps, mode: str, part: str
) -> None:
    # Each byte comes well within the read timeout; the whole answer would not.
    head_length = SLOW_ANSWER.index(b"\r\n\r\n") + 4
    drip_from = 0 if part == "headers" else head_length
    server.default = Reply(SLOW_ANSWER, drip=DRIP_SECONDS, drip_from=drip_from)

    error = failure(settings_for(server, sleeps, read=0.3), mode)

    assert isinstance(error, ServiceTimeout)
    assert str(error) == (
        "no answer from 127.0.0.1 within 0.3 s; the service may still be drafting: "
        "try again, or raise --read-timeout"
    )
    server.close()
    assert server.sent[0] < len(SLOW_ANSWER)  # the client left before the end
    assert len(server.requests) == 1  # a read timeout is not retried
    assert sleeps.waits == []


@pytest.mark.parametrize("mode", MODES)
def test_the_deadline_ends_a_request_the_read_timeout_allows(
    server: HostileServer, sleeps: RecordedSleeps, mode: str
) -> None:
    server.default = Reply(SLOW_ANSWER, drip=DRIP_SECONDS)

    error = failure(settings_for(server, sleeps, read=60, deadline=0.3), mode)

    assert isinstance(error, ServiceTimeout)
    assert str(error) == (
        "gave up on 127.0.0.1: the deadline of 0.3 s for the whole command passed; "
        "try again later, or raise --deadline"
    )
    server.close()
    assert server.sent[0] < len(SLOW_ANSWER)


@pytest.mark.parametrize("mode", MODES)
def test_no_retry_starts_after_the_deadline(
    server: HostileServer, sleeps: RecordedSleeps, mode: str
) -> None:
    # The first retry would wait 20 s (base delay, full jitter); only 5 s are left.
    server.default = Reply(http_response(503, b'{"detail": "busy"}'))

    error = failure(settings_for(server, sleeps, deadline=5, base_delay=20), mode)

    assert isinstance(error, ServerError)
    assert str(error) == (
        "the service failed (HTTP 503: busy); the next attempt would start after the "
        "deadline of 5 s (--deadline)"
    )
    assert sleeps.waits == []
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_huge_retry_after_waits_the_cap_once_in_all(
    server: HostileServer, sleeps: RecordedSleeps, mode: str
) -> None:
    server.default = Reply(
        http_response(429, b'{"detail": "quota"}', {"Retry-After": "1000000000"})
    )

    error = failure(settings_for(server, sleeps, deadline=None), mode)

    assert isinstance(error, RateLimited)
    assert sleeps.waits == [30.0]  # once, not once per retry
    assert str(error) == (
        "rate limited by the service (HTTP 429: quota) after 2 attempts; it asks to wait "
        "1000000000 s more (Retry-After), past the 30 s this client waits for it in all; "
        "try again later"
    )


def test_retry_after_waits_add_up_to_the_cap(server: HostileServer, sleeps: RecordedSleeps) -> None:
    for _ in range(5):
        server.replies.append(Reply(http_response(503, b"{}", {"Retry-After": "12"})))
    server.default = Reply(http_response(200, OK_BODY))

    error = failure(settings_for(server, sleeps, retries=5, deadline=None), "sync")

    assert sleeps.waits == [12.0, 12.0, 6.0]  # 30 s in all, then no more waiting
    assert "it asks to wait 12 s more (Retry-After)" in str(error)


def test_a_client_past_its_deadline_sends_nothing_more(
    server: HostileServer, sleeps: RecordedSleeps
) -> None:
    server.default = Reply(SLOW_ANSWER, drip=DRIP_SECONDS)
    settings = settings_for(server, sleeps, read=60, deadline=0.3)

    with SequrityClient(settings) as client:
        with pytest.raises(ServiceTimeout, match=r"the deadline of 0\.3 s for the whole command"):
            client.generate_policy(request())
        # The deadline counts from the client's start, for every call (a repair round).
        with pytest.raises(ServiceTimeout, match=r"the deadline of 0\.3 s for the whole command"):
            client.generate_policy(request())

    assert len(server.requests) == 1  # the second call sent nothing


def test_timeouts_reject_a_deadline_of_zero() -> None:
    with pytest.raises(ValueError, match="deadline must be more than 0"):
        Timeouts(deadline=0)
