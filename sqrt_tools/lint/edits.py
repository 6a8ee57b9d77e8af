"""Text ranges that fixes replace, found from the AST's spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqrt_tools.syntax import ast
from sqrt_tools.syntax.spans import Span

if TYPE_CHECKING:
    from sqrt_tools.lint.rule import Checker

# Comments that direct the tools rather than describe code.
_DIRECTIVE = re.compile(r"^(?://|/\*)\s*sqrt\s*:")


@dataclass(frozen=True, slots=True)
class Removal:
    """The range that removes a declaration, and the ordinary comments it removes."""

    span: Span
    comments: tuple[Span, ...]


def declaration_removal(check: Checker, decl: ast.LetDecl) -> Removal | None:
    """The range that removes `decl` with its leading comments and, when the declaration
    has its line(s) to itself, the whole lines. None when an ordinary comment lies
    inside it, since removing the declaration would lose the comment.

    Leading comments are the doc comments and the comment lines directly above the
    declaration (no blank line between, each comment alone on its lines): they describe
    it and go with it. A `sqrt:` directive (`sqrt: fmt-off`, `sqrt: ignore[...]`) is
    not a description and stays, and so does everything above it.
    """
    start = decl.docs[0].span.start if decl.docs else decl.span.start
    end = decl.span.end
    if check.comments_within(start, end):
        return None
    leading = _leading_comments(check, start)
    removed = tuple(comment.span for comment in leading)
    if leading:
        start = leading[0].span.start
    span = _whole_lines(check, start, end)
    return Removal(span, removed)


def _leading_comments(check: Checker, start: int) -> list[ast.Comment]:
    """The comments alone on the lines directly above `start`, nearest last."""
    source = check.source
    by_end = {comment.span.end: comment for comment in check.model.program.comments}
    found: list[ast.Comment] = []
    position = source.rfind("\n", 0, start) + 1  # the start of the declaration's line
    if source[position:start].strip():
        return found  # code before the declaration on its line: nothing is "above" it
    while position > 0:
        line_end = position - 1  # the newline that ends the line above
        text_end = line_end - 1 if line_end > 0 and source[line_end - 1] == "\r" else line_end
        stripped_end = text_end  # walk back over blanks: copying the text above was
        while stripped_end > 0 and source[stripped_end - 1] in " \t":  # quadratic
            stripped_end -= 1
        comment = by_end.get(stripped_end)
        if comment is None or _DIRECTIVE.match(comment.text):
            break
        comment_line = source.rfind("\n", 0, comment.span.start) + 1
        if source[comment_line : comment.span.start].strip():
            break  # a trailing comment of code above: it belongs to that code
        found.append(comment)
        position = comment_line
    found.reverse()
    return found


def _whole_lines(check: Checker, start: int, end: int) -> Span:
    source = check.source
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
