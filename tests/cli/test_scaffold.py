"""`sqrt scaffold`: a skeleton per tool file that parses, lints clean and is formatted."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sqrt_tools.cli.app import app
from sqrt_tools.format import FormatOptions, format_source
from sqrt_tools.lint import RULES, LintSettings, lint_source
from sqrt_tools.service.policy_check import check_policy
from sqrt_tools.syntax import ast, parse
from sqrt_tools.tools.catalog import load_catalog
from sqrt_tools.tools.definitions import load_tools

ROOT = Path(__file__).resolve().parents[2]
# Every file of the folder but its README, so a new example (.json, .yaml or .yml) is tested.
TOOL_FILES = sorted(
    path for path in (ROOT / "examples" / "tools").glob("*") if path.suffix != ".md"
)

runner = CliRunner()


def scaffold(*args: str) -> Any:
    return runner.invoke(app, ["scaffold", *args])


def write_tools(tmp_path: Path, tools: Any, name: str = "tools.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(tools), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("tools_file", TOOL_FILES, ids=lambda path: path.name)
def test_skeleton_of_each_example_is_lint_clean_formatted_and_complete(tools_file: Path) -> None:
    result = scaffold("--tools", str(tools_file))

    assert result.exit_code == 0, result.stderr
    skeleton = result.stdout
    assert check_policy(skeleton) == ()
    assert format_source(skeleton) == skeleton
    definitions = load_tools(tools_file)
    policies = [d for d in parse(skeleton).program.declarations if isinstance(d, ast.ToolPolicy)]
    assert [policy.tool_id.value for policy in policies] == [tool.name for tool in definitions]
    for policy, tool in zip(policies, definitions, strict=True):
        (rule,) = policy.members
        assert isinstance(rule, ast.CheckRule)
        assert (rule.enforcement, rule.outcome) == ("should", "allow")
        for parameter in tool.parameters:
            state = "required" if parameter.required else "optional"
            line = rf"^    //   {re.escape(parameter.name)} +[^\n]*, {state}( - |$)"
            assert re.search(line, skeleton, re.M), parameter.name


@pytest.mark.parametrize("tools_file", TOOL_FILES, ids=lambda path: path.name)
def test_skeleton_is_clean_under_every_tool_rule(tools_file: Path) -> None:
    """What `sqrt scaffold` writes for an agent passes the checks against that agent's
    own tools, the off-by-default coverage rules included."""
    result = scaffold("--tools", str(tools_file))
    assert result.exit_code == 0, result.stderr
    catalog = load_catalog([str(tools_file)])
    assert catalog.errors == ()
    tool_rules = frozenset(rule.code for rule in RULES if str(rule.category) == "tools")
    settings = LintSettings(enabled=tool_rules, tools=catalog)
    findings = lint_source(result.stdout, settings).diagnostics
    assert [f"{d.code} {d.message}" for d in findings] == []


def test_parameters_are_listed_with_type_and_requirement(tmp_path: Path) -> None:
    tools = [
        {
            "name": "send_email",
            "description": "Send an email.\n\nUse with care.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "to": {"type": "string", "format": "email", "description": "Recipient."},
                    "cc": {"type": "array", "items": {"type": "string"}},
                    "priority": {"enum": ["low", "high"]},
                    "first-name": {"type": ["string", "null"]},
                },
                "required": ["to"],
            },
        },
        {"name": "ping", "inputSchema": {"type": "object"}},
    ]

    result = scaffold("--tools", write_tools(tmp_path, tools))

    assert result.exit_code == 0
    out = result.stdout
    assert '/// Send an email.\n///\n/// Use with care.\ntool "send_email" {\n' in out
    assert "    //   to          string (email), required - Recipient.\n" in out
    assert "    //   cc          array of string, optional\n" in out
    assert '    //   priority    one of "low", "high", optional\n' in out
    assert (
        "    //   first-name  string or null, optional, "
        "not a SQRT name, so no rule can refer to it\n" in out
    )
    assert 'tool "ping" {\n    // No arguments.\n    should allow always;\n}\n' in out


def test_hostile_names_and_descriptions_stay_inert(tmp_path: Path) -> None:
    tools = [
        {
            "name": 'say "hi" \\ there',
            "description": 'Evil \x1b[2J description */ tool "x" { must deny always; }',
            "inputSchema": {"properties": {"a": {"description": "line\nbreak \x07"}}},
        }
    ]

    result = scaffold("--tools", write_tools(tmp_path, tools))

    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    program = parse(result.stdout).program
    assert parse(result.stdout).ok
    (policy,) = program.declarations
    assert isinstance(policy, ast.ToolPolicy)
    assert policy.tool_id.value == 'say "hi" \\ there'
    assert len(policy.members) == 1  # the description's "rule" stayed in its comment


def test_output_file_is_written_and_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "policy.sqrt"
    tools = str(TOOL_FILES[0])

    first = scaffold("--tools", tools, "-o", str(target))
    again = scaffold("--tools", tools, "-o", str(target))
    forced = scaffold("--tools", tools, "-o", str(target), "--force")

    assert first.exit_code == 0 and first.stdout == ""
    assert first.stderr == f"Wrote {target}: {len(load_tools(tools))} tools\n"
    assert again.exit_code == 2
    assert (
        again.stderr == f"sqrt scaffold: {target}: already exists; pass --force to overwrite it\n"
    )
    assert forced.exit_code == 0
    assert check_policy(target.read_text(encoding="utf-8")) == ()


def test_line_width_follows_the_projects_format_settings(tmp_path: Path) -> None:
    (tmp_path / "sqrt.toml").write_text("[format]\nline-width = 60\n", encoding="utf-8")
    target = tmp_path / "policy.sqrt"

    result = scaffold("--tools", str(TOOL_FILES[0]), "-o", str(target))

    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) <= 60
    assert format_source(text, FormatOptions(line_width=60)) == text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"tools": 3}', "$.tools: expected a list of tools, not a number"),
        ('[{"name": "x"}]', "$[0]: not a tool definition"),
        ("[1,", "invalid JSON"),
    ],
)
def test_bad_tool_files_are_one_line_and_exit_2(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "tools.json"
    path.write_text(content, encoding="utf-8")

    result = scaffold("--tools", str(path))

    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"sqrt scaffold: {path}")
    assert message in line
