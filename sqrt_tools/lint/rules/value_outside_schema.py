"""Flags a value test on an argument that no value its schema allows can pass.

## Why it matters
`ARG.value in {...}` and `ARG.value == ...` compare the call's value with what the
policy lists. When the tool's JSON Schema rules a listed element out (a string for an
integer parameter, `int 1..5` where the schema says `minimum: 10`, a literal not in
the parameter's `enum`, a string that fails its `pattern`, `format` or length limits,
a `str ... length` range outside `minLength`/`maxLength`), the test can never be true
for that element, and a rule that depends on it never fires. Each element is judged
against every tool the policy applies to that has the argument; it is flagged only
when it fits none. Sets from a `let` are flagged as a whole, at the name, when no
element fits (the `let` may serve other tools). A regex element is judged against a
parameter's `enum` only: whether two regexes share a string is not decided here.
Silent when no tool definitions are configured.

## Example
```sqrt
tool "set_priority" {
    must deny when level.value in {"urgent", "high"};
}
```
With the agent's tools (`sqrt check --tools tools.json`):
```json
[{"name": "set_priority",
  "input_schema": {"type": "object", "properties": {
    "level": {"type": "string", "enum": ["low", "normal", "high"]}}}}]
```

## Instead
```sqrt
tool "set_priority" {
    must deny when level.value in {"high"};
}
```
There is no automatic fix: whether the element or the schema is wrong is for you to say.
"""

from __future__ import annotations

from typing import Any

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.lint.rules._agent import applying, parameter
from sqrt_tools.lint.rules._schema import why_not
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class ValueOutsideSchema(Rule):
    code = "SQ404"
    name = "value-outside-schema"
    category = Category.TOOLS
    severity = Severity.WARNING
    node_types = (ast.ValueIn, ast.ValueEquals)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        catalog = check.tools
        if catalog is None or context.policy is None:
            return
        if isinstance(node, ast.ValueIn):
            if not isinstance(node.operand, ast.ArgValue):
                return
            argument = node.operand
            tested: ast.Node = node.set
        elif isinstance(node, ast.ValueEquals):
            pair = _argument_and_literal(node)
            if pair is None:
                return
            argument, tested = pair
        else:
            return
        schemas = [
            found.schema
            for tool in applying(catalog, context.policy)
            if (found := parameter(tool, argument.arg.text)) is not None
        ]
        if not schemas:
            return  # unknown-argument's case, or a tool without that parameter
        name = argument.arg.text
        while isinstance(tested, ast.Group):
            tested = tested.inner
        if isinstance(tested, ast.NameRef):
            self._let(tested, name, schemas, check)
            return
        elements = tested.elements if isinstance(tested, ast.SetLiteral) else (tested,)
        for element in elements:
            reason = _reason(element, schemas)
            if reason is not None:
                check.report(
                    element.span,
                    f"`{check.text(element.span)}` can never be a value of `{name}`: {reason}",
                )

    def _let(
        self, reference: ast.NameRef, name: str, schemas: list[dict[str, Any]], check: Checker
    ) -> None:
        symbol = check.model.lets.get(reference.name)
        if symbol is None:
            return
        value: ast.Node = symbol.decl.value
        while isinstance(value, ast.Group):
            value = value.inner
        if isinstance(value, ast.SetLiteral):
            elements: tuple[ast.Node, ...] = value.elements
        elif isinstance(value, _DOMAINS):
            elements = (value,)
        else:
            return
        # A let is used by many policies: judge it once per set of schemas.
        key = ("let", reference.name, tuple(id(schema) for schema in schemas))
        reasons = check.memo.get(key)
        if reasons is None:
            reasons = check.memo[key] = [_reason(element, schemas) for element in elements]
        if elements and all(reasons):
            check.report(
                reference.span,
                f"no element of `{reference.name}` can be a value of `{name}`: "
                f"`{check.text(elements[0].span)}`: {reasons[0]}",
            )


_DOMAINS = (ast.NumberDomain, ast.StrDomain, ast.BoolDomain, ast.DatetimeDomain)


def _argument_and_literal(node: ast.ValueEquals) -> tuple[ast.ArgValue, ast.Node] | None:
    literals = (ast.StringLiteral, ast.NumberLiteral, ast.BoolLiteral)
    if isinstance(node.left, ast.ArgValue) and isinstance(node.right, literals):
        return node.left, node.right
    if isinstance(node.right, ast.ArgValue) and isinstance(node.left, literals):
        return node.right, node.left
    return None


def _reason(element: ast.Node, schemas: list[dict[str, Any]]) -> str | None:
    """The reason for the first schema, when the element fits none of them."""
    reasons = [why_not(element, schema) for schema in schemas]
    return reasons[0] if all(reasons) else None
