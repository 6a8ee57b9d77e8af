r"""Flags a tool policy without a `///` doc comment.

## Why it matters
Doc comments become the policy's description: reviewers, the language server's
hover and generated reports show them. A policy without one leaves the next reader to
reverse-engineer why a tool is restricted, and rules that nobody understands get
deleted.

## Example
```sqrt
tool "delete_file" {
    must deny when path.tags overlaps {"untrusted"};
}
```

## Instead
```sqrt
/// Files named by untrusted content are never deleted.
tool "delete_file" {
    must deny when path.tags overlaps {"untrusted"};
}
```
No automatic fix. Off by default.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class MissingDocComment(Rule):
    code = "SQ306"
    name = "missing-doc-comment"
    category = Category.STYLE
    severity = Severity.INFO
    enabled_by_default = False
    node_types = (ast.ToolPolicy, ast.ToolShorthand)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.ToolPolicy | ast.ToolShorthand)
        if not node.docs:
            span = check.span(node.span.start, node.tool_id.span.end)
            check.report(span, f"tool policy for {node.tool_id.raw} has no `///` doc comment")
