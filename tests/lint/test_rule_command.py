"""`sqrt rule`: one rule's documentation by name or code, or every rule with --all."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from sqrt_tools.cli.app import app
from sqrt_tools.lint import RULES, lookup

runner = CliRunner()


def rule(*args: str) -> Any:
    return runner.invoke(app, ["rule", *args])


def test_a_rule_prints_its_header_and_documentation_by_name_or_code() -> None:
    by_name = rule("unused-let")
    assert by_name.exit_code == 0
    assert by_name.stdout.startswith(
        "SQ301 unused-let\ncategory: style   severity: info   default: on   fix: sometimes\n\n"
        "Flags a `let` that nothing uses.\n"
    )
    assert "## Why it matters" in by_name.stdout and "## Instead" in by_name.stdout
    assert rule("sq301").stdout == by_name.stdout


def test_all_lists_every_rule_in_a_table() -> None:
    result = rule("--all")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "category", "severity", "default", "fix"]
    assert len(lines) == len(RULES) + 1
    assert lines[1].split() == ["SQ000", "syntax-error", "syntax", "error", "on", "none"]


def test_json_gives_the_same_as_data() -> None:
    items = json.loads(rule("--all", "--format", "json").stdout)
    assert [item["code"] for item in items] == [r.code for r in RULES]
    one = json.loads(rule("let-naming", "--format", "json").stdout)
    assert one["options"]["pattern"]["default"] == "^[a-z][a-z0-9_]*$"
    assert one["enabled_by_default"] is False
    found = lookup("let-naming")
    assert found is not None and one["documentation"] == found.documentation()


def test_unknown_rule_or_no_argument_is_a_usage_error() -> None:
    unknown = rule("no-such-rule")
    assert unknown.exit_code == 2
    assert unknown.stderr == "sqrt rule: no rule called `no-such-rule` (see `sqrt rule --all`)\n"
    neither = rule()
    assert neither.exit_code == 2
    assert neither.stderr == "sqrt rule: give a rule name or code, or --all\n"
