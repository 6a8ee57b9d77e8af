"""`sqrt eval` end to end: verdicts, explanations, JSON, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sqrt_tools.cli.app import app
from sqrt_tools.config import clear_cache

ROOT = Path(__file__).resolve().parents[2]
LEAK = "examples/email_data_leak.sqrt"
REFUND = "examples/refund_attempts.sqrt"
CONFIDENTIAL = json.dumps(
    {"body": {"value": "Q3 numbers", "meta": {"tags": ["confidential"]}}, "to": "eve@evil.example"}
)

runner = CliRunner()


def sqrt_eval(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, ["eval", *args], input=stdin, env={"COLUMNS": "100"})


@pytest.fixture(autouse=True)
def _repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_a_denied_call_says_which_rule_denied_it_and_why() -> None:
    result = sqrt_eval(LEAK, "--tool", "send_email", "--args", CONFIDENTIAL)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "send_email: hard_denied (denied)",
        "denied by `must deny when carries_confidential and not to.value in trusted_recipients` "
        "at examples/email_data_leak.sqrt:30 because body.tags = {confidential} overlaps "
        '{confidential} and to.value = "eve@evil.example" is not in '
        '{str like w"*@acme-corp.com", str like w"*@eu.acme-corp.com"}',
        "  /// A hard rule: no lower-priority policy can re-open this hole.",
        "session before the checks: tags {}, producers {}, consumers {*}",
    ]


def test_an_allowed_call_exits_zero() -> None:
    args = json.dumps({"body": "Lunch?", "to": "eve@evil.example"})
    result = sqrt_eval(LEAK, "--tool", "send_email", "--args", args)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "send_email: default_allowed (allowed)",
        "allowed by default: no rule fired and no allow rule makes `send_email` allow-listed "
        "(1 policy applies)",
    ]


def test_session_and_result_run_the_whole_call() -> None:
    session = json.dumps({"tags": ["attempt1", "attempt2", "attempt3"]})
    result = sqrt_eval(
        REFUND,
        "--tool",
        "issue_refund",
        "--args",
        '{"order_id": "A-17"}',
        "--session",
        session,
        "--result",
        '{"refund_id": "R-9"}',
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "issue_refund: hard_allowed (allowed)"
    assert lines[-2:] == [
        'result: {"refund_id": "R-9"}; tags {__non_executable}, producers {}, consumers {*}',
        "session after the call: tags {refund_issued}, producers {}, consumers {*}",
    ]


def test_a_denied_call_with_a_result_does_not_run() -> None:
    result = sqrt_eval(REFUND, "--tool", "issue_refund", "--result", "1")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "result: none (a denied call does not run)"


def test_default_deny() -> None:
    result = sqrt_eval(LEAK, "--tool", "unknown_tool", "--default-deny")
    assert result.exit_code == 2
    assert "denied by default (default_allow is off): no policy applies" in result.stdout
    assert sqrt_eval(LEAK, "--tool", "unknown_tool").exit_code == 0


def test_json_output() -> None:
    result = sqrt_eval(LEAK, "--tool", "send_email", "--args", CONFIDENTIAL, "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert (data["verdict"], data["allowed"], data["tool"]) == ("hard_denied", False, "send_email")
    (rule,) = data["deciding"]
    assert (rule["line"], rule["column"], rule["enforcement"], rule["outcome"]) == (
        30,
        5,
        "must",
        "deny",
    )
    assert rule["because"] == [
        "body.tags = {confidential} overlaps {confidential}",
        'to.value = "eve@evil.example" is not in {str like w"*@acme-corp.com", '
        'str like w"*@eu.acme-corp.com"}',
    ]
    assert data["args"]["body"]["meta"] == {
        "tags": ["confidential"],
        "producers": [],
        "consumers": ["*"],
    }
    assert data["result"] is None and data["session_after"] is None
    assert data["policies"][0]["tool_id"] == "send_email"


def test_json_options_can_be_read_from_files(tmp_path: Path) -> None:
    arguments = tmp_path / "args.json"
    arguments.write_text(CONFIDENTIAL)
    assert sqrt_eval(LEAK, "--tool", "send_email", "--args", f"@{arguments}").exit_code == 2


def test_the_policy_can_come_from_stdin() -> None:
    result = sqrt_eval("-", "--tool", "t", stdin='tool "t" { must deny always; }')
    assert result.exit_code == 2
    assert "at <stdin>:1 because it always applies" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nope.sqrt", "--tool", "t"],
            "sqrt eval: nope.sqrt: cannot read (No such file or directory)",
        ),
        (
            [LEAK, "--tool", "t", "--args", "{"],
            "sqrt eval: --args: invalid JSON at line 1, column 2",
        ),
        (
            [LEAK, "--tool", "t", "--args", "[]"],
            "sqrt eval: --args: expected an object of argument",
        ),
        ([LEAK, "--tool", "t", "--session", '{"tag": []}'], "sqrt eval: --session: unknown field"),
        ([LEAK, "--tool", "t", "--args", "@/nonexistent.json"], "sqrt eval: --args: cannot read"),
    ],
)
def test_bad_input_is_one_line_and_exit_one(args: list[str], message: str) -> None:
    result = sqrt_eval(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_policy_with_errors_lists_every_error_and_exits_one(tmp_path: Path) -> None:
    policy = tmp_path / "bad.sqrt"
    policy.write_text('tool "t" { must deny when x.value in {r"("}; must deny when y; }\n')
    result = sqrt_eval(str(policy), "--tool", "t")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'sqrt eval: {policy}:1:39: invalid regular expression r"(": missing ), '
        "unterminated subpattern at position 0",
        f"sqrt eval: {policy}:1:61: `y` is not defined: add `let y = ...;`",
    ]


@pytest.mark.parametrize(
    "args", [["--tool"], ["--tool", "t", "--bogus"], [], ["--tool", "t", "x", "y"]]
)
def test_usage_errors_exit_one_since_two_means_denied(args: list[str]) -> None:
    result = sqrt_eval(LEAK, *args) if args else sqrt_eval()
    assert result.exit_code == 1


def test_text_from_the_call_is_escaped_before_it_reaches_the_terminal() -> None:
    hostile = "\x1b]0;pwned\x07\x9b2J\u202e"
    args = json.dumps({"x": {"value": hostile, "meta": {"tags": [hostile]}}})
    policy = 'tool "t" { must deny when x.tags overlaps {"a"} or not x.value in {"b"}; }'
    result = sqrt_eval("-", "--tool", "t", "--args", args, stdin=policy)
    assert result.exit_code == 2
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in result.stdout
    assert 'x.value = "\\u001b]0;pwned\\u0007\\x9b2J\\u202e" is not in {b}' in result.stdout
    as_json = sqrt_eval("-", "--tool", "t", "--args", args, "--json", stdin=policy)
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in as_json.stdout
    assert json.loads(as_json.stdout)["args"]["x"]["value"] == hostile


def test_the_installed_command_uses_the_documented_exit_codes() -> None:
    base = [sys.executable, "-m", "sqrt_tools", "eval", LEAK, "--tool", "send_email"]
    denied = subprocess.run(
        [*base, "--args", CONFIDENTIAL], cwd=ROOT, capture_output=True, check=False
    )
    allowed = subprocess.run(base, cwd=ROOT, capture_output=True, check=False)
    broken = subprocess.run([*base, "--args", "{"], cwd=ROOT, capture_output=True, check=False)
    assert (allowed.returncode, denied.returncode, broken.returncode) == (0, 2, 1)


# --- presets ---------------------------------------------------------------------------

# Our own sample: support tickets hold card data, so their text is tagged __llm_blocked.
TICKETS = 'tool "fetch_ticket" -> @tags |= {"__llm_blocked"};\n'
BLOCKED_QUERY = json.dumps(
    {
        "query": {
            "value": "Ticket T-88: customer says card ending 4417 was declined",
            "meta": {"tags": ["__llm_blocked", "__non_executable"]},
        },
        "output_schema": '{"type": "object", "properties": {"card_last4": {"type": "string"}}}',
    }
)


def parse_with_ai(*options: str) -> Any:
    return sqrt_eval(
        "-", "--tool", "parse_with_ai", "--args", BLOCKED_QUERY, *options, stdin=TICKETS
    )


def test_the_llm_blocked_preset_denies_parse_with_ai_by_default() -> None:
    result = parse_with_ai()

    assert result.exit_code == 2
    assert result.stdout.splitlines()[:2] == [
        "parse_with_ai: hard_denied (denied)",
        "denied by the llm-blocked preset: argument `query` carries `__llm_blocked`",
    ]


def test_presets_turn_the_llm_blocked_preset_off() -> None:
    result = parse_with_ai("--presets", '{"enable_llm_blocked_tag": false}')

    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "parse_with_ai: default_allowed (allowed)"


def test_a_soft_llm_blocked_preset_yields_to_a_rule_that_allows(tmp_path: Path) -> None:
    policy = TICKETS + 'tool "parse_with_ai" { should allow when query.producers is empty; }\n'
    presets = tmp_path / "presets.json"
    presets.write_text('{"llm_blocked_tag_enforcement_level": "soft"}', encoding="utf-8")

    result = sqrt_eval(
        "-",
        "--tool",
        "parse_with_ai",
        "--args",
        BLOCKED_QUERY,
        "--presets",
        f"@{presets}",
        stdin=policy,
    )

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "parse_with_ai: soft_allowed (allowed)"
    assert (
        "the soft llm-blocked preset fired and a rule overrode it: argument `query` carries "
        "`__llm_blocked`" in lines
    )


def test_the_json_output_says_which_presets_decided(tmp_path: Path) -> None:
    result = parse_with_ai("--json", "--presets", '{"llm_blocked_tag_enforcement_level": "soft"}')

    data = json.loads(result.stdout)
    assert data["verdict"] == "soft_denied" and data["deciding"] == []
    assert data["llm_blocked"] == {"arguments": ["query"], "level": "soft", "decided": True}
    assert data["presets"]["llm_blocked_tag_enforcement_level"] == "soft"
    assert data["presets"]["enable_non_executable_memory"] is True


def test_the_project_configuration_sets_presets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.sqrt.presets]\nenable_llm_blocked_tag = false\n", encoding="utf-8"
    )
    (tmp_path / "tickets.sqrt").write_text(TICKETS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    clear_cache()
    args = ("tickets.sqrt", "--tool", "parse_with_ai", "--args", BLOCKED_QUERY)

    assert sqrt_eval(*args).exit_code == 0
    # The command line overrides the project.
    assert sqrt_eval(*args, "--presets", '{"enable_llm_blocked_tag": true}').exit_code == 2

    (tmp_path / "pyproject.toml").write_text(
        "[tool.sqrt.presets]\nenable_llm_blocked = false\n", encoding="utf-8"
    )
    clear_cache()  # configurations are found once per process
    result = sqrt_eval(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"sqrt eval: {tmp_path / 'pyproject.toml'}: [presets]: unknown preset "
        "`enable_llm_blocked` (did you mean `enable_llm_blocked_tag`?)\n"
    )


def test_single_llm_leaves_results_without_the_non_executable_tag() -> None:
    args = ("-", "--tool", "fetch_ticket", "--result", '"T-88: refund request"')

    dual = sqrt_eval(*args, stdin=TICKETS)
    single = sqrt_eval(*args, "--single-llm", stdin=TICKETS)

    assert 'result: "T-88: refund request"; tags {__llm_blocked, __non_executable}' in dual.stdout
    assert 'result: "T-88: refund request"; tags {__llm_blocked}, producers' in single.stdout


@pytest.mark.parametrize(
    ("presets", "message"),
    [
        ('{"enable_llm_blocked_tag": "off"}', "`enable_llm_blocked_tag`: expected true or false"),
        ("[]", "expected a JSON object of preset names and values"),
        ('{"default_allow": true', "invalid JSON at line 1, column 23"),
    ],
)
def test_bad_presets_are_one_line_and_exit_one(presets: str, message: str) -> None:
    result = parse_with_ai("--presets", presets)

    assert result.exit_code == 1
    assert result.stderr.startswith(f"sqrt eval: --presets: {message}")
    assert result.stderr.count("\n") == 1
