"""The document of a whole file: its declarations, comments and verbatim parts."""

from __future__ import annotations

from sqrt_tools.format.context import Context, start_of
from sqrt_tools.format.declarations import declaration
from sqrt_tools.format.doc import EMPTY, HARD, Doc, Verbatim, concat
from sqrt_tools.format.lists import item_list
from sqrt_tools.syntax import ast

# [ours] Declarations nested deeper than this are copied as written: the printer
# recurses once per level, and a policy this deep was not written by hand. (The
# reference parser accepts 5,000 nested parentheses; Python's stack would not.)
MAX_NESTING = 100


def program_doc(ctx: Context, program: ast.Program) -> Doc:
    body = item_list(
        ctx,
        program.declarations,
        _declaration_or_verbatim,
        end=len(ctx.cursor.text),
        file_level=True,
        blank_rule=_around_tool_policies,
    )
    if body == EMPTY:
        return EMPTY
    return concat((body, HARD))  # one line break at the end of the file


def _around_tool_policies(previous: ast.Node, following: ast.Node) -> bool:
    """[ours] One empty line before and after every tool policy in block form."""
    return isinstance(previous, ast.ToolPolicy) or isinstance(following, ast.ToolPolicy)


def _declaration_or_verbatim(ctx: Context, node: ast.Node) -> Doc:
    if not nested_deeper_than(node, MAX_NESTING):
        return declaration(ctx, node)
    written = ctx.cursor.text[start_of(node) : node.span.end]
    ctx.cursor.skip_to(node.span.end)
    return Verbatim(written)


def nested_deeper_than(node: ast.Node, limit: int) -> bool:
    """True when the tree under `node` has more than `limit` levels (no recursion)."""
    stack: list[tuple[ast.Node, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in current.children())
    return False
