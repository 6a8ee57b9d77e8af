r"""Flags a regex with nested or overlapping quantifiers, such as `(a+)+`, `(a|a)*`,
`(a?){25}` or `(.*?,){11}`, that can take exponential (or high-polynomial) time to fail.

## Why it matters
A backtracking matcher tries every way to split the text among the iterations of
such a pattern: on a long argument that does not match, a policy check can run for
minutes, stalling every tool call of the session. Arguments come from the planning
LLM, which can be steered by a prompt injection into sending exactly such a text.
`sqrt eval`, `sqrt test` and `sqrt inspect --policy` stop a match after a quarter of
a second and deny the call (verdict `regex_timeout`); the service may not.

## Example
```sqrt
tool "lookup" {
    should allow when key.value in {str matching r"^([a-z0-9]+)+$"};
}
```

## Instead
```sqrt
tool "lookup" {
    should allow when key.value in {str matching r"^[a-z0-9]+$"};
}
```
No automatic fix: remove the inner quantifier, or make the alternatives disjoint.
Possessive quantifiers (`a++`) and atomic groups (`(?>...)`) never backtrack and are
not reported.
"""

from __future__ import annotations

from sqrt_tools.lint.patterns import redos_problem
from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class RedosRegex(Rule):
    code = "SQ203"
    name = "redos-regex"
    category = Category.SUSPICIOUS
    severity = Severity.WARNING
    node_types = (ast.StringLiteral,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.StringLiteral)
        if node.kind != "r":
            return
        problem = redos_problem(node.value)
        if problem is not None:
            check.report(
                node.span,
                f"{node.raw} can run for a very long time on a text it does not match: {problem}",
            )
