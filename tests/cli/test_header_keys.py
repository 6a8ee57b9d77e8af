"""`sqrt header` never prints a key's value (issue 18, item 1: every path of the client)."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from sqrt_tools.cli.app import app
from tests.service.leaks import leaked

KEY = "sk-seq-HEADER-0b7e3f9a5c21"
LLM_KEY = "sk-or-v1-HEADER-LLM-8d4c2a"
POLICY = 'tool "send_email" {\n    must deny when body.tags overlaps {"secret"};\n}\n'


def header(*args: str, stdin: str = POLICY) -> Result:
    env = {"SEQURITY_API_KEY": KEY, "OPENROUTER_API_KEY": LLM_KEY, "SEQURITY_BASE_URL": None}
    return CliRunner().invoke(app, ["header", *args], input=stdin, env=env)


def test_a_key_written_into_the_policy_or_the_message_is_not_printed() -> None:
    policy = f"// {KEY.upper()}\n{POLICY}"

    result = header("-", "--curl", "--message", f"use {LLM_KEY}", stdin=policy)

    assert result.exit_code == 0
    out, err = result.stdout, result.stderr
    assert leaked(out + err, [KEY, LLM_KEY]) == []
    assert '-H "Authorization: Bearer $SEQURITY_API_KEY"' in out  # references stay
    assert "// [redacted]" in out and "use [redacted]" in out
    assert err == (
        "sqrt header: warning: the output held a piece of an API key (from the policy or "
        "an option); it is replaced by [redacted]\n"
    )


def test_a_base_url_with_a_password_is_refused_without_showing_it() -> None:
    result = header("-", "--curl", "--base-url", f"https://me:{KEY}@api.example.com")

    assert result.exit_code == 2
    err = result.stderr
    assert leaked(err, [KEY, LLM_KEY]) == []
    assert err.startswith("sqrt header: invalid base URL ")
    assert "no user name or password in it" in err


def test_plain_http_to_another_machine_is_refused_for_the_curl_line() -> None:
    result = header("-", "--curl", "--base-url", "http://api.example.com")

    assert result.exit_code == 2
    assert "refusing to send API keys over plain http to api.example.com" in result.stderr
