"""`sqrt draft` end to end against a real HTTP server on loopback.

Covers the output streams, exit codes, the repair loop, --output/--force, option
checking, and, for every failure path, that no key reaches stdout or stderr.
"""

from __future__ import annotations

import json
import os
import pty
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from sqrt_tools.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
TOOLS = str(ROOT / "examples" / "tools" / "email.openai.json")
ROUTE = "/control/policy-gen/v1/generate"
KEY = "sk-seq-CLI-8e1f-SECRET-a71c"
LLM_KEY = "sk-or-v1-CLI-SECRET-5d02b9"
CLEAN = (
    'let company = {str like w"*@acme-corp.com"};\n\n'
    'tool "send_email" {\n    must deny when not to.value in company;\n}\n'
)
BROKEN = (
    'tool "send_email" {\n    must deny when not to.value in {str like w"*@acme-corp.com"}\n}\n'
)
KEY_VARIABLES = ("SEQURITY_API_KEY", "OPENROUTER_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY")

runner = CliRunner()


def environment(**values: str | None) -> dict[str, str | None]:
    env: dict[str, str | None] = dict.fromkeys((*KEY_VARIABLES, "SEQURITY_BASE_URL", "NO_COLOR"))
    env.update({"SEQURITY_API_KEY": KEY, "OPENROUTER_API_KEY": LLM_KEY, "COLUMNS": "120"})
    env.update(values)
    return env


def draft(
    httpserver: HTTPServer | None,
    *args: str,
    env: dict[str, str | None] | None = None,
    stdin: str | None = None,
) -> Any:
    base = ["--base-url", httpserver.url_for("").rstrip("/")] if httpserver is not None else []
    command = ["draft", "Only email the company.", "--tools", TOOLS, "--model", "openai/gpt-5-mini"]
    return runner.invoke(app, [*command, *base, *args], env=env or environment(), input=stdin)


def answer(policy: str, **usage: int) -> dict[str, Any]:
    return {"policies": policy, "usage": usage or {"prompt_tokens": 900, "completion_tokens": 60}}


def one_line_error(result: Any) -> str:
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sqrt draft: ")
    return str(lines[0].removeprefix("sqrt draft: "))


# --- a draft, shown and checked ------------------------------------------------------------


def test_clean_draft_goes_to_stdout_and_exits_0(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(ROUTE, method="POST").respond_with_json(answer(CLEAN))

    result = draft(httpserver)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == CLEAN
    assert result.stderr.splitlines() == [
        "The draft passed every check. (draft: clean)",
        "Token usage: prompt_tokens 900, completion_tokens 60 (1 request)",
    ]


def test_broken_draft_is_repaired_with_its_diagnostics(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(BROKEN, total_tokens=500))
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(CLEAN, total_tokens=700))

    result = draft(httpserver)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == CLEAN
    assert "The draft passed every check. (draft: 1 error; repair 1: clean)" in result.stderr
    assert "Token usage: total_tokens 1,200 (2 requests)" in result.stderr
    repair = json.loads(httpserver.log[1][0].data)["description"]
    assert repair.startswith("Only email the company.\n\nA previous draft")
    assert "- line 2, column 65: expected `;`" in repair


def test_draft_that_stays_broken_is_shown_with_diagnostics_and_exits_1(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request(ROUTE).respond_with_json(answer(BROKEN))

    result = draft(httpserver)

    assert result.exit_code == 1
    assert result.stdout == BROKEN
    assert "draft.sqrt:2:65: SQ000 [syntax-error] expected `;`" in result.stderr
    assert "2 |     must deny when not to.value in" in result.stderr
    assert (
        "The draft has errors: review them before use. "
        "(draft: 1 error; repair 1: 1 error; repair 2: 1 error)" in result.stderr
    )
    assert len(httpserver.log) == 3


@pytest.mark.parametrize(("flags", "requests"), [(["--no-repair"], 1), (["--repair", "1"], 2)])
def test_repair_rounds_are_configurable(
    httpserver: HTTPServer, flags: list[str], requests: int
) -> None:
    httpserver.expect_request(ROUTE).respond_with_json(answer(BROKEN))

    result = draft(httpserver, *flags)

    assert result.exit_code == 1
    assert len(httpserver.log) == requests


def test_output_saves_a_clean_draft(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(ROUTE).respond_with_json(answer(CLEAN))
    target = tmp_path / "policy.sqrt"

    result = draft(httpserver, "-o", str(target))

    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == CLEAN
    assert f"Saved to {target}." in result.stderr


def test_output_refuses_a_draft_with_errors_unless_forced(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(ROUTE).respond_with_json(answer(BROKEN))
    target = tmp_path / "policy.sqrt"

    refused = draft(httpserver, "-o", str(target), "--no-repair")
    forced = draft(httpserver, "-o", str(target), "--no-repair", "--force")

    assert refused.exit_code == 1
    assert (
        f"Not saved to {target}: the draft has 1 error; pass --force to save it anyway."
        in refused.stderr
    )
    assert forced.exit_code == 1
    assert target.read_text(encoding="utf-8") == BROKEN


def test_output_will_not_overwrite_a_file_without_force(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    target = tmp_path / "policy.sqrt"
    target.write_text("// my edits\n", encoding="utf-8")

    result = draft(httpserver, "-o", str(target))

    assert result.exit_code == 2
    assert one_line_error(result) == f"{target}: already exists; pass --force to overwrite it"
    assert target.read_text(encoding="utf-8") == "// my edits\n"
    assert httpserver.log == []


def test_provider_picks_route_key_variable_and_tool_shape(httpserver: HTTPServer) -> None:
    route = "/control/policy-gen/anthropic/v1/generate"
    httpserver.expect_request(route).respond_with_json(answer(CLEAN))

    result = draft(
        httpserver, "--provider", "anthropic", env=environment(ANTHROPIC_API_KEY="sk-ant-xyz-123")
    )

    assert result.exit_code == 0, result.stderr
    sent = httpserver.log[0][0]
    assert sent.headers["X-Api-Key"] == "sk-ant-xyz-123"
    body = json.loads(sent.data)
    assert body["type"] == "anthropic_messages"
    assert [tool["name"] for tool in body["tools"]] == ["read_drive_document", "send_email"]
    assert all("input_schema" in tool for tool in body["tools"])


def test_options_reach_the_request_body(httpserver: HTTPServer) -> None:
    httpserver.expect_request(ROUTE).respond_with_json(answer(CLEAN))

    draft(httpserver, "--service-retries", "0", "--internal-tool", "parse_with_ai")

    body = json.loads(httpserver.log[0][0].data)
    assert (body["n_retries"], body["internal_tool_names"]) == (0, ["parse_with_ai"])
    assert body["model"] == "openai/gpt-5-mini"


def test_description_from_stdin(httpserver: HTTPServer) -> None:
    httpserver.expect_request(ROUTE).respond_with_json(answer(CLEAN))
    command = ["draft", "-", "--tools", TOOLS, "--model", "m"]
    base = ["--base-url", httpserver.url_for("").rstrip("/")]

    result = runner.invoke(app, [*command, *base], env=environment(), input="Deny all email.\n")

    assert result.exit_code == 0
    assert json.loads(httpserver.log[0][0].data)["description"] == "Deny all email."


def test_policy_text_is_escaped_and_highlighted_only_on_request(httpserver: HTTPServer) -> None:
    hostile = '// \x1b[2J\x1b]0;pwned\x07 [bold]x[/bold]\ntool "a" { should allow always; }\n'
    httpserver.expect_request(ROUTE).respond_with_json(answer(hostile))

    plain = draft(httpserver, "--color", "never")
    coloured = draft(httpserver, "--color", "always")

    assert "\x1b" not in plain.stdout and "\x07" not in plain.stdout
    assert plain.stdout.startswith("// \\x1b[2J\\x1b]0;pwned\\x07 [bold]x[/bold]\n")
    assert "\x1b[" in coloured.stdout  # colours, made by us
    assert "\\x1b[2J" in coloured.stdout  # the policy's own escape, still shown, not obeyed


# --- usage errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--internal-tool", "rm_rf"], "unknown internal tool 'rm_rf' (choose from parse_with_ai"),
        (
            ["--provider", "anthropic", "--request-type", "oai_chat_completion"],
            "request type oai_chat_completion does not go with provider anthropic",
        ),
        (["--color", "pink"], "--color must be auto, always or never, not 'pink'"),
        (["--tools", "/nonexistent/tools.json"], "/nonexistent/tools.json: no such file"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    httpserver: HTTPServer, args: list[str], message: str
) -> None:
    result = draft(httpserver, *args)

    assert result.exit_code == 2
    assert one_line_error(result).startswith(message)
    assert httpserver.log == []


def test_empty_description_is_refused(httpserver: HTTPServer) -> None:
    result = runner.invoke(
        app, ["draft", "  ", "--tools", TOOLS, "--model", "m"], env=environment()
    )

    assert result.exit_code == 2
    assert one_line_error(result).startswith("the description is empty")


def test_missing_sequrity_key(httpserver: HTTPServer) -> None:
    result = draft(httpserver, env=environment(SEQURITY_API_KEY=None))

    assert result.exit_code == 2
    assert one_line_error(result) == ("no Sequrity API key: set SEQURITY_API_KEY or pass --api-key")


# --- failure paths: a clear line, exit 2, and never a key --------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _echo_headers(request: Request) -> Response:
    return Response(f"<pre>{dict(request.headers)}</pre>", status=200, content_type="text/html")


def _slow(_: Request) -> Response:
    time.sleep(0.3)
    return Response("{}", content_type="application/json")


Setup = Callable[[HTTPServer], list[str]]


def _status(code: int, body: dict[str, Any]) -> Setup:
    def setup(server: HTTPServer) -> list[str]:
        server.expect_request(ROUTE).respond_with_json(body, status=code)
        return []

    return setup


def _handler(handler: Callable[[Request], Response], *args: str) -> Setup:
    def setup(server: HTTPServer) -> list[str]:
        server.expect_request(ROUTE).respond_with_handler(handler)
        return list(args)

    return setup


def _refused(server: HTTPServer) -> list[str]:
    return ["--base-url", f"http://127.0.0.1:{_closed_port()}"]


def _repair_fails(server: HTTPServer) -> list[str]:
    server.expect_ordered_request(ROUTE).respond_with_json(answer(BROKEN))
    server.expect_ordered_request(ROUTE).respond_with_json({"detail": f"bad key {KEY}"}, status=500)
    return []


def _key_in_policy(server: HTTPServer) -> list[str]:
    server.expect_request(ROUTE).respond_with_json(answer(f"// {KEY} {LLM_KEY}\n" + BROKEN))
    return []


def _bad_tools(server: HTTPServer) -> list[str]:
    return ["--tools", str(ROOT / "examples" / "results" / "document.json")]


FAILURES: dict[str, tuple[Setup, int, str]] = {
    "401": (
        _status(401, {"detail": f"Invalid key {KEY}"}),
        2,
        "the Sequrity API key was rejected (HTTP 401",
    ),
    "403": (_status(403, {"detail": f"X-Api-Key: {LLM_KEY} denied"}), 2, "access denied (HTTP 403"),
    "422": (
        _status(422, {"detail": [{"loc": ["header", "authorization"], "msg": f"Bearer {KEY}"}]}),
        2,
        "the service rejected the request (HTTP 422): header.authorization: Bearer [redacted]",
    ),
    "429": (_status(429, {"detail": "slow down"}), 2, "rate limited by the service (HTTP 429"),
    "503": (
        _status(503, {"message": f"upstream said {LLM_KEY}"}),
        2,
        "the service failed (HTTP 503",
    ),
    "timeout": (_handler(_slow, "--read-timeout", "0.05"), 2, "no answer from"),
    "refused": (_refused, 2, "cannot connect to http://127.0.0.1:"),
    "not-json": (
        _handler(_echo_headers),
        2,
        "the service answered HTTP 200 with a body that is not JSON",
    ),
    "no-policies": (_status(200, {"error": f"{KEY}"}), 2, "the service's answer (HTTP 200) has no"),
    "repair-fails": (_repair_fails, 2, "the repair request failed: the service failed (HTTP 500"),
    "key-in-policy": (_key_in_policy, 1, ""),
    "bad-tools": (_bad_tools, 2, "document.json: $: expected a list of tools"),
}


@pytest.mark.parametrize(
    ("keys_from", "verbose"),
    [("options", True), ("environment", False)],
    ids=["option-keys-verbose", "environment-keys"],
)
@pytest.mark.parametrize("name", list(FAILURES))
def test_no_failure_path_shows_a_key(
    httpserver: HTTPServer, name: str, verbose: bool, keys_from: str
) -> None:
    setup, exit_code, message = FAILURES[name]
    extra = setup(httpserver)
    if keys_from == "options":
        env = environment(SEQURITY_API_KEY=None, OPENROUTER_API_KEY=None)
        extra += ["--api-key", KEY, "--llm-api-key", LLM_KEY]
    else:
        env = environment()
    flags = ["--retries", "0", "--repair", "1", *(["--verbose"] if verbose else [])]

    result = draft(httpserver, *flags, *extra, env=env)

    shown = result.stdout + result.stderr
    assert KEY not in shown and LLM_KEY not in shown
    assert "Traceback" not in shown
    assert result.exit_code == exit_code, shown
    last_line = result.stderr.splitlines()[-1]
    if message:  # the failure is the last line, whatever --verbose traced before it
        assert last_line.startswith("sqrt draft: ")
        assert message in last_line
    if verbose and name not in ("bad-tools",):
        assert "Authorization: Bearer [redacted]" in result.stderr


def test_an_unexpected_crash_is_one_redacted_line(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqrt_tools.service import drafting

    def explode(*_: object, **__: object) -> None:
        raise RuntimeError(f"boom with {KEY} and {LLM_KEY}")

    monkeypatch.setattr(drafting, "draft_policy", explode)

    result = draft(httpserver)

    assert result.exit_code == 70  # an internal error: never a code that means an outcome
    assert one_line_error(result) == (
        "internal error: RuntimeError: boom with [redacted] and [redacted]"
    )


def test_the_installed_command_keeps_keys_out_of_its_streams(httpserver: HTTPServer) -> None:
    httpserver.expect_request(ROUTE).respond_with_json({"detail": f"bad {KEY}"}, status=401)
    env = {key: value for key, value in os.environ.items() if key not in KEY_VARIABLES} | {
        "SEQURITY_API_KEY": KEY,
        "OPENROUTER_API_KEY": LLM_KEY,
    }
    command = [sys.executable, "-m", "sqrt_tools", "draft", "x", "--tools", TOOLS, "-m", "m"]

    completed = subprocess.run(
        [*command, "--base-url", httpserver.url_for("").rstrip("/"), "--verbose"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 2
    assert KEY not in completed.stdout + completed.stderr
    assert LLM_KEY not in completed.stdout + completed.stderr
    assert completed.stderr.endswith(
        "sqrt draft: the Sequrity API key was rejected (HTTP 401: bad [redacted]); "
        "check SEQURITY_API_KEY or --api-key\n"
    )


def test_the_command_line_starts_without_loading_the_http_client() -> None:
    code = (
        "import sys, sqrt_tools.cli.app; "
        "print(sorted({'httpx', 'asyncio', 'yaml'} & set(sys.modules)))"
    )

    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )

    assert completed.stdout.strip() == "[]"


def test_a_spinner_shows_on_a_terminal_while_waiting(httpserver: HTTPServer) -> None:
    def slow(_: Request) -> Response:
        time.sleep(0.4)
        return Response(json.dumps(answer(CLEAN)), content_type="application/json")

    httpserver.expect_request(ROUTE).respond_with_handler(slow)
    parent, child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in KEY_VARIABLES} | {
        "SEQURITY_API_KEY": KEY,
        "COLUMNS": "100",
    }
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-m", "sqrt_tools", "draft", "x", "--tools", TOOLS, "-m", "gpt-x"]
    try:
        completed = subprocess.run(
            [*command, "--base-url", httpserver.url_for("").rstrip("/")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=child,
            timeout=60,
            check=False,
        )
        os.close(child)
        terminal = _read_all(parent)
    finally:
        os.close(parent)

    assert completed.returncode == 0
    assert completed.stdout.decode() == CLEAN  # a pipe: the policy, plain
    assert "Drafting with gpt-x..." in terminal
    assert "The draft passed every check." in terminal
    assert KEY not in terminal


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")
