r"""Flags an update that leaves `consumers` empty, so that no one may read the value.

## Why it matters
`consumers` lists who may receive a value; the default is everyone (`{"*"}`). An
empty set means no one: every later tool call that passes the value on, and the final
answer to the user, is refused. Authors usually meant `{"*"}` (anyone) or a named
audience, or wrote `&= {}` instead of `|= {}`.

## Example
```sqrt
tool "redact_pii" {
    result {
        @consumers = {};
    }
}
```

## Instead
```sqrt
tool "redact_pii" {
    result {
        @consumers = {"*"};
    }
}
```
No automatic fix: the right audience is yours to choose.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class EmptyConsumers(Rule):
    code = "SQ114"
    name = "empty-consumers"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    node_types = (ast.Update,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.Update)
        if node.target.field != "consumers" or node.op in ("|=", "^="):
            return
        value = check.model.static_set(node.value)
        if value is None:
            return
        empties = value.is_universal if node.op == "-=" else value.is_empty
        if empties:
            check.report(
                node.span,
                f"`{check.text(node.span).rstrip(';')}` leaves consumers empty: no one may "
                'read the value (`{"*"}` means anyone)',
            )
