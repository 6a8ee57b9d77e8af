"""Flags a tool-id regex that matches none of the agent's tools.

## Why it matters
A regex policy applies to every tool whose whole name the pattern matches. When it
matches no defined tool (a prefix the agent does not use, a misspelt word, an escape
too many) the policy applies to nothing, and every rule in it is dead. The editor's
hover on a regex id lists the tools it does match. Silent when no tool definitions
are configured.

## Example
```sqrt
tool r"^(send|forward)_mails?$" {
    must deny when @args.tags overlaps {"secret"};
}
```
With the agent's tools (`sqrt check --tools tools.json`):
```json
[{"name": "send_email", "input_schema": {"type": "object", "properties": {}}},
 {"name": "forward_email", "input_schema": {"type": "object", "properties": {}}}]
```

## Instead
```sqrt
tool r"^(send|forward)_email$" {
    must deny when @args.tags overlaps {"secret"};
}
```
There is no automatic fix: only the author knows which tools the pattern was meant for.
"""

from __future__ import annotations

from sqrt_tools.lint.patterns import regex_error
from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context, Place
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class RegexMatchesNoTool(Rule):
    code = "SQ402"
    name = "regex-matches-no-tool"
    category = Category.TOOLS
    severity = Severity.WARNING
    node_types = (ast.StringLiteral,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.StringLiteral)
        catalog = check.tools
        if catalog is None or context.place is not Place.TOOL_ID or node.kind != "r":
            return
        if regex_error(node.value):
            return  # invalid-regex says why
        if catalog.applying(node.value, regex=True):
            return
        if catalog.internal_applying(node.value, regex=True):
            return
        check.report(
            node.span,
            f"tool-id regex {node.raw} matches none of the {len(catalog.names)} defined "
            "tools: the policy applies to nothing",
        )
