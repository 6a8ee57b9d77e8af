r"""Flags `r"..."`, `w"..."` or a value domain inside a set that is compared with
`overlaps`, `subset of`, `superset of` or `==`, where it is compared as plain text.

## Why it matters
Patterns and domains only match in `VALUE in SET`. Metadata sets (tags, producers,
consumers) hold plain strings, and set comparisons compare elements as text: the tag
`"untrusted-web"` does not overlap `{w"untrusted*"}`, so the deny never fires. The
element may sit in a `let` far from the comparison; the message points there.

## Example
```sqrt
tool "run_shell" {
    must deny when command.tags overlaps {w"untrusted*"};
}
```

## Instead
```sqrt
tool "run_shell" {
    must deny when command.tags overlaps {"untrusted", "untrusted-web"};
}
```
No automatic fix: list the tags themselves.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Related, Severity

_DOMAINS = (ast.BoolDomain, ast.NumberDomain, ast.StrDomain, ast.DatetimeDomain)


class PatternInMetadataSet(Rule):
    code = "SQ204"
    name = "pattern-in-metadata-set"
    category = Category.SUSPICIOUS
    severity = Severity.WARNING
    node_types = (ast.SetComparison,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        assert isinstance(node, ast.SetComparison)
        for element, via in _elements(node.right, check):
            what = _describe(element)
            if via is None:
                check.report(
                    element.span,
                    f"{what} in a set compared with `{node.op}` is compared as plain text, "
                    "not matched",
                )
            else:
                check.report(
                    via.span,
                    f"`{via.name}` holds {what}, and `{node.op}` compares it as plain text, "
                    "not as a pattern",
                    related=(Related(element.span, "the pattern"),),
                )


def _describe(element: ast.Node) -> str:
    if isinstance(element, ast.StringLiteral):
        return "a regex" if element.kind == "r" else "a wildcard"
    return "a value domain"


def _elements(expr: ast.Node, check: Checker) -> list[tuple[ast.Node, ast.NameRef | None]]:
    out: list[tuple[ast.Node, ast.NameRef | None]] = []
    stack: list[ast.Node] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Group):
            stack.append(node.inner)
        elif isinstance(node, ast.SetOp):
            stack.extend((node.right, node.left))
        elif isinstance(node, ast.WithElement):
            stack.extend((node.element, node.set))
        elif isinstance(node, ast.SetLiteral):
            stack.extend(reversed(node.elements))
        elif isinstance(node, ast.StringLiteral):
            if node.kind in ("r", "w"):
                out.append((node, None))
        elif isinstance(node, _DOMAINS):
            out.append((node, None))
        elif isinstance(node, ast.NameRef):
            out.extend((element, node) for element in _let_patterns(node.name, check))
    return out


def _let_patterns(name: str, check: Checker) -> list[ast.Node]:
    """The pattern elements a `let` set holds, through other lets.

    Computed once per file for every `let`, in source order, so that each one only
    looks into lets already done (a forward reference finds nothing; it is an error of
    its own) and chains of thousands of lets need no recursion.
    """
    cache: dict[str, list[ast.Node]] | None = check.memo.get("lets")
    if cache is None:
        cache = {}
        check.memo["lets"] = cache
        for symbol in check.model.let_symbols:
            if not symbol.is_duplicate:
                cache[symbol.name] = [element for element, _ in _elements(symbol.decl.value, check)]
    return cache.get(name, [])
