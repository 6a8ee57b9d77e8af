"""`sqrt check` against the agent's tool definitions: `--tools`, `tools = [...]` in the
configuration, broken tool files, and the example policies against `examples/tools/`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from sqrt_tools.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
TOOLS = '{"tools": [{"name": "send_email", "inputSchema": {"type": "object", "properties": {"body": {"type": "string"}}}}]}\n'  # noqa: E501
TYPO = 'tool "send_emial" {\n    must deny when body.tags overlaps {"secret"};\n}\n'

runner = CliRunner()


def check(*args: str, cwd: Path) -> Any:
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(app, ["check", *args])
    finally:
        os.chdir(previous)


def test_tools_on_the_command_line_catch_a_typo(tmp_path: Path) -> None:
    (tmp_path / "agent.json").write_text(TOOLS, encoding="utf-8")
    (tmp_path / "mail.sqrt").write_text(TYPO, encoding="utf-8")
    without = check("mail.sqrt", cwd=tmp_path)
    assert without.exit_code == 0, without.output
    found = check("mail.sqrt", "--tools", "agent.json", "--format", "github", cwd=tmp_path)
    assert found.exit_code == 1
    assert "file=mail.sqrt,line=1,col=6" in found.stdout
    assert 'did you mean "send_email"?' in found.stdout


def test_tools_in_the_configuration_resolve_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "agent").mkdir()
    (tmp_path / "agent" / "mail.json").write_text(TOOLS, encoding="utf-8")
    (tmp_path / "sqrt.toml").write_text('tools = ["agent/"]\n', encoding="utf-8")
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "mail.sqrt").write_text(TYPO, encoding="utf-8")
    result = check("mail.sqrt", cwd=tmp_path / "policies")
    assert result.exit_code == 1
    assert "SQ401 [unknown-tool]" in result.stdout
    fixed = TYPO.replace("emial", "email")
    (tmp_path / "policies" / "mail.sqrt").write_text(fixed, encoding="utf-8")
    assert check("mail.sqrt", cwd=tmp_path / "policies").exit_code == 0


def test_a_broken_tool_file_is_one_line_and_the_policy_is_still_checked(tmp_path: Path) -> None:
    (tmp_path / "agent.json").write_text(TOOLS, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("tools: [\n", encoding="utf-8")
    (tmp_path / "mail.sqrt").write_text(TYPO, encoding="utf-8")
    result = check("mail.sqrt", "--tools", "agent.json", "--tools", "broken.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if "broken.yaml" in line]
    assert len(problems) == 1 and problems[0].startswith("sqrt check: ")
    assert "broken.yaml:2:1: invalid YAML" in problems[0]
    assert "Traceback" not in result.output
    assert "SQ401 [unknown-tool]" in result.stdout


def test_every_example_policy_is_clean_against_the_example_tools() -> None:
    result = check("examples", "--tools", "examples/tools", cwd=ROOT)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
