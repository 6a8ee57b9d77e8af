"""`sqrt tools`: the coverage report in text, JSON and Markdown, and its exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from sqrt_tools.cli.app import app

TOOLS = {
    "tools": [
        {
            "name": "send_email",
            "description": "Send an email.",
            "inputSchema": {
                "type": "object",
                "properties": {"to": {"type": "string"}, "body": {"type": "string"}},
            },
            "annotations": {"openWorldHint": True},
        },
        {
            "name": "send_sms",
            "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}},
        },
        {
            "name": "delete_file",
            "description": "Delete a file. <img src=x onerror=alert(1)> | [link](http://x)",
            "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}},
            "annotations": {"destructiveHint": True},
        },
    ]
}
POLICY = (
    'tool "send_email" {\n'
    '    must deny when body.tags overlaps {"secret"} or bdy.tags is universal;\n'
    "}\n"
    'tool r"^send_.*$" -> @tags |= {"sent"};\n'
    'tool "send_emial" { must deny always; }\n'
)
runner = CliRunner()


def tools(tmp_path: Path, *args: str) -> Any:
    (tmp_path / "agent.json").write_text(json.dumps(TOOLS, indent=2), encoding="utf-8")
    (tmp_path / "mail.sqrt").write_text(POLICY, encoding="utf-8")
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        return runner.invoke(app, ["tools", *args])
    finally:
        os.chdir(previous)


def test_the_json_report_says_what_applies_to_each_tool(tmp_path: Path) -> None:
    result = tools(tmp_path, "mail.sqrt", "--tools", "agent.json", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    by_name = {tool["name"]: tool for tool in report["tools"]}
    email = by_name["send_email"]
    assert [(p["line"], p["match"], p["check_rules"]) for p in email["policies"]] == [
        (1, "exact", 1),
        (4, "regex", 0),
    ]
    assert email["arguments_read"] == ["bdy", "body"]
    assert email["default_verdict"] == "default_allowed"
    assert [f["rule"] for f in email["findings"]] == ["unknown-argument"]
    assert email["line"] == 4
    sms = by_name["send_sms"]
    assert [p["tool_id"] for p in sms["policies"]] == ['r"^send_.*$"']
    assert sms["findings"] == []
    deleted = by_name["delete_file"]
    assert deleted["policies"] == []
    assert [f["rule"] for f in deleted["findings"]] == [
        "unconstrained-side-effect",
        "uncovered-tool",
    ]
    assert [f["rule"] for f in report["unmatched"]] == ["unknown-tool"]
    assert report["summary"] == {"tools": 3, "covered": 2, "uncovered": ["delete_file"]}


def test_the_text_report_and_fail_on_uncovered(tmp_path: Path) -> None:
    result = tools(tmp_path, "--tools", "agent.json", "--fail-on-uncovered")
    assert result.exit_code == 1
    assert "send_email [side effects]  (agent.json:4)" in result.stdout
    assert '  policy  mail.sqrt:1  tool "send_email" (exact, 1 check rule)' in result.stdout
    assert "  default allowed (default_allow)" in result.stdout
    assert "Policies for no defined tool:" in result.stdout
    assert result.stdout.rstrip().endswith("2 of 3 tools have a policy; no policy for delete_file.")
    assert tools(tmp_path, "--tools", "agent.json").exit_code == 0


def test_the_markdown_report_escapes_what_the_tool_files_say(tmp_path: Path) -> None:
    TOOLS["tools"][2]["name"] = "delete_file<script>"  # type: ignore[index]
    try:
        result = tools(tmp_path, "--tools", "agent.json", "--format", "markdown")
    finally:
        TOOLS["tools"][2]["name"] = "delete_file"  # type: ignore[index]
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "## Tool coverage"
    assert "| tool | policies | arguments read | default call | findings |" in lines
    row = next(line for line in lines if line.startswith("| delete"))
    assert "<script>" not in row and "delete\\_file\\<script\\>" in row
    assert row.count(" | ") == 4  # one cell per column, nothing broke out of the table


def test_without_tools_it_says_how_to_give_them(tmp_path: Path) -> None:
    (tmp_path / "mail.sqrt").write_text(POLICY, encoding="utf-8")
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(app, ["tools"])
    finally:
        os.chdir(previous)
    assert result.exit_code == 2
    assert result.stderr.startswith("sqrt tools: no tool definitions: pass --tools PATH")


def test_presets_decide_the_default_call(tmp_path: Path) -> None:
    result = tools(
        tmp_path,
        "--tools",
        "agent.json",
        "--format",
        "json",
        "--presets",
        '{"default_allow": false}',
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    verdicts = {tool["name"]: tool["default_verdict"] for tool in report["tools"]}
    assert verdicts == {
        "send_email": "default_denied",
        "send_sms": "default_denied",
        "delete_file": "default_denied",
    }
    # With default_allow off, an unchecked side-effecting tool is denied: no warning.
    deleted = next(tool for tool in report["tools"] if tool["name"] == "delete_file")
    assert [f["rule"] for f in deleted["findings"]] == ["uncovered-tool"]
