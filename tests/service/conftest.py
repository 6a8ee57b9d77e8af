"""Shared helpers: settings aimed at the loopback test server, and a sleep that only records."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from pytest_httpserver import HTTPServer

from sqrt_tools.service.client import ServiceSettings, Timeouts
from sqrt_tools.service.retry import RetryPolicy

SEQURITY_KEY = "sk-seq-TESTKEY-8f3a1c"
LLM_KEY = "sk-or-v1-TESTLLM-52be7d"


@dataclass
class RecordedSleeps:
    """Stands in for `time.sleep`: remembers each wait, waits for none."""

    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> RecordedSleeps:
    return RecordedSleeps()


@pytest.fixture
def settings(httpserver: HTTPServer, sleeps: RecordedSleeps) -> ServiceSettings:
    return make_settings(httpserver, sleeps)


def make_settings(
    httpserver: HTTPServer,
    sleeps: RecordedSleeps,
    *,
    retries: int = 3,
    read_timeout: float = 5.0,
    llm_key: str | None = LLM_KEY,
) -> ServiceSettings:
    return ServiceSettings(
        api_key=SEQURITY_KEY,
        llm_api_key=llm_key,
        base_url=httpserver.url_for("").rstrip("/"),
        timeouts=Timeouts(connect=2.0, read=read_timeout),
        retry=RetryPolicy(
            retries=retries,
            base_delay=0.5,
            max_delay=30.0,
            sleep=sleeps,
            async_sleep=sleeps.asleep,
            jitter=lambda: 1.0,
        ),
    )
