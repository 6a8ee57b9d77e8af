r"""Flags `@result` in a `session before` block, where no result exists yet, also when
a `let` that reads `@result` is used there.

## Why it matters
`session before` blocks run before the tool is called. There is no result to read,
so the update uses an empty or missing value and the session metadata is not what the
author meant (a counter never increments, a taint is never recorded).

## Example
```sqrt
tool "fetch_url" {
    session before {
        @tags |= @result.tags;
    }
}
```

## Instead
```sqrt
tool "fetch_url" {
    session after {
        @tags |= @result.tags;
    }
}
```
No automatic fix: move the update to `session after` (or to a `result` block).
"""

from __future__ import annotations

from sqrt_tools.diagnostics import Severity
from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.lint.rules._shared import RESULT_NODES, references_in, via_related, written
from sqrt_tools.semantics import Context, Place
from sqrt_tools.syntax import ast


class ResultInSessionBefore(Rule):
    code = "SQ105"
    name = "result-in-session-before"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    node_types = RESULT_NODES

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        if context.place is Place.SESSION_BEFORE:
            check.report(
                node.span,
                f"`{written(node)}` in a `session before` block: the tool has not run yet, "
                "so there is no result",
            )

    def finish(self, check: Checker) -> None:
        model = check.model
        for reference in references_in(model, Place.SESSION_BEFORE):
            assert reference.symbol is not None
            access = model.result_access(reference.symbol)
            if access is not None:
                check.report(
                    reference.node.span,
                    f"`{reference.node.name}` reads `{written(access.node)}`, and this "
                    "`session before` block runs before the tool, so there is no result",
                    related=via_related(access, model),
                )
