"""Flags a `tool "name"` policy for a tool that none of the agent's tool definitions has.

## Why it matters
A policy applies to a call only when its id is the tool's name. A misspelt name
(`send_emial`) is valid SQRT and passes every other check, and the policy silently
never applies: the call it was written to stop goes through. The service's internal
tools (`parse_with_ai`, `verify_hypothesis`, `set_policy`, `complete_turn`) are known
without a definition. Silent when no tool definitions are configured.

## Example
```sqrt
tool "send_emial" {
    must deny when body.tags overlaps {"secret"};
}
```
With the agent's tools (`sqrt check --tools tools.json`):
```json
[{"name": "send_email", "description": "Send an email.",
  "input_schema": {"type": "object", "properties": {"to": {"type": "string"},
                   "body": {"type": "string"}}}}]
```

## Instead
```sqrt
tool "send_email" {
    must deny when body.tags overlaps {"secret"};
}
```
When exactly one defined name is close, the finding carries a fix that replaces the id
with it. It changes which calls the policy governs, so it is an unsafe fix: the editor
offers it as a quick fix, and `sqrt check --fix` leaves it for you to apply.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, FixAvailability, FixSafety, Rule
from sqrt_tools.lint.rules._agent import close_name, sqrt_string
from sqrt_tools.semantics import Context, Place
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Fix, Severity, TextEdit


class UnknownTool(Rule):
    code = "SQ401"
    name = "unknown-tool"
    category = Category.TOOLS
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES
    fix_safety = FixSafety.UNSAFE
    node_types = (ast.StringLiteral,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.StringLiteral)
        catalog = check.tools
        if catalog is None or context.place is not Place.TOOL_ID or node.kind != "":
            return
        name = node.value
        if catalog.is_known(name):
            return
        count = len(catalog.names)
        message = f"no tool named {node.raw} among the {count} defined tools"
        suggestion = close_name(name, (*catalog.names, *catalog.internal_names))
        if suggestion is None:
            check.report(node.span, message)
            return
        replacement = sqrt_string(suggestion)
        check.report(
            node.span,
            f"{message}; did you mean {replacement}?",
            fix=Fix(f"Use {replacement}", (TextEdit(node.span, replacement),), safe=False),
        )
