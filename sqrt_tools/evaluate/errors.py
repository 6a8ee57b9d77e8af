"""The error of a policy that cannot be evaluated, and the source text helpers it uses."""

from __future__ import annotations

from sqrt_tools.syntax import ast
from sqrt_tools.syntax.spans import Span

EVALUATION_ERROR_RULE = "evaluation-error"
EVALUATION_ERROR_CODE = "SQ900"


class CompileError(Exception):
    """Something in a policy that cannot be evaluated, with where it is."""

    def __init__(self, span: Span, message: str) -> None:
        super().__init__(message)
        self.span = span
        self.message = message


def collapse(text: str) -> str:
    """Source text on one line: runs of white space become one space."""
    return " ".join(text.split())


class SourceText:
    """The text of nodes of one source, on one line."""

    __slots__ = ("source",)

    def __init__(self, source: str) -> None:
        self.source = source

    def __call__(self, node: ast.Node) -> str:
        return collapse(self.source[node.span.start : node.span.end])
