r"""Flags the keyword synonym the project did not pick: `hard`/`soft` against
`must`/`should`, and `union`/`intersect`/`minus`/`xor` against `|`/`&`/`-`/`^`.

## Why it matters
Both spellings mean the same, and a file that mixes them makes readers wonder
whether `hard deny` and `must deny` differ. Pick one per project.

## Example
```sqrt
tool "run_sql" {
    hard deny when query.tags overlaps {"untrusted"};
}
```

## Instead
```sqrt
tool "run_sql" {
    must deny when query.tags overlaps {"untrusted"};
}
```
`sqrt check --fix` converts to the chosen spelling. Off by default.

## Options
- `enforcement`: `"must"` (`must`/`should`, the default) or `"hard"` (`hard`/`soft`).
- `set-operators`: `"symbols"` (`|` `&` `-` `^`, the default) or `"keywords"`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from sqrt_tools.lint.edits import operator_span
from sqrt_tools.lint.rule import Category, Checker, FixAvailability, Option, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Fix, Severity, TextEdit

_ENFORCEMENT = {
    "must": {"hard": "must", "soft": "should"},
    "hard": {"must": "hard", "should": "soft"},
}
_SYMBOLS = {"union": "|", "intersect": "&", "minus": "-", "xor": "^"}


def _one_of(*choices: str) -> Any:
    def validate(value: Any) -> str | None:
        if value in choices:
            return None
        return "must be one of " + ", ".join(f'"{choice}"' for choice in choices)

    return validate


class KeywordSynonym(Rule):
    code = "SQ304"
    name = "keyword-synonym"
    category = Category.STYLE
    severity = Severity.INFO
    enabled_by_default = False
    fix = FixAvailability.ALWAYS
    options: ClassVar[Mapping[str, Option]] = {
        "enforcement": Option(
            "must", "`must` (must/should) or `hard` (hard/soft)", _one_of("must", "hard")
        ),
        "set-operators": Option(
            "symbols", "`symbols` (| & - ^) or `keywords`", _one_of("symbols", "keywords")
        ),
    }
    node_types = (ast.CheckRule, ast.SetOp)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        if isinstance(node, ast.CheckRule):
            wanted = _ENFORCEMENT[check.options["enforcement"]].get(node.enforcement)
            if wanted is None:
                return
            span = check.span(node.span.start, node.span.start + len(node.enforcement))
            check.report(
                span,
                f"`{node.enforcement}` is spelled `{wanted}` in this project",
                fix=Fix(f"Write `{wanted}`", (TextEdit(span, wanted),)),
            )
        elif isinstance(node, ast.SetOp):
            keywords = check.options["set-operators"] == "keywords"
            written_as_keyword = node.symbol.isalpha()
            if written_as_keyword == keywords:
                return
            where = operator_span(check, node)
            if where is None:
                return
            wanted = node.op if keywords else _SYMBOLS[node.op]
            before = check.source[where.start - 1 : where.start]
            after = check.source[where.end : where.end + 1]
            replacement = wanted
            if keywords:  # keywords need space around them to stay keywords
                replacement = ("" if before.isspace() else " ") + wanted
                replacement += "" if after.isspace() else " "
            check.report(
                where,
                f"`{node.symbol}` is spelled `{wanted}` in this project",
                fix=Fix(f"Write `{wanted}`", (TextEdit(where, replacement),)),
            )
