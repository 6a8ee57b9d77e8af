"""Rule tests from fixture policies, as ruff and Regal test their rules.

Each rule has a folder beside its test, named after the rule (`undefined_name/`), with
`fires.sqrt` (every case must be found) and `silent.sqrt` (correct policies the rule
must leave alone). The test snapshots each finding as `line:col code message`, and the
text `--fix` makes of `fires.sqrt` where the rule has a fix.
(`pytest --inline-snapshot=review tests/lint/rules` to look at a changed snapshot.)
"""

from __future__ import annotations

from pathlib import Path

from sqrt_tools.lint import LintSettings, fix_source, lint_source, lookup
from sqrt_tools.syntax import parse

HERE = Path(__file__).parent


def fixture(rule: str, name: str) -> str:
    return (HERE / rule.replace("-", "_") / name).read_text(encoding="utf-8")


def settings(*rules: str) -> LintSettings:
    """Settings that run exactly these rules (whether on by default or not)."""
    codes = []
    for name in rules:
        found = lookup(name)
        assert found is not None, name
        codes.append(found.code)
    return LintSettings(enabled=frozenset(codes))


def findings(rule: str, name: str, *, also: tuple[str, ...] = ()) -> list[str]:
    """`line:col code message` of each finding of `rule` in the fixture.

    `also` names rules that must run beside it (a suppression is judged only against
    rules that run).
    """
    source = fixture(rule, name)
    result = lint_source(source, settings(rule, *also), path=name)
    if rule != "syntax-error":
        assert result.parse.ok, [d.message for d in result.parse.diagnostics]
    return [
        f"{d.span.line}:{d.span.column} {d.code} {d.message}"
        for d in result.diagnostics
        if d.rule == rule
    ]


def fixed(rule: str, name: str, *, also: tuple[str, ...] = ()) -> str:
    """The fixture after `--fix` with the rule's fixes; it must still parse."""
    outcome = fix_source(fixture(rule, name), settings(rule, *also), path=name)
    assert outcome.changed, f"no fix of {rule} applied"
    assert parse(outcome.source).ok
    return outcome.source
