"""Lists of items: the declarations of a file, the members of a tool policy, the
statements of a block. Items go one per line; comments between them keep their lines
(see `gaps.between_items`); `// sqrt: fmt-off` ... `// sqrt: fmt-on` regions between
items are copied verbatim.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqrt_tools.format import gaps
from sqrt_tools.format.context import Context, start_of
from sqrt_tools.format.cursor import Gap, marker
from sqrt_tools.format.doc import HARD, Doc, Mark, Verbatim, concat, indent
from sqrt_tools.syntax import ast

Item = TypeVar("Item", bound=ast.Node)
ItemPrinter = Callable[[Context, Item], Doc]
# (previous item, next item) -> must an empty line separate them?
BlankRule = Callable[[ast.Node, ast.Node], bool]


def block(
    ctx: Context, owner: ast.Node, items: Sequence[Item], print_item: ItemPrinter[Item]
) -> Doc:
    """`{`, the items one per line one level deeper, `}`; `{}` when there is nothing.

    `owner` is the node the block ends (its last token is the closing brace)."""
    opening = ctx.tok("{", " ")
    closing_at = owner.span.end - 1
    if not items and not ctx.cursor.upcoming(closing_at):
        return concat((opening, ctx.tok("}")))
    body = item_list(ctx, items, print_item, end=closing_at)
    return concat((opening, indent(body), HARD, ctx.tok("}")))


def item_list(
    ctx: Context,
    items: Sequence[Item],
    print_item: ItemPrinter[Item],
    *,
    end: int,
    file_level: bool = False,
    blank_rule: BlankRule | None = None,
) -> Doc:
    """The items and the comments around them, up to the offset `end` (the closing
    brace or the end of the file); the caller puts the break before the closing."""
    cursor = ctx.cursor
    parts: list[Doc] = []
    index = 0
    previous: ast.Node | None = None
    opening = True  # nothing printed yet since `{` or the start of the file
    while True:
        at_end = index == len(items)
        target = end if at_end else start_of(items[index])
        upcoming = cursor.upcoming(target)
        off = next((c for c in upcoming if _is_marker(c, "off")), None)
        if off is not None:
            head = cursor.gap_to(off.span.end)
            parts.append(_between(head, opening, True, False, file_level))
            region_end = _region_end(cursor.upcoming(end), off, items[index:])
            parts.append(Verbatim(cursor.text[off.span.end : region_end]))
            cursor.skip_to(region_end)
            while index < len(items) and items[index].span.end <= region_end:
                index += 1
            previous, opening = None, False
            continue
        gap = cursor.gap_to(target)
        blank = (
            blank_rule is not None
            and previous is not None
            and not at_end
            and blank_rule(previous, items[index])
        )
        parts.append(_between(gap, opening, at_end, blank, file_level))
        if at_end:
            return concat(parts)
        item = items[index]
        if file_level:
            parts.extend((Mark(("start", index)), print_item(ctx, item), Mark(("end", index))))
        else:
            parts.append(print_item(ctx, item))
        previous, opening = item, False
        index += 1


def _between(gap: Gap, opening: bool, closing: bool, blank: bool, file_level: bool) -> Doc:
    return gaps.between_items(
        gap,
        after_opening=opening,
        before_closing=closing,
        blank_required=blank,
        file_start=file_level and opening,
    )


def _is_marker(comment: ast.Comment, kind: str) -> bool:
    return marker(comment) == kind


def _region_end(upcoming: list[ast.Comment], off: ast.Comment, items: Sequence[ast.Node]) -> int:
    """Where a region that starts at the `off` marker ends: after the next `fmt-on`
    marker between the items of this list, else after the last thing in the list."""
    starts = [start_of(item) for item in items]
    for comment in upcoming:
        if comment.span.start <= off.span.start or not _is_marker(comment, "on"):
            continue
        position = bisect_right(starts, comment.span.start) - 1
        inside_item = position >= 0 and comment.span.start < items[position].span.end
        if not inside_item:
            return comment.span.end
    ends = [off.span.end, *(comment.span.end for comment in upcoming)]
    if items:
        ends.append(items[-1].span.end)
    return max(ends)
