r"""Flags `\\.` (a doubled backslash before a regex escape) in a regex, where `\.` was
likely meant.

## Why it matters
How the service decodes backslashes inside `r"..."` is not documented. This toolkit
reads `\\` as one backslash and keeps any other backslash pair as written [ours], so
here `r"a\\.b"` and `r"a\.b"` are the same regex; a service that keeps every
backslash as written would read `r"a\\.b"` as "a backslash, then any character". A
policy that writes both forms reads as if they differed, and one of the two readings
is not what its author meant.

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
`sqrt check --fix --unsafe-fixes` removes the extra backslashes. The fix is unsafe:
under this toolkit's reading the regex stays the same, but the service's reading is
not documented, so the fix may change what the policy matches. Check the intent first.
"""

from __future__ import annotations

from sqrt_tools.lint.patterns import doubled_backslashes
from sqrt_tools.lint.rule import Category, Checker, FixAvailability, FixSafety, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Fix, Severity, TextEdit


class DoubleEscapedRegex(Rule):
    code = "SQ206"
    name = "double-escaped-regex"
    category = Category.SUSPICIOUS
    severity = Severity.INFO
    fix = FixAvailability.ALWAYS
    fix_safety = FixSafety.UNSAFE
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
            f"{node.raw} doubles the backslash of a regex escape; how the service reads "
            "a doubled backslash is not documented, so write one",
            fix=Fix("Use single backslashes", edits, safe=False),
        )
