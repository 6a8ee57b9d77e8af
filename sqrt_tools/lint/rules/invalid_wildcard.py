r"""Flags a `w"..."` wildcard that is empty or holds `[`, `]` or a backslash.

## Why it matters
SQRT wildcards have two special characters: `*` (any run of characters) and `?`
(one character) [doc]. Brackets and backslashes are a character class or an escape to
fnmatch-style matchers and plain text to others [ours], so such a pattern matches
different names depending on the engine; an empty wildcard matches only the empty
text. Either way, the allow-list is not the one you reviewed.

## Example
```sqrt
tool "read_file" {
    should allow when path.value in {str like w"/srv/src/*.[ch]"};
}
```

## Instead
```sqrt
tool "read_file" {
    should allow when path.value in {str like w"/srv/src/*.c", str like w"/srv/src/*.h"};
}
```
No automatic fix: use several wildcards, or a regex when you need classes.
"""

from __future__ import annotations

from sqrt_tools.lint.patterns import decoded_offsets, wildcard_problem
from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class InvalidWildcard(Rule):
    code = "SQ109"
    name = "invalid-wildcard"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    node_types = (ast.StringLiteral,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.StringLiteral)
        if node.kind != "w":
            return
        problem = wildcard_problem(node.value)
        if problem is None:
            return
        message, position = problem
        span = node.span
        if position is not None:
            offset = decoded_offsets(node)[position]
            span = check.span(offset, offset + 1)
        check.report(span, f"invalid wildcard: {message}")
