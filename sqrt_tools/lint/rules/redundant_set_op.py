r"""Flags a set operation that cannot change its other operand: `x | {}`, `x - {}`,
`x ^ {}`, `x & {"*"}`.

## Why it matters
Such an operation is noise at best; more often a placeholder was left in, or the
wrong operator was used (`x & {}` is always empty, `x | {"*"}` is everyone, but
`x & {"*"}` is just `x`), so the policy is not doing the filtering its author intended.

## Example
```sqrt
tool "summarize_text" {
    result {
        @consumers &= text.consumers & {"*"};
    }
}
```

## Instead
```sqrt
tool "summarize_text" {
    result {
        @consumers &= text.consumers;
    }
}
```
`sqrt check --fix` replaces the operation by its other operand.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, FixAvailability, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.semantics.static_sets import literal_value
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Fix, Severity, TextEdit

# For each operator, the literal operand that leaves the other one unchanged, and on
# which side it may stand.
_NEUTRAL = {"union": "empty", "minus": "empty", "xor": "empty", "intersect": "universal"}
_COMMUTES = {"union": True, "xor": True, "intersect": True, "minus": False}


class RedundantSetOp(Rule):
    code = "SQ303"
    name = "redundant-set-op"
    category = Category.STYLE
    severity = Severity.INFO
    fix = FixAvailability.SOMETIMES
    node_types = (ast.SetOp,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.SetOp)
        neutral = _NEUTRAL[node.op]
        if _is(node.right, neutral):
            kept, dropped = node.left, node.right
        elif _COMMUTES[node.op] and _is(node.left, neutral):
            kept, dropped = node.right, node.left
        else:
            return
        fix = None
        if not check.comments_within(node.span.start, node.span.end):
            fix = Fix(
                f"Replace with `{check.text(kept.span)}`",
                (TextEdit(node.span, check.text(kept.span)),),
            )
        check.report(
            node.span,
            f"`{node.symbol} {check.text(dropped.span)}` does not change the other operand",
            fix=fix,
        )


def _is(expr: ast.Node, neutral: str) -> bool:
    while isinstance(expr, ast.Group):
        expr = expr.inner
    if not isinstance(expr, ast.SetLiteral):
        return False
    value = literal_value(expr)
    return value.is_empty if neutral == "empty" else value.is_universal
