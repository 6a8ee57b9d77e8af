r"""Flags an `r"..."` regular expression that does not compile, with the error and
where in the pattern it is.

## Why it matters
A pattern that does not compile either makes the service reject the policy or, in
a lenient reader, matches nothing: an allow rule never allows, a deny rule never
denies. Patterns are Python regular expressions [ours].

## Example
```sqrt
tool "read_file" {
    must deny when path.value in {str matching r"^/etc/(passwd|shadow$"};
}
```

## Instead
```sqrt
tool "read_file" {
    must deny when path.value in {str matching r"^/etc/(passwd|shadow)$"};
}
```
No automatic fix.
"""

from __future__ import annotations

from sqrt_tools.lint.patterns import decoded_offsets, regex_error
from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class InvalidRegex(Rule):
    code = "SQ108"
    name = "invalid-regex"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    node_types = (ast.StringLiteral,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.StringLiteral)
        if node.kind != "r":
            return
        problem = regex_error(node.value)
        if problem is None:
            return
        message, position = problem
        span = node.span
        if position is not None:
            offsets = decoded_offsets(node)
            offset = offsets[min(position, len(offsets) - 1)]
            span = check.span(offset, min(offset + 1, node.span.end))
            check.report(span, f"invalid regular expression: {message} (at position {position})")
        else:
            check.report(span, f"invalid regular expression: {message}")
