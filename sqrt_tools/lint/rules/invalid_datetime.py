r"""Flags a datetime that is not ISO-8601: a `d"..."` string, or a plain string used as
a bound of a `datetime` domain.

## Why it matters
A bound that cannot be read as a date makes the whole time window meaningless: the
service rejects the policy, or the comparison never matches, so a deny outside the
window never fires. Write `2025-03-01` or `2025-03-01T09:00:00Z`, not `03/01/2025`.

## Example
```sqrt
let planning_cycle = datetime d"2025-01-06"..d"19/12/2025";
tool "create_event" {
    must deny when not start.value in planning_cycle;
}
```

## Instead
```sqrt
let planning_cycle = datetime d"2025-01-06"..d"2025-12-19";
tool "create_event" {
    must deny when not start.value in planning_cycle;
}
```
No automatic fix.
"""

from __future__ import annotations

from sqrt_tools.lint.patterns import parse_datetime
from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class InvalidDatetime(Rule):
    code = "SQ110"
    name = "invalid-datetime"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    node_types = (ast.StringLiteral, ast.DatetimeDomain)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        if isinstance(node, ast.StringLiteral):
            if node.kind == "d":
                _check(node, check)
        elif isinstance(node, ast.DatetimeDomain):
            # Plain-string bounds (`datetime "2023-01-01"`) must be datetimes too;
            # `d"..."` bounds are StringLiterals of kind "d" and are checked above.
            for bound in (node.range.low, node.range.high):
                if isinstance(bound, ast.StringLiteral) and bound.kind == "":
                    _check(bound, check)


def _check(literal: ast.StringLiteral, check: Checker) -> None:
    if parse_datetime(literal.value) is None:
        check.report(
            literal.span,
            f"{literal.raw} is not an ISO-8601 date or date-time "
            "(e.g. 2025-03-01 or 2025-03-01T09:00:00Z)",
        )
