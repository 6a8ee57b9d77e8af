"""Which AST nodes enclose a cursor: the path from a declaration down to the innermost.

Descends from the declaration at the offset, one child at a time, so the cost is the
depth of the tree at that place, not its size (a 2,000-line policy is not walked for
one hover). Iterative: nesting may be thousands of levels deep.
"""

from __future__ import annotations

from sqrt_tools.server.analysis import Analysis
from sqrt_tools.syntax import ast


def path_at(analysis: Analysis, offset: int) -> list[ast.Node]:
    """The nodes whose span holds `offset`, outermost first (empty between declarations).

    A span's end counts as inside, so a cursor right after a name is on the name; when
    two siblings touch, the later one (the one starting at `offset`) wins.
    """
    declaration = analysis.declaration_at(offset)
    if declaration is None:
        return []
    path: list[ast.Node] = [declaration]
    node: ast.Node = declaration
    while True:
        chosen: ast.Node | None = None
        for child in node.children():
            if isinstance(child, ast.DocComment):
                continue
            span = child.span
            if span.start <= offset <= span.end:
                chosen = child
                if span.start == offset or offset < span.end:
                    break
        if chosen is None:
            return path
        path.append(chosen)
        node = chosen


def innermost(path: list[ast.Node], *types: type[ast.Node]) -> ast.Node | None:
    """The deepest node of `path` of one of `types`."""
    for node in reversed(path):
        if isinstance(node, types):
            return node
    return None
