r"""Flags a tool-id regex that is not held between `^` and `$`.

## Why it matters
Whether a tool-id regex must match the whole tool name or only part of it is not
documented. This toolkit assumes a full match [ours]; a service or a reviewer that
searches instead applies `r"send_.*"` to `resend_log` and `undo_send_email` as well.
Anchors make the pattern mean the same under both readings. Patterns without any
metacharacter are reported by `literal-regex-tool-id` instead.

## Example
```sqrt
tool r"(send|forward)_.*" {
    must deny when @args.tags overlaps {"untrusted"};
}
```

## Instead
```sqrt
tool r"^(send|forward)_.*$" {
    must deny when @args.tags overlaps {"untrusted"};
}
```
`sqrt check --fix` adds the anchors (with a `(?:...)` group when the pattern has a
top-level `|`); under full-match semantics the meaning does not change.
"""

from __future__ import annotations

from sqrt_tools.lint.patterns import anchoring, body_offset, is_anchored, literal_text, regex_error
from sqrt_tools.lint.rule import Category, Checker, FixAvailability, Rule
from sqrt_tools.semantics import Context, Place
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Fix, Severity, TextEdit


class UnanchoredToolRegex(Rule):
    code = "SQ201"
    name = "unanchored-tool-regex"
    category = Category.SUSPICIOUS
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    node_types = (ast.StringLiteral,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.StringLiteral)
        if node.kind != "r" or context.place is not Place.TOOL_ID:
            return
        pattern = node.value
        if regex_error(pattern) or literal_text(pattern) is not None or is_anchored(pattern):
            return
        prefix, suffix = anchoring(pattern)
        start = body_offset(node)
        end = node.span.end - 1
        edits = []
        if prefix:
            edits.append(TextEdit(check.span(start, start), prefix))
        if suffix:
            edits.append(TextEdit(check.span(end, end), suffix))
        anchored = f'r"{prefix}{node.raw[2:-1]}{suffix}"'
        check.report(
            node.span,
            f"tool-id regex {node.raw} is not anchored: it matches more tools under search "
            f"semantics; write {anchored}",
            fix=Fix(f"Anchor the pattern: {anchored}", tuple(edits)),
        )
