"""Helpers shared by several rules (not a rule: no docstring documentation)."""

from __future__ import annotations

from collections.abc import Iterator

from sqrt_tools.diagnostics import Related
from sqrt_tools.semantics import Access, Place, Reference, SemanticModel
from sqrt_tools.syntax import ast

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
