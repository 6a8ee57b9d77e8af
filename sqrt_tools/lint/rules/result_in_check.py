r"""Flags `@result` in a check rule, also when it arrives through a `let`.

## Why it matters
Check rules decide whether the tool may run, so they run before it: the result does
not exist yet. A condition on `@result` sees an empty result every time, so a
`must deny when @result.tags overlaps {...}` never denies anything.

## Example
```sqrt
let from_web = @result.tags overlaps {"untrusted"};
tool "run_shell" {
    must deny when from_web;
}
```

## Instead
```sqrt
let from_web = @args.tags overlaps {"untrusted"};
tool "run_shell" {
    must deny when from_web;
}
```
No automatic fix: test the arguments (`@args.tags`, `ARG.tags`) or the session instead.
"""

from __future__ import annotations

from sqrt_tools.diagnostics import Severity
from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.lint.rules._shared import RESULT_NODES, references_in, via_related, written
from sqrt_tools.semantics import Context, Place
from sqrt_tools.syntax import ast


class ResultInCheck(Rule):
    code = "SQ106"
    name = "result-in-check"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    node_types = RESULT_NODES

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        if context.place is Place.CHECK:
            check.report(
                node.span,
                f"`{written(node)}` in a check rule: checks run before the tool, so the "
                "result is always empty here",
            )

    def finish(self, check: Checker) -> None:
        model = check.model
        for reference in references_in(model, Place.CHECK):
            assert reference.symbol is not None
            access = model.result_access(reference.symbol)
            if access is not None:
                check.report(
                    reference.node.span,
                    f"`{reference.node.name}` reads `{written(access.node)}`, but checks run "
                    "before the tool, so the result is always empty here",
                    related=via_related(access, model),
                )
