r"""Flags a tool-id regex that matches more tool names when searched than when matched
whole.

## Why it matters
Whether a tool-id regex must match the whole tool name or only part of it is not
documented. This toolkit assumes a full match [ours]; a service or a reviewer that
searches instead applies `r"send_.*"` to `resend_log` and `undo_send_email` as well.
Only patterns whose two readings differ are flagged: an end held by an anchor (`^`,
`$`) or left open by `.*` reads the same both ways, so `r"^file_.*"` and
`r"^(read|get|list)_.*"` are fine. Patterns without any metacharacter are reported by
`literal-regex-tool-id` instead.

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
`sqrt check --fix` adds the anchors the pattern lacks (with a `(?:...)` group when
it has a `|` outside any group); under full-match semantics the meaning does not change.
"""

from __future__ import annotations

from sqrt_tools.lint.patterns import (
    anchor_insertions,
    decoded_offsets,
    literal_text,
    regex_error,
    search_widens,
)
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
        if regex_error(pattern) or literal_text(pattern) is not None:
            return
        if not search_widens(pattern):
            return
        offsets = decoded_offsets(node)
        edits = [
            TextEdit(check.span(offsets[index], offsets[index]), text)
            for index, text in anchor_insertions(pattern)
        ]
        anchored = _with_insertions(node, edits)
        check.report(
            node.span,
            f"tool-id regex {node.raw} matches more tools when searched than when matched "
            f"whole; write {anchored}",
            fix=Fix(f"Anchor the pattern: {anchored}", tuple(edits)),
        )


def _with_insertions(node: ast.StringLiteral, edits: list[TextEdit]) -> str:
    """The literal as written, with the anchors inserted."""
    raw = node.raw
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda edit: edit.span.start):
        offset = edit.span.start - node.span.start
        pieces += [raw[position:offset], edit.new_text]
        position = offset
    pieces.append(raw[position:])
    return "".join(pieces)
