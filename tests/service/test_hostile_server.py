"""The service client against a hostile loopback server (issue 18: items 1, 4 and 6).

Targeted cases first (integers JSON allows but Python will not convert, keys in the
status line and in echoed headers, which the HTTP library logs), then the fuzz test:
hypothesis drives random answers (status codes, headers, bodies echoing the keys in
every shape, truncated bodies, slow drips, huge Retry-After, invalid UTF-8, SSE junk)
at the client and at `sqrt draft`, and checks that no piece of a key is ever printed,
logged or returned, and that every failure is one line without a traceback.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sqrt_tools.cli.app import app
from sqrt_tools.service.client import PolicyGenResponse, SequrityClient, ServiceSettings, Timeouts
from sqrt_tools.service.errors import ServiceError, UnexpectedResponse
from sqrt_tools.service.retry import RetryPolicy
from tests.service.conftest import RecordedSleeps
from tests.service.hostile_server import HostileServer, Reply, http_response
from tests.service.leaks import leaked
from tests.service.test_client import POLICY, request

SEQ_KEY = "sk-seq-HOSTILE-4c1d9e7a2b6f0385"
LLM_KEY = "sk-or-v1-HOSTILE-LLM-e83a0c5d17f2"
KEYS = (SEQ_KEY, LLM_KEY)
HUGE = "9" * 5000  # digits: past Python's 4,300-digit conversion limit
ROOT = Path(__file__).resolve().parents[2]


def settings_for(
    server: HostileServer, sleeps: RecordedSleeps, **timeouts: float
) -> ServiceSettings:
    limits = {"connect": 2.0, "read": 0.2, "deadline": 0.6, **timeouts}
    return ServiceSettings(
        api_key=SEQ_KEY,
        llm_api_key=LLM_KEY,
        base_url=server.url,
        timeouts=Timeouts(**limits),
        retry=RetryPolicy(retries=2, sleep=sleeps, async_sleep=sleeps.asleep),
    )


@contextlib.contextmanager
def captured_logs() -> Iterator[list[str]]:
    """Every log record of every logger, formatted, while the block runs."""
    lines: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: lines.append(handler.format(record))  # type: ignore[method-assign]
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def run_client(
    server: HostileServer, **timeouts: float
) -> tuple[PolicyGenResponse | ServiceError, str]:
    """The outcome of one request, and everything it showed: trace, logs, the result.

    The fuzz test uses tight limits; targeted tests pass roomy ones (the machine may be
    busy, and they are not about time).
    """
    trace: list[str] = []
    settings = settings_for(server, RecordedSleeps(), **timeouts)
    with captured_logs() as logs, SequrityClient(settings, trace=trace.append) as client:
        try:
            outcome: PolicyGenResponse | ServiceError = client.generate_policy(request())
        except ServiceError as error:
            outcome = error
    shown = str(outcome) if isinstance(outcome, ServiceError) else outcome.policies
    if isinstance(outcome, PolicyGenResponse):
        shown += json.dumps(outcome.usage)
    return outcome, "\n".join([*trace, *logs, shown])


# --- targeted ---------------------------------------------------------------------------------


def test_huge_integers_are_json() -> None:
    usage = f'{{"policies": {json.dumps(POLICY)}, "usage": {{"prompt_tokens": {HUGE}, "x": 5}}}}'
    outcomes = []
    for status, body in [
        (200, usage),
        (200, f'{{"answer": {HUGE}}}'),
        (400, f'{{"detail": -{HUGE}}}'),
    ]:
        with HostileServer() as server:
            server.default = Reply(http_response(status, body.encode()))
            outcomes.append(run_client(server, read=30, deadline=60)[0])
    drafted, unexpected, rejected = outcomes

    assert isinstance(drafted, PolicyGenResponse)
    assert drafted.usage == {"x": 5}  # a count no one can use is left out
    assert isinstance(unexpected, UnexpectedResponse)
    assert str(unexpected) == (
        "the service's answer (HTTP 200) has no `policies` text (found: answer)"
    )
    assert str(rejected) == "the service rejected the request (HTTP 400) without a reason"


def test_sqrt_draft_reads_a_body_with_a_huge_integer() -> None:
    body = f'{{"policies": {json.dumps(POLICY)}, "usage": {{"n": {HUGE}, "total_tokens": 7}}}}'
    with HostileServer() as server:
        server.default = Reply(http_response(200, body.encode()))

        result = CliRunner().invoke(app, _draft_args(server), env=_env())

    assert result.exit_code == 0, result.stderr
    assert "Token usage: total_tokens 7 (1 request)" in result.stderr


@pytest.mark.parametrize("where", ["reason", "header"])
def test_keys_in_the_status_line_and_headers_are_not_logged(where: str) -> None:
    echo = f"{SEQ_KEY} {LLM_KEY.upper()}"
    raw = (
        http_response(400, b"{}", reason=echo)
        if where == "reason"
        else http_response(400, b"{}", {"X-Echo": echo})
    )
    with HostileServer() as server:
        server.default = Reply(raw)

        outcome, shown = run_client(server, read=30, deadline=60)

    assert isinstance(outcome, ServiceError)
    assert leaked(shown, KEYS) == []
    assert "[redacted]" in shown  # the records were there, redacted


SLOW_ANSWER = http_response(200, json.dumps({"policies": POLICY}).encode() + b" " * 4000)


def test_sqrt_draft_read_timeout_bounds_the_whole_answer() -> None:
    # The issue: --read-timeout 3 let a server dripping a byte a second hold it for 62 s.
    with HostileServer() as server:
        server.default = Reply(SLOW_ANSWER, drip=0.02)  # 80 s in all, 20 ms a byte

        result = CliRunner().invoke(app, _draft_args(server, "--read-timeout", "0.3"), env=_env())
        server.close()

    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "sqrt draft: no answer from 127.0.0.1 within 0.3 s; the service may still be "
        "drafting: try again, or raise --read-timeout"
    )
    assert server.sent[0] < len(SLOW_ANSWER)


def test_sqrt_draft_deadline_bounds_the_command() -> None:
    with HostileServer() as server:
        server.default = Reply(SLOW_ANSWER, drip=0.02)
        args = _draft_args(server, "--read-timeout", "60", "--deadline", "0.3")

        result = CliRunner().invoke(app, args, env=_env())
        server.close()

    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "sqrt draft: gave up on 127.0.0.1: the deadline of 0.3 s for the whole command "
        "passed; try again later, or raise --deadline"
    )
    assert server.sent[0] < len(SLOW_ANSWER)


def test_the_deadline_is_documented_in_help() -> None:
    result = CliRunner().invoke(app, ["draft", "--help"], env={"COLUMNS": "200"})

    assert "--deadline" in result.stdout
    assert "Give up when the whole command has taken this long." in result.stdout
    assert "[default: 600.0]" in result.stdout


# --- the fuzz test ------------------------------------------------------------------------------


def _b64(data: str, prefix: str, urlsafe: bool) -> str:
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    return encode((prefix + data).encode()).decode()


echoes = st.builds(
    lambda key, shape, cut, prefix, urlsafe: {
        "plain": key,
        "upper": key.upper(),
        "lower": key.lower(),
        "url": quote(key, safe=""),
        "json": json.dumps(key),
        "base64": _b64(key, prefix, urlsafe),
        "zero-width": "\u200b".join(key),
        "split": f"{key[:cut]} ... {key[cut:]}",
        "cut": key[: max(cut, 8)],
    }[shape],
    st.sampled_from(KEYS),
    st.sampled_from(
        ["plain", "upper", "lower", "url", "json", "base64", "zero-width", "split", "cut"]
    ),
    st.integers(min_value=8, max_value=20),
    st.sampled_from(["", "u", "us", "user:"]),
    st.booleans(),
)
junk_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
texts = st.lists(st.one_of(echoes, junk_text, st.just("q" * 290)), max_size=4).map("".join)
statuses = st.one_of(
    st.sampled_from([200, 201, 400, 401, 403, 404, 422, 429, 500, 502, 503]),
    st.integers(min_value=100, max_value=999),
)
retry_after = st.one_of(
    st.sampled_from(["1000000000", "-5", "nan", "inf", "Fri, 31 Dec 9999 23:59:59 GMT", "0"]),
    echoes,
)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    text = draw(texts)
    kind = draw(st.sampled_from(["error", "policies", "huge", "raw", "sse", "invalid", "list"]))
    if kind == "error":
        field = draw(st.sampled_from(["detail", "message", "error"]))
        return json.dumps({field: text}).encode()
    if kind == "policies":
        return json.dumps({"policies": f"// {text}\n{POLICY}", "usage": {text: 1}}).encode()
    if kind == "huge":
        return f'{{"detail": {HUGE}, "{json.dumps(text)[1:-1]}": 1}}'.encode()
    if kind == "sse":
        return f"data: {json.dumps({'delta': text})}\n\nevent: x\ndata: [DONE]\n\n".encode()
    if kind == "invalid":
        return b"\xff\xfe" + text.encode() + b"\xc3\x28\xed\xa0\x80"
    if kind == "list":
        return json.dumps({"detail": [{"loc": ["body", text], "msg": text}]}).encode()
    return text.encode()


@st.composite
def replies(draw: st.DrawFn) -> Reply:
    body = draw(bodies())
    headers: dict[str, str] = {}
    if draw(st.booleans()):
        headers["Retry-After"] = draw(retry_after)
    if draw(st.booleans()):
        headers["X-Echo"] = draw(echoes)
    headers["Content-Type"] = draw(
        st.sampled_from(["application/json", "text/event-stream", "text/html; charset=x"])
    )
    if draw(st.integers(0, 4)) == 0:  # a length that lies: a truncated or padded body
        headers["Content-Length"] = str(len(body) + draw(st.integers(-5, 50)))
    reason = draw(st.one_of(st.just("Whatever"), echoes))
    raw = http_response(draw(statuses), body, headers, reason=reason)
    delivery = draw(st.sampled_from(["at-once"] * 5 + ["drip", "cut", "cut"]))
    if delivery == "drip":
        return Reply(raw, drip=0.02, chunk=draw(st.integers(1, 64)))
    if delivery == "cut":
        return Reply(raw, close_after=draw(st.integers(0, len(raw))))
    return Reply(raw)


FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(st.lists(replies(), min_size=1, max_size=3))
def test_fuzz_the_client_never_shows_a_key(answers: list[Reply]) -> None:
    with HostileServer() as server:
        server.replies.extend(answers)

        outcome, shown = run_client(server)

    assert leaked(shown, KEYS) == [], shown
    if isinstance(outcome, ServiceError):
        message = str(outcome)
        assert message and "\n" not in message and "Traceback" not in message


def _env() -> dict[str, str | None]:
    return {
        "SEQURITY_API_KEY": SEQ_KEY,
        "OPENROUTER_API_KEY": LLM_KEY,
        "SEQURITY_BASE_URL": None,
        "NO_COLOR": None,
        "COLUMNS": "120",
    }


@contextlib.contextmanager
def _command_built_once() -> Iterator[None]:
    """typer rebuilds the command on every invoke (0.3 s); the fuzz test builds it once."""
    command = typer.main.get_command(app)
    with mock.patch.object(typer.testing, "_get_command", lambda _: command):
        yield


def _draft_args(server: HostileServer, *extra: str) -> list[str]:
    tools = str(ROOT / "examples" / "tools" / "email.openai.json")
    return ["draft", "x", "--tools", tools, "--model", "m", "--base-url", server.url, *extra]


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(replies(), min_size=1, max_size=3))
def test_fuzz_sqrt_draft_never_shows_a_key(tmp_path: Path, answers: list[Reply]) -> None:
    target = tmp_path / "draft.sqrt"
    target.unlink(missing_ok=True)
    flags = ["--retries", "1", "--repair", "1", "--read-timeout", "0.2", "--deadline", "0.6"]
    with HostileServer() as server, captured_logs() as logs, _command_built_once():
        server.replies.extend(answers)

        result = CliRunner().invoke(
            app, _draft_args(server, *flags, "-v", "-o", str(target), "--force"), env=_env()
        )

    written = target.read_text(encoding="utf-8") if target.exists() else ""
    shown = "\n".join([result.stdout, result.stderr, written, *logs])
    assert leaked(shown, KEYS) == [], shown
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), result.stderr
    if result.exit_code == 2:
        last = result.stderr.splitlines()[-1]
        assert last.startswith("sqrt draft: ") and "internal error" not in last, last
