r"""Flags `is universal` on tags or producers, which only consumers use.

## Why it matters
Only `consumers` starts universal (`{"*"}`, anyone may read); tags and producers
start empty and grow by union, so they are never universal in practice and the test
is always false. The author usually meant `is empty`, or the consumers field.

## Example
```sqrt
tool "publish" {
    must deny when not doc.tags is universal;
}
```

## Instead
```sqrt
tool "publish" {
    must deny when not doc.consumers is universal;
}
```
No automatic fix.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class UniversalTags(Rule):
    code = "SQ205"
    name = "universal-tags"
    category = Category.SUSPICIOUS
    severity = Severity.WARNING
    node_types = (ast.SetTest,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.SetTest)
        field = node.operand.field
        if node.test == "universal" and field in ("tags", "producers"):
            check.report(
                node.span,
                f'{field} are never universal (only consumers start as `{{"*"}}`), so '
                "this test is always false",
            )
