"""The rules that check policies against the agent's tool definitions, beyond their
fixtures (`tests/lint/rules/<rule>/`, against `tests/lint/rules/agent_tools.json`):
silent without tools, silent when every tool file failed, and the rule option."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sqrt_tools.lint import LintSettings, lint_source
from sqrt_tools.lint.selection import SELECTABLE
from tests.lint.rules.fixture import AGENT_TOOLS, fixture, settings

FIRES = {
    rule: fixture(rule, "fires.sqrt")
    for rule in (
        "unknown-tool",
        "regex-matches-no-tool",
        "unknown-argument",
        "value-outside-schema",
        "uncovered-tool",
        "unconstrained-side-effect",
    )
}


@pytest.mark.parametrize("rule", FIRES)
def test_every_tool_rule_is_silent_without_tools(rule: str) -> None:
    assert lint_source(FIRES[rule], settings(rule)).diagnostics  # it does fire with tools
    result = lint_source(FIRES[rule], LintSettings(enabled=frozenset(SELECTABLE)))
    assert [d.code for d in result.diagnostics if d.code.startswith("SQ4")] == []


def test_a_catalog_whose_files_all_failed_keeps_the_rules_silent(tmp_path: Path) -> None:
    from sqrt_tools.tools.catalog import load_catalog

    broken = tmp_path / "broken.json"
    broken.write_text('{"tools": [', encoding="utf-8")
    catalog = load_catalog([str(broken)])
    assert len(catalog.errors) == 1
    chosen = replace(settings("unknown-tool"), tools=catalog)
    assert lint_source(FIRES["unknown-tool"], chosen).diagnostics == ()


def test_unconstrained_side_effect_is_silent_when_the_presets_turn_default_allow_off() -> None:
    from sqrt_tools.presets import Presets

    chosen = settings("unconstrained-side-effect")
    assert lint_source(FIRES["unconstrained-side-effect"], chosen).diagnostics
    off = replace(chosen, presets=Presets(default_allow=False))
    assert lint_source(FIRES["unconstrained-side-effect"], off).diagnostics == ()
    assert AGENT_TOOLS.is_file()
