"""Text ranges that fixes replace, found from the AST's spans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqrt_tools.syntax import ast
from sqrt_tools.syntax.spans import Span

if TYPE_CHECKING:
    from sqrt_tools.lint.rule import Checker


def declaration_removal(check: Checker, decl: ast.LetDecl) -> Span | None:
    """The range that removes `decl` with its doc comments and, when the declaration
    has its line(s) to itself, the whole lines. None when an ordinary comment lies
    inside it, since removing the declaration would lose the comment."""
    source = check.source
    start = decl.docs[0].span.start if decl.docs else decl.span.start
    end = decl.span.end
    if check.comments_within(start, end):
        return None
    line_start = source.rfind("\n", 0, start) + 1
    after = end
    while after < len(source) and source[after] in " \t\r":
        after += 1
    if source[line_start:start].strip():
        return check.span(start, after)  # other code before it on the line stays
    if after >= len(source) or source[after] == "\n":
        return check.span(line_start, min(after + 1, len(source)))
    return check.span(line_start, after)  # keep a trailing comment or code


def operator_span(check: Checker, node: ast.SetOp) -> Span | None:
    """Where the operator of a binary set operation is written."""
    source = check.source
    index = node.left.span.end
    stop = node.right.span.start
    while index < stop:
        if source[index].isspace():
            index += 1
        elif source.startswith("//", index):
            newline = source.find("\n", index)
            index = stop if newline == -1 else newline + 1
        elif source.startswith("/*", index):
            close = source.find("*/", index + 2)
            index = stop if close == -1 else close + 2
        elif source.startswith(node.symbol, index):
            return check.span(index, index + len(node.symbol))
        else:
            return None
    return None
