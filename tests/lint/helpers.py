"""Helpers for rule tests: lint or fix with exactly the rules a test names."""

from __future__ import annotations

from typing import Any

from sqrt_tools.lint import LintSettings, fix_source, lint_source, lookup
from sqrt_tools.syntax.diagnostics import Diagnostic


def only(*names: str, **options: dict[str, Any]) -> LintSettings:
    """Settings that run just the named rules; `options` maps a rule name to its options."""
    codes = []
    for name in names:
        rule = lookup(name)
        assert rule is not None, name
        codes.append(rule.code)
    by_code = {}
    for name, values in options.items():
        rule = lookup(name.replace("_", "-"))
        assert rule is not None, name
        by_code[rule.code] = values
    return LintSettings(enabled=frozenset(codes), options=by_code)


def findings(source: str, rule: str, **options: dict[str, Any]) -> list[Diagnostic]:
    result = lint_source(source, only(rule, **options))
    assert result.parse.ok, [d.message for d in result.parse.diagnostics]
    return [d for d in result.diagnostics if d.rule == rule]


def fixed(source: str, rule: str, **options: dict[str, Any]) -> str:
    outcome = fix_source(source, only(rule, **options))
    return outcome.source
