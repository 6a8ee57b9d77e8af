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
    if _surely_shallow(ctx.cursor.text, node) or not nested_deeper_than(node, MAX_NESTING):
        return declaration(ctx, node)
    written = ctx.cursor.text[start_of(node) : node.span.end]
    ctx.cursor.skip_to(node.span.end)
    return Verbatim(written)


def _surely_shallow(text: str, node: ast.Node) -> bool:
    """A quick bound that spares most declarations the walk of `nested_deeper_than`.

    Chains are loops, so only parentheses and `not` make a tree deeper: a declaration
    without them has at most about 20 levels (program, tool, block, `when`, then one
    node per precedence level down to a literal); each `(` adds at most one node per
    precedence level again, each `not` one. Counting `not` inside names only
    over-estimates.
    """
    start, end = start_of(node), node.span.end
    parens, nots = text.count("(", start, end), text.count("not", start, end)
    return _BASE_LEVELS + _LEVELS_PER_PAREN * parens + nots <= MAX_NESTING


_BASE_LEVELS = 24
_LEVELS_PER_PAREN = 12


def nested_deeper_than(node: ast.Node, limit: int) -> bool:
    """True when printing `node` would nest more than `limit` levels (no recursion).

    A chain of one operator (`a or b or c ...`) is printed in a loop, not one level per
    link, so going from a link to the link on its left does not count as a level.
    """
    stack: list[tuple[ast.Node, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return True
        left = _next_link(current)
        for child in current.children():
            stack.append((child, depth if child is left else depth + 1))
    return False


def _next_link(node: ast.Node) -> ast.Node | None:
    """The link that continues `node`'s chain on its left, if there is one."""
    if isinstance(node, ast.BoolOp):
        left = node.left
        return left if isinstance(left, ast.BoolOp) and left.op == node.op else None
    if isinstance(node, ast.SetOp):
        left = node.left
        return left if isinstance(left, ast.SetOp) and left.op == node.op else None
    if isinstance(node, ast.WithElement):
        return node.set if isinstance(node.set, ast.WithElement) else None
    return None
