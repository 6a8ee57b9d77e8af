"""`sqrt draft` never shows a key, whatever a server echoes and wherever a message is cut.

Issue 18, item 1: messages were cut to length before the key was redacted, so a key
that straddled the cut lost its tail, no longer matched, and was printed. Here every
failure path of the command gets the two keys (the Sequrity key and the provider key)
in the text it quotes, with the cut swept across every character of both; no piece of
8 characters of either may reach standard output, standard error, a log record or the
saved file.
"""

from __future__ import annotations

import functools
import json
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sqrt_tools.cli.app import app
from sqrt_tools.service.client import DETAIL_LIMIT, EXCERPT_LIMIT
from tests.cli.test_draft import BROKEN, ROUTE, answer, draft, environment
from tests.service.leaks import leaked

SEQ_KEY = "sk-FAKE-SECRET-7f3a9c1e5b2d4f6a8c0e"  # the issue's key
LLM_KEY = "sk-or-v1-FAKE-LLM-2b9e4d71c0a5"
BOTH = LLM_KEY + SEQ_KEY  # the cut sweeps across this: every character of both keys
DETAIL_CUT = DETAIL_LIMIT - len("...")
EXCERPT_CUT = EXCERPT_LIMIT - len("...")


def _shown_pieces(*texts: str) -> list[str]:
    return leaked("\n".join(texts), [SEQ_KEY, LLM_KEY])


# --- the issue's reproduction ------------------------------------------------------------------


def test_issue_18_reproduction(httpserver: HTTPServer) -> None:
    # Exactly as filed. With this code's cut (297 characters of `detail`), the key ends
    # one character before the cut and was redacted whole even before the fix.
    httpserver.expect_request(ROUTE).respond_with_json(
        {"detail": "q" * 260 + " " + SEQ_KEY + " trailing"}, status=400
    )

    result = draft(httpserver, env=environment(SEQURITY_API_KEY=SEQ_KEY))

    assert result.exit_code == 2
    assert _shown_pieces(result.stdout, result.stderr) == []


def test_issue_18_reproduction_with_the_key_across_the_cut(httpserver: HTTPServer) -> None:
    # Two more characters of padding put the cut inside the key: before the fix stderr
    # ended "qq sk-FAKE-SECRET-7f3a9c1e5b2d4f6a8c0...", the output the issue quotes.
    httpserver.expect_request(ROUTE).respond_with_json(
        {"detail": "q" * 262 + " " + SEQ_KEY + " trailing"}, status=400
    )

    result = draft(httpserver, env=environment(SEQURITY_API_KEY=SEQ_KEY))

    assert result.exit_code == 2
    assert _shown_pieces(result.stdout, result.stderr) == []
    assert result.stderr.endswith("qq [redacted] trailing\n")  # redacted, then cut: it fits


# --- the sweep ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FailurePath:
    """A failure path: how to make it quote `text`, where its cut falls in `text`."""

    setup: Callable[[HTTPServer, Path, str], list[str]]
    exit_code: int
    message: str
    cut: int | None  # None: the path quotes the text whole


def _status(
    status: int, body: Callable[[str], Any]
) -> Callable[[HTTPServer, Path, str], list[str]]:
    def setup(server: HTTPServer, _: Path, text: str) -> list[str]:
        server.expect_request(ROUTE).respond_with_json(body(text), status=status)
        return []

    return setup


def _not_json(server: HTTPServer, _: Path, text: str) -> list[str]:
    server.expect_request(ROUTE).respond_with_data(text, content_type="text/plain")
    return []


def _timeout(server: HTTPServer, _: Path, text: str) -> list[str]:
    def slow(_: Request) -> Response:
        def body() -> Any:
            yield text.encode()
            time.sleep(0.3)
            yield b"}"

        return Response(body(), content_type="application/json")

    server.expect_request(ROUTE).respond_with_handler(slow)
    return ["--read-timeout", "0.1"]


def _refused(_: HTTPServer, __: Path, text: str) -> list[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return ["--base-url", f"http://127.0.0.1:{port}/{text}"]


def _repair_fails(server: HTTPServer, _: Path, text: str) -> list[str]:
    server.expect_ordered_request(ROUTE).respond_with_json(answer(BROKEN))
    server.expect_ordered_request(ROUTE).respond_with_json({"detail": text}, status=500)
    return []


def _key_in_policy(server: HTTPServer, tmp_path: Path, text: str) -> list[str]:
    server.expect_request(ROUTE).respond_with_json(answer(f"// {text}\n{BROKEN}"))
    return ["--output", str(tmp_path / "draft.sqrt"), "--force"]


def _bad_tools(_: HTTPServer, tmp_path: Path, text: str) -> list[str]:
    return ["--tools", str(tmp_path / "tools" / f"{text}.json")]


_LOC = "header.authorization: "
PATHS: dict[str, FailurePath] = {
    "401": FailurePath(
        _status(401, lambda t: {"detail": t}), 2, "API key was rejected", DETAIL_CUT
    ),
    "403": FailurePath(
        _status(403, lambda t: {"message": t}), 2, "access denied (HTTP 403", DETAIL_CUT
    ),
    "422": FailurePath(
        _status(422, lambda t: {"detail": [{"loc": ["header", "authorization"], "msg": t}]}),
        2,
        "the service rejected the request (HTTP 422): header.authorization:",
        DETAIL_CUT - len(_LOC),
    ),
    "429": FailurePath(_status(429, lambda t: {"detail": t}), 2, "rate limited", DETAIL_CUT),
    "503": FailurePath(
        _status(503, lambda t: {"error": t}), 2, "the service failed (HTTP 503", DETAIL_CUT
    ),
    "timeout": FailurePath(_timeout, 2, "no answer from", None),
    "refused": FailurePath(_refused, 2, "cannot connect to http://127.0.0.1:", None),
    "not-json": FailurePath(_not_json, 2, "with a body that is not JSON", EXCERPT_CUT),
    "no-policies": FailurePath(
        _status(200, lambda t: {t: 1}), 2, "has no `policies` text (found:", DETAIL_CUT
    ),
    "repair-fails": FailurePath(_repair_fails, 2, "the repair request failed", DETAIL_CUT),
    "key-in-policy": FailurePath(_key_in_policy, 1, "Saved to", None),
    "bad-tools": FailurePath(_bad_tools, 2, "no such file", None),
}


@functools.cache
def _command() -> Any:
    return typer.main.get_command(app)  # built once: typer rebuilds it on every invoke


@pytest.fixture
def fast_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typer.testing, "_get_command", lambda _: _command())


@pytest.mark.usefixtures("fast_runner")
@pytest.mark.parametrize("name", list(PATHS))
def test_no_piece_of_a_key_on_any_path_at_any_cut(
    httpserver: HTTPServer, tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    path = PATHS[name]
    caplog.set_level(logging.DEBUG)
    env = environment(SEQURITY_API_KEY=SEQ_KEY, OPENROUTER_API_KEY=LLM_KEY)
    cut = DETAIL_CUT if path.cut is None else path.cut
    # Where the path cuts, the cut falls on every character of both keys in turn; where
    # it quotes whole, the keys still move through a few positions.
    step = 1 if path.cut is not None else 6
    for offset in range(0, len(BOTH) + 1, step):
        httpserver.clear()
        caplog.clear()
        text = "q" * (cut - offset) + BOTH + " trailing"
        extra = path.setup(httpserver, tmp_path, text)

        result = draft(httpserver, "--retries", "0", "--repair", "1", "--verbose", *extra, env=env)

        saved = tmp_path / "draft.sqrt"
        written = saved.read_text(encoding="utf-8") if saved.exists() else ""
        context = f"{name} at offset {offset}: {result.stderr[-400:]}"
        assert _shown_pieces(result.stdout, result.stderr, caplog.text, written) == [], context
        assert "Traceback" not in result.stdout + result.stderr, context
        assert result.exit_code == path.exit_code, context
        last = result.stderr.splitlines()[-1]
        assert path.message in last, context
        if path.exit_code == 2:
            assert last.startswith("sqrt draft: "), context


def test_keys_given_as_options_are_redacted_too(httpserver: HTTPServer) -> None:
    httpserver.expect_request(ROUTE).respond_with_json(
        {"detail": "q" * (DETAIL_CUT - 20) + BOTH}, status=401
    )
    env = environment(SEQURITY_API_KEY=None, OPENROUTER_API_KEY=None)

    result = draft(httpserver, "--api-key", SEQ_KEY, "--llm-api-key", LLM_KEY, env=env)

    assert result.exit_code == 2
    assert _shown_pieces(result.stdout, result.stderr) == []


def test_an_echoed_key_in_a_policy_is_not_saved_or_sent_back(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    echoed = f"// {SEQ_KEY.upper()} {json.dumps(LLM_KEY)}\n"
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(echoed + BROKEN))
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(echoed + BROKEN))
    target = tmp_path / "p.sqrt"
    env = environment(SEQURITY_API_KEY=SEQ_KEY, OPENROUTER_API_KEY=LLM_KEY)

    result = draft(httpserver, "--repair", "1", "-o", str(target), "--force", env=env)

    assert result.exit_code == 1
    repair_request = json.loads(httpserver.log[1][0].data)["description"]
    assert _shown_pieces(repair_request) == []
    assert _shown_pieces(target.read_text(encoding="utf-8"), result.stdout, result.stderr) == []
    assert target.read_text(encoding="utf-8").startswith('// [redacted] "[redacted]"\n')
