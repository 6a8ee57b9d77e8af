r"""Flags a tool-id regex with no regex metacharacter, such as `r"send_email"`.

## Why it matters
A regex id that is really a name says "a family of tools" to a reader, and under
search semantics it also matches `resend_email` or `send_email_v2`. A plain string id
matches exactly one tool and lets the linter compare it with other policies for the
same tool.

## Example
```sqrt
tool r"send_email" {
    must deny when body.tags overlaps {"confidential"};
}
```

## Instead
```sqrt
tool "send_email" {
    must deny when body.tags overlaps {"confidential"};
}
```
`sqrt check --fix` writes the plain string (also for `r"^send_email$"`); under
full-match semantics the meaning does not change.
"""

from __future__ import annotations

from sqrt_tools.lint.patterns import literal_text
from sqrt_tools.lint.rule import Category, Checker, FixAvailability, Rule
from sqrt_tools.semantics import Context, Place
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Fix, Severity, TextEdit


class LiteralRegexToolId(Rule):
    code = "SQ202"
    name = "literal-regex-tool-id"
    category = Category.SUSPICIOUS
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    node_types = (ast.StringLiteral,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.StringLiteral)
        if node.kind != "r" or context.place is not Place.TOOL_ID:
            return
        text = literal_text(node.value)
        if text is None:
            return
        plain = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        check.report(
            node.span,
            f"tool-id regex {node.raw} has no regex metacharacter; write the name {plain}",
            fix=Fix(f"Use the plain name {plain}", (TextEdit(node.span, plain),)),
        )
