"""`sqrt check` against the agent's tool definitions: `--tools`, `tools = [...]` in the
configuration, broken tool files, and the example policies against `examples/tools/`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
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


SIDE_EFFECT_TOOLS = '{"tools": [{"name": "delete_file", "annotations": {"destructiveHint": true}, "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}}}]}\n'  # noqa: E501
AUDIT_ONLY = 'tool "delete_file" -> @tags |= {"audited"};\n'


@pytest.mark.parametrize(
    ("presets", "fires"),
    [
        ("", True),
        ("[presets]\ndefault_allow = true\n", True),
        ("[presets]\ndefault_allow = false\n", False),
    ],
)
def test_unconstrained_side_effect_reads_default_allow_from_the_projects_presets(
    tmp_path: Path, presets: str, fires: bool
) -> None:
    (tmp_path / "agent.json").write_text(SIDE_EFFECT_TOOLS, encoding="utf-8")
    (tmp_path / "files.sqrt").write_text(AUDIT_ONLY, encoding="utf-8")
    config = 'tools = ["agent.json"]\nextend-select = ["unconstrained-side-effect"]\n'
    (tmp_path / "sqrt.toml").write_text(config + presets, encoding="utf-8")

    result = check("files.sqrt", cwd=tmp_path)

    assert ("SQ406 [unconstrained-side-effect]" in result.stdout) is fires, result.output
    assert result.exit_code == (1 if fires else 0)


def test_bad_presets_in_the_configuration_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "files.sqrt").write_text(AUDIT_ONLY, encoding="utf-8")
    (tmp_path / "sqrt.toml").write_text('[presets]\ndefault_allow = "no"\n', encoding="utf-8")

    result = check("files.sqrt", cwd=tmp_path)

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "[presets]: `default_allow`: expected true or false" in result.output


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
