r"""Flags an element written twice in one set literal.

## Why it matters
A set holds each element once, so the second copy changes nothing; often it is a
typo for a different element that is now missing (`{"pii", "pii"}` where
`{"pii", "phi"}` was meant).

## Example
```sqrt
tool "post_message" {
    must deny when message.tags overlaps {"pii", "secret", "pii"};
}
```

## Instead
```sqrt
tool "post_message" {
    must deny when message.tags overlaps {"pii", "secret"};
}
```
`sqrt check --fix` removes the repeated element (not when a comment sits next to it).
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, FixAvailability, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.semantics.static_sets import element_key
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Fix, Related, Severity, TextEdit


class DuplicateSetElement(Rule):
    code = "SQ302"
    name = "duplicate-set-element"
    category = Category.STYLE
    severity = Severity.INFO
    fix = FixAvailability.SOMETIMES
    node_types = (ast.SetLiteral,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.SetLiteral)
        if len(node.elements) < 2:
            return
        seen: dict[object, ast.Node] = {}
        for index, element in enumerate(node.elements):
            key = element_key(element)
            first = seen.setdefault(key, element)
            if first is element:
                continue
            previous = node.elements[index - 1]
            start, end = previous.span.end, element.span.end
            fix = None
            if not check.comments_within(start, end):
                fix = Fix("Remove the repeated element", (TextEdit(check.span(start, end), ""),))
            check.report(
                element.span,
                f"{check.text(element.span)} is already in this set",
                fix=fix,
                related=(Related(first.span, "first written here"),),
            )
