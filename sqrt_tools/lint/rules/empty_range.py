r"""Flags a value domain that matches nothing: `int 10..1`, `int 0<..<1`,
`str like w"*" length 5..2`, a datetime window that ends before it starts.

## Why it matters
An empty domain makes `x.value in D` always false. A `must deny when not x.value in D`
then denies every call, and a `should allow when x.value in D` never allows: usually
two bounds were swapped or an exclusive bound left no integer in between.

## Example
```sqrt
tool "create_booking" {
    must deny when not guests.value in {int 12..1};
}
```

## Instead
```sqrt
tool "create_booking" {
    must deny when not guests.value in {int 1..12};
}
```
No automatic fix.
"""

from __future__ import annotations

import math
from datetime import datetime

from sqrt_tools.lint.patterns import parse_datetime
from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity

Bound = int | float | datetime


class EmptyRange(Rule):
    code = "SQ111"
    name = "empty-range"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    node_types = (ast.NumberDomain, ast.StrDomain, ast.DatetimeDomain)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        if isinstance(node, ast.NumberDomain):
            if _empty_numbers(node.range, integers=node.kind == "int", floor=None):
                check.report(node.span, f"`{check.text(node.span)}` matches no {node.kind}")
        elif isinstance(node, ast.StrDomain):
            if node.length is not None and _empty_numbers(node.length, integers=True, floor=0):
                check.report(
                    node.length.span,
                    f"no string has a length in `{check.text(node.length.span)}`",
                )
        elif isinstance(node, ast.DatetimeDomain):
            low, high = _datetime(node.range.low), _datetime(node.range.high)
            if low is not None and high is not None and _empty(node.range, low, high):
                check.report(
                    node.span, f"`{check.text(node.span)}` ends before it starts: no date fits"
                )


def _number(literal: ast.Literal | None) -> int | float | None:
    if isinstance(literal, ast.NumberLiteral):
        return literal.value
    return None


def _empty_numbers(range_: ast.Range, *, integers: bool, floor: int | None) -> bool:
    """True when no number (no integer, when `integers`) lies in the range; `floor` is
    the smallest possible value (0 for lengths), used when the range has no low end."""
    low, high = _number(range_.low), _number(range_.high)
    low_inclusive = range_.low_inclusive
    if low is None and floor is not None and range_.op is not None:
        low, low_inclusive = floor, True
    if range_.op is None:
        return integers and low is not None and not _is_integral(low)
    if low is None or high is None:
        return _open_end_empty(range_, low, high)
    if integers:
        # Lengths and `int` domains hold integers only: tighten both ends to integers.
        first = _first_integer(low, low_inclusive)
        last = _last_integer(high, range_.high_inclusive)
        return first > last
    return _empty(range_, low, high)


def _open_end_empty(range_: ast.Range, low: float | None, high: float | None) -> bool:
    # `inf<..` and `..<-inf` leave nothing.
    if low is not None and math.isinf(low) and low > 0 and not range_.low_inclusive:
        return True
    return high is not None and math.isinf(high) and high < 0 and not range_.high_inclusive


def _empty(range_: ast.Range, low: Bound, high: Bound) -> bool:
    try:
        if range_.low_inclusive and range_.high_inclusive:
            return bool(low > high)  # type: ignore[operator]
        return bool(low >= high)  # type: ignore[operator]
    except TypeError:  # a naive and an aware datetime cannot be compared
        return False


def _is_integral(value: float) -> bool:
    return not math.isinf(value) and float(value).is_integer()


def _first_integer(value: float, inclusive: bool) -> float:
    if math.isinf(value):
        return value
    first = math.ceil(value)
    return first + 1 if (first == value and not inclusive) else first


def _last_integer(value: float, inclusive: bool) -> float:
    if math.isinf(value):
        return value
    last = math.floor(value)
    return last - 1 if (last == value and not inclusive) else last


def _datetime(literal: ast.Literal | None) -> datetime | None:
    if isinstance(literal, ast.StringLiteral):
        return parse_datetime(literal.value)
    return None
