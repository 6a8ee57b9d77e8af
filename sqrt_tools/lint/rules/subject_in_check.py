r"""Flags `@tags`, `@producers` or `@consumers` in a check rule, where they have no
subject, also when they arrive through a `let`.

## Why it matters
`@FIELD` means the block's own subject: the result in a `result` block, the session
in a `session` block. A check rule is not a block, so it is unclear what `@tags` reads
there [ours], and different readers (and service versions) may disagree. Say which
metadata the check is about.

## Example
```sqrt
tool "send_sms" {
    must deny when @tags overlaps {"sms_sent"};
}
```

## Instead
```sqrt
tool "send_sms" {
    must deny when @session.tags overlaps {"sms_sent"};
}
```
No automatic fix: write `@session.FIELD`, `@args.FIELD` or `ARG.FIELD`.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.lint.rules._shared import references_in, via_related, written
from sqrt_tools.semantics import Context, Place
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class SubjectInCheck(Rule):
    code = "SQ116"
    name = "subject-in-check"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    node_types = (ast.SubjectMeta,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        # Whether `@FIELD` has a subject is decided in `semantics.context`.
        if context.place is Place.CHECK and context.subject is None:
            check.report(
                node.span,
                f"`{written(node)}` in a check rule has no subject; write "
                f"`@session.{_field(node)}` or `@args.{_field(node)}`",
            )

    def finish(self, check: Checker) -> None:
        model = check.model
        for reference in references_in(model, Place.CHECK):
            assert reference.symbol is not None
            access = model.subject_access(reference.symbol)
            if access is not None:
                check.report(
                    reference.node.span,
                    f"`{reference.node.name}` reads `{written(access.node)}`, which has no "
                    "subject in a check rule",
                    related=via_related(access, model),
                )


def _field(node: ast.Node) -> str:
    return node.field if isinstance(node, ast.SubjectMeta) else "tags"
