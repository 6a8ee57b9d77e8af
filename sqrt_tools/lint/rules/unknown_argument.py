"""Flags `ARG.tags` or `ARG.value` where no tool the policy applies to has a parameter `ARG`.

## Why it matters
A missing argument has no value and default metadata, so a check that reads a
misspelt argument (`bdy.tags` for `body.tags`) never sees the data it was written
for: `must deny when bdy.tags overlaps {"secret"}` never denies. For a regex policy
the argument must exist in at least one of the tools it matches. Only the policy's
own text is checked (a `let` can be shared by tools with different parameters).
Silent when no tool definitions are configured, and for tools whose schema admits
arguments it does not list.

## Example
```sqrt
tool "send_email" {
    must deny when bdy.tags overlaps {"secret"};
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
When exactly one parameter name is close, the finding carries a fix that renames the
argument. It changes what the rule reads, so it is an unsafe fix: the editor offers
it as a quick fix, and `sqrt check --fix` leaves it for you to apply.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, FixAvailability, FixSafety, Rule
from sqrt_tools.lint.rules._agent import accepts_any_argument, applying, close_name
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Fix, Severity, TextEdit


class UnknownArgument(Rule):
    code = "SQ403"
    name = "unknown-argument"
    category = Category.TOOLS
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES
    fix_safety = FixSafety.UNSAFE
    node_types = (ast.ArgMeta, ast.ArgValue)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.ArgMeta | ast.ArgValue)
        catalog = check.tools
        if catalog is None or context.policy is None:
            return
        tools = applying(catalog, context.policy)
        if not tools or any(accepts_any_argument(tool) for tool in tools):
            return  # unknown-tool or regex-matches-no-tool speaks for an empty list
        name = node.arg.text
        if any(tool.parameter(name) is not None for tool in tools):
            return
        parameters = [p for tool in tools for p in tool.parameters]
        known = [p.name for p in parameters]
        if len(tools) == 1:
            where = f"`{tools[0].name}` has no parameter `{name}`"
        else:
            where = (
                f"none of the {len(tools)} tools {context.policy.tool_id.raw} matches "
                f"has a parameter `{name}`"
            )
        listed = ", ".join(f"`{p}`" for p in dict.fromkeys(known)) or "none"
        suggestion = close_name(name, [p.name for p in parameters if p.is_sqrt_name])
        if suggestion is None:
            check.report(node.arg.span, f"{where} (its parameters: {listed})")
            return
        check.report(
            node.arg.span,
            f"{where}; did you mean `{suggestion}`?",
            fix=Fix(f"Use `{suggestion}`", (TextEdit(node.arg.span, suggestion),), safe=False),
        )
