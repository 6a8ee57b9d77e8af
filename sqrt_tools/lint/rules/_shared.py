"""Helpers shared by several rules (not a rule: no docstring documentation)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from sqrt_tools.lint.rule import Checker, Rule
from sqrt_tools.semantics import Access, Context, Place, Reference, SemanticModel
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Related

RESULT_NODES: tuple[type[ast.Node], ...] = (ast.ResultMeta, ast.ResultValue)


def written(node: ast.Node) -> str:
    """How a context-sensitive node reads in source, for messages."""
    if isinstance(node, ast.ResultMeta):
        return f"@result.{node.field}"
    if isinstance(node, ast.ResultValue):
        return "@result.value"
    if isinstance(node, ast.SubjectMeta):
        return f"@{node.field}"
    return type(node).__name__


def references_in(model: SemanticModel, place: Place) -> Iterator[Reference]:
    for reference in model.references:
        if reference.context.place is place and reference.symbol is not None:
            yield reference


def via_related(access: Access, model: SemanticModel) -> tuple[Related, ...]:
    """Related locations that show how a `let` reaches `access.node`."""
    chain = " -> ".join(f"`{symbol.name}`" for symbol in access.via)
    return (Related(access.node.span, f"`{written(access.node)}` is read here, via {chain}"),)


class ResultBeforeTheCall(Rule):
    """Base of the rules that flag `@result` where the tool has not run yet.

    A subclass names the place (`place`) and says why there is no result there, for a
    direct use (`direct`, with `{node}`) and for a `let` that reads it (`through_let`,
    with `{name}` and `{access}`).
    """

    node_types = RESULT_NODES
    place: ClassVar[Place]
    direct: ClassVar[str]
    through_let: ClassVar[str]

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        if context.place is self.place:
            check.report(node.span, self.direct.format(node=written(node)))

    def finish(self, check: Checker) -> None:
        model = check.model
        for reference in references_in(model, self.place):
            assert reference.symbol is not None
            access = model.result_access(reference.symbol)
            if access is not None:
                message = self.through_let.format(
                    name=reference.node.name, access=written(access.node)
                )
                check.report(reference.node.span, message, related=via_related(access, model))
