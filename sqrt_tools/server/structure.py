"""Folding ranges and selection ranges: the shape of the text, from the AST."""

from __future__ import annotations

from lsprotocol import types

from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.locate import path_at
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.syntax import ast

# [ours] A selection range is a linked chain that clients and the JSON encoder walk
# recursively; in a thousands-deep expression only the innermost levels are kept.
MAX_SELECTION_DEPTH = 100

# Nodes that fold when they span several lines.
_FOLDABLE = (
    ast.LetDecl,
    ast.ToolPolicy,
    ast.ToolShorthand,
    ast.ResultBlock,
    ast.SessionBlock,
    ast.WhenBlock,
    ast.CheckRule,
    ast.SetLiteral,
)


def folding_ranges(analysis: Analysis) -> list[types.FoldingRange]:
    positions = analysis.positions
    ranges: list[types.FoldingRange] = []

    def fold(start: int, end: int, kind: str | None = None) -> None:
        first = positions.line_of(start)
        last = positions.line_of(end)
        if last > first:
            ranges.append(types.FoldingRange(start_line=first, end_line=last, kind=kind))

    for declaration in analysis.program.declarations:
        for node in declaration.walk():
            if isinstance(node, _FOLDABLE):
                fold(node.span.start, node.span.end)
            docs: tuple[ast.DocComment, ...] = getattr(node, "docs", ())
            if len(docs) > 1:
                fold(docs[0].span.start, docs[-1].span.end, types.FoldingRangeKind.Comment)
    # Runs of line comments and multi-line block comments.
    run_start: int | None = None
    run_end = 0
    previous_line = -2
    for comment in analysis.program.comments:
        line = positions.line_of(comment.span.start)
        if comment.is_block:
            fold(comment.span.start, comment.span.end, types.FoldingRangeKind.Comment)
            continue
        if run_start is not None and line == previous_line + 1:
            run_end = comment.span.end
        else:
            if run_start is not None:
                fold(run_start, run_end, types.FoldingRangeKind.Comment)
            run_start, run_end = comment.span.start, comment.span.end
        previous_line = line
    if run_start is not None:
        fold(run_start, run_end, types.FoldingRangeKind.Comment)
    ranges.sort(key=lambda item: (item.start_line, -item.end_line))
    return ranges


def selection_range(analysis: Analysis, offset: int) -> types.SelectionRange:
    """Ever wider ranges around `offset`: the innermost node, its parents, the file."""
    positions = analysis.positions
    whole = types.SelectionRange(range=positions.range(0, len(analysis.text)))
    current = whole
    seen: set[tuple[int, int]] = {(0, len(analysis.text))}
    path = path_at(analysis, offset)
    if len(path) > MAX_SELECTION_DEPTH:
        path = [path[0], *path[-(MAX_SELECTION_DEPTH - 1) :]]
    for node in path:
        key = (node.span.start, node.span.end)
        if key in seen:
            continue
        seen.add(key)
        current = types.SelectionRange(range=positions.range(*key), parent=current)
    return current


def register(server: SqrtServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_FOLDING_RANGE, [])
    def folding(params: types.FoldingRangeParams) -> list[types.FoldingRange]:
        analysis = server.analysis(params.text_document.uri)
        return folding_ranges(analysis) if analysis is not None else []

    @server.handle(types.TEXT_DOCUMENT_SELECTION_RANGE, [])
    def selection(params: types.SelectionRangeParams) -> list[types.SelectionRange]:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return []
        return [
            selection_range(analysis, analysis.positions.offset(position))
            for position in params.positions
        ]
