r"""Flags `\\.` (a doubled backslash before a regex escape) in a regex, where `\.` was
likely meant.

## Why it matters
Inside SQRT strings `\\` is one backslash and any other backslash pair is kept as
written [ours], so `r"a\\.b"` and `r"a\.b"` are the same regex. A policy that writes
both forms reads as if they differed, and a reviewer who copies a doubled pattern
into a tool that does not decode escapes gets a regex that matches a backslash.

## Example
```sqrt
let corp = {str matching r"^[a-z.]+@corp\\.example\\.com$"};
tool "send_email" {
    must deny when not to.value in corp;
}
```

## Instead
```sqrt
let corp = {str matching r"^[a-z.]+@corp\.example\.com$"};
tool "send_email" {
    must deny when not to.value in corp;
}
```
`sqrt check --fix` removes the extra backslashes; the regex stays the same.
"""

from __future__ import annotations

from sqrt_tools.lint.patterns import doubled_backslashes
from sqrt_tools.lint.rule import Category, Checker, FixAvailability, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Fix, Severity, TextEdit


class DoubleEscapedRegex(Rule):
    code = "SQ206"
    name = "double-escaped-regex"
    category = Category.SUSPICIOUS
    severity = Severity.INFO
    fix = FixAvailability.ALWAYS
    node_types = (ast.StringLiteral,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.StringLiteral)
        if node.kind != "r" or "\\\\" not in node.raw:
            return
        offsets = doubled_backslashes(node)
        if not offsets:
            return
        edits = tuple(TextEdit(check.span(offset, offset + 2), "\\") for offset in offsets)
        first = offsets[0]
        check.report(
            check.span(first, first + 3),
            f"{node.raw} doubles the backslash of a regex escape; one is enough "
            "(both spellings give the same regex)",
            fix=Fix("Use single backslashes", edits),
        )
