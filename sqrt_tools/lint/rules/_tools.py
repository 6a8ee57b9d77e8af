"""Grouping of tool policies by the tools they apply to (shared by rules)."""

from __future__ import annotations

from sqrt_tools.semantics import SemanticModel, ToolScope
from sqrt_tools.syntax import ast


def by_tool(model: SemanticModel) -> dict[tuple[bool, str], list[ToolScope]]:
    """Policies grouped by exact tool id (a regex id only groups with the same regex)."""
    groups: dict[tuple[bool, str], list[ToolScope]] = {}
    for scope in model.tools:
        groups.setdefault(scope.key, []).append(scope)
    return groups


def always_rules(scopes: list[ToolScope], outcome: str) -> list[ast.CheckRule]:
    """The hard `OUTCOME always` rules of `scopes`, in source order."""
    return [
        rule
        for scope in scopes
        for rule in scope.check_rules
        if rule.is_hard and rule.outcome == outcome and rule.condition is None
    ]
