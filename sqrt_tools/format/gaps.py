"""How the comments of a gap are laid out, inside a construct and between items.

Inside a construct (between two tokens of a predicate, a set, a rule) a comment keeps
its side: one that followed code on the same line stays there, one that stood on its
own line gets a line of its own. A `//` comment is always followed by a line break.

Between the items of a list (declarations, tool members, block statements) comments
stand on their own lines except trailing ones, and the author's empty lines are kept,
at most one in a row, never right after the opening brace or before the closing one.
"""

from __future__ import annotations

from sqrt_tools.format.cursor import Gap
from sqrt_tools.format.doc import BREAK, EMPTY, HARD, LINE, SOFT, Doc, concat, text


def inline(gap: Gap, separator: Doc) -> Doc:
    """The comments of `gap`, then `separator` (what the layout puts between the tokens)."""
    if not gap.comments:
        return separator
    parts = _comments(gap)
    last = gap.comments[-1]
    if last.is_line:
        parts.append(HARD)
    elif last.own_line and separator != EMPTY:
        # a block comment on a line of its own: what followed it on that line still does
        parts.append(HARD if gap.break_after else " ")
    else:
        # after a trailing block comment the layout goes on as it would without it
        parts.append(LINE if separator is SOFT else separator)
    return concat(parts)


def dangling(gap: Gap) -> Doc:
    """The comments of `gap` before a closing token that the caller puts on a new line
    (or behind a line break of the same group, which a `//` comment forces)."""
    return concat(_comments(gap))


def _comments(gap: Gap) -> list[Doc]:
    parts: list[Doc] = []
    for comment in gap.comments:
        parts.append(HARD if comment.own_line else " ")
        parts.append(text(comment.text))
        if comment.is_line:
            parts.append(BREAK)
    return parts


def between_items(
    gap: Gap,
    *,
    after_opening: bool,
    before_closing: bool,
    blank_required: bool = False,
    file_start: bool = False,
) -> Doc:
    """The comments of a gap in a list, and the line break(s) before the next item.

    `after_opening`: the gap follows `{` (or the start of the file), where no empty line
    goes; `before_closing`: the gap precedes `}` (or the end of the file): its comments
    are laid out but the line break before the closing is the caller's.
    `blank_required`: one empty line must separate the items (around a tool policy);
    it goes at the first line break of the gap unless the author put one elsewhere.
    """
    # Each line break of the gap: (index in parts, the author had an empty line there).
    parts: list[Doc] = []
    breaks: list[tuple[int, bool]] = []
    emitted = False  # anything printed yet in this gap
    for comment in gap.comments:
        if comment.own_line:
            if not (file_start and not emitted):
                allowed = emitted or not after_opening
                breaks.append((len(parts), comment.blank_before and allowed))
                parts.append(HARD)
        else:
            parts.append(" ")
        parts.append(text(comment.text))
        emitted = True
    if not before_closing and not (file_start and not emitted):
        allowed = emitted or not after_opening
        breaks.append((len(parts), gap.blank_after and allowed))
        parts.append(HARD)
    blank_at = {index for index, blank in breaks if blank}
    if blank_required and not blank_at and breaks:
        blank_at.add(breaks[0][0])
    for index in sorted(blank_at, reverse=True):
        parts.insert(index, HARD)
    return concat(parts)
