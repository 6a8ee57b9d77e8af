"""Rule tests from fixture policies, as ruff and Regal test their rules.

Each rule has a folder beside its test, named after the rule (`undefined_name/`), with
`fires.sqrt` (every case must be found) and `silent.sqrt` (correct policies the rule
must leave alone). The test snapshots each finding as `line:col code message`, and the
text `--fix` makes of `fires.sqrt` where the rule has a fix. The `tools` rules run
against the agent in `agent_tools.json` (tool file paths in messages are shown relative
to this folder, so the snapshots do not depend on where the tests run).
(`pytest --inline-snapshot=review tests/lint/rules` to look at a changed snapshot.)
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqrt_tools.lint import Category, LintSettings, fix_source, lint_source, lookup
from sqrt_tools.lint.fixes import apply_edits
from sqrt_tools.syntax import parse
from sqrt_tools.tools.catalog import load_catalog, shown

HERE = Path(__file__).parent
AGENT_TOOLS = HERE / "agent_tools.json"


def fixture(rule: str, name: str) -> str:
    return (HERE / rule.replace("-", "_") / name).read_text(encoding="utf-8")


def settings(*rules: str) -> LintSettings:
    """Settings that run exactly these rules (whether on by default or not)."""
    codes = []
    tools = False
    for name in rules:
        found = lookup(name)
        assert found is not None, name
        codes.append(found.code)
        tools |= found.category is Category.TOOLS
    chosen = LintSettings(enabled=frozenset(codes))
    if tools:
        catalog = load_catalog([str(AGENT_TOOLS)])
        assert catalog.errors == ()
        chosen = replace(chosen, tools=catalog)
    return chosen


def findings(rule: str, name: str, *, also: tuple[str, ...] = ()) -> list[str]:
    """`line:col code message` of each finding of `rule` in the fixture.

    `also` names rules that must run beside it (a suppression is judged only against
    rules that run).
    """
    source = fixture(rule, name)
    result = lint_source(source, settings(rule, *also), path=name)
    if rule != "syntax-error":
        assert result.parse.ok, [d.message for d in result.parse.diagnostics]
    here = f"{shown(str(HERE))}/"
    return [
        f"{d.span.line}:{d.span.column} {d.code} {d.message.replace(here, '')}"
        for d in result.diagnostics
        if d.rule == rule
    ]


def fixed(rule: str, name: str, *, also: tuple[str, ...] = (), unsafe: bool = False) -> str:
    """The fixture after `--fix` (with `unsafe`: `--fix --unsafe-fixes`) with the rule's
    fixes; it must still parse."""
    outcome = fix_source(fixture(rule, name), settings(rule, *also), path=name, unsafe=unsafe)
    assert outcome.changed, f"no fix of {rule} applied"
    assert parse(outcome.source).ok
    return outcome.source


def fixed_unsafe(rule: str, name: str) -> str:
    """The fixture with every fix of the rule applied, unsafe ones included (what the
    editor's quick fixes do; `--fix` applies only the safe ones)."""
    source = fixture(rule, name)
    diagnostics = lint_source(source, settings(rule), path=name).diagnostics
    fixes = [d.fix for d in diagnostics if d.rule == rule and d.fix is not None]
    assert fixes, f"no fix of {rule} offered"
    assert all(not fix.safe for fix in fixes), "tool fixes change meaning: never safe"
    updated = apply_edits(source, [edit for fix in fixes for edit in fix.edits])
    assert parse(updated).ok
    assert fix_source(source, settings(rule), path=name).source == source, "--fix kept out"
    return updated
