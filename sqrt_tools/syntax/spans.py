"""Positions in source text: the one span type, and conversions at the edges.

Inside the toolkit a position is a character offset into the source string. People
and CI systems want 1-based line and column (columns count code points); the language
server wants 0-based lines and UTF-16 code units. `LineIndex` does those conversions.

What a line is, once for every tool (`sqrt check`, the formatter, the language
server): a line ends at `\n`, `\r\n` or a lone `\r`, as the LSP specification says
(`LINE_BREAK`, `line_bounds`). This is about counting lines; what ends a `//` comment
is the grammar's business (`\n` only, as in the service's parser).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ANY_BREAK = re.compile(r"[\r\n]")


def line_bounds(text: str) -> tuple[list[int], list[int]]:
    """The start offset of every line and the offset of the break that ends it (the
    text's length for the last line)."""
    starts = [0]
    ends: list[int] = []
    if "\r" not in text:  # the common case, without the regular expression
        find = text.find
        pos = find("\n")
        while pos != -1:
            ends.append(pos)
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
    else:
        for match in LINE_BREAK.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
    ends.append(len(text))
    return starts, ends


def line_end_at(text: str, pos: int) -> int:
    """The offset of the first line break at or after `pos` (the text's length if none)."""
    match = _ANY_BREAK.search(text, pos)
    return match.start() if match is not None else len(text)


def first_on_line(text: str, pos: int) -> bool:
    """True when only blanks stand between the start of `pos`'s line and `pos`.

    Walks back over the blanks only (not to the line's start), so asking this of
    every token of a long line stays linear.
    """
    index = pos
    while index > 0 and text[index - 1] in " \t\f\v":
        index -= 1
    return index == 0 or text[index - 1] in "\r\n"


def count_line_breaks(text: str) -> int:
    """How many line breaks `text` holds (`\r\n` counts once)."""
    if "\r" not in text:
        return text.count("\n")
    return len(LINE_BREAK.findall(text))


class Span(NamedTuple):
    """A half-open range `[start, end)` of character offsets, with 1-based line/column.

    `line`/`column` locate `start`; `end_line`/`end_column` locate `end`. Columns count
    code points from 1. Spans never take part in AST equality (see `ast.Node`). A named
    tuple because the parser makes one per node and tuples are the cheapest to build.
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def cover(self, other: Span) -> Span:
        """The smallest span containing both `self` and `other`."""
        first = self if self.start <= other.start else other
        last = self if self.end >= other.end else other
        return Span(first.start, last.end, first.line, first.column, last.end_line, last.end_column)

    def contains(self, offset: int) -> bool:
        """True when `offset` lies inside the span (an end offset counts as inside)."""
        return self.start <= offset <= self.end


class LineIndex:
    """Maps offsets to lines and columns, and back, for one source string."""

    __slots__ = ("_ends", "_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts, self._ends = line_bounds(text)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of `offset`, column in code points."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        """A `Span` for the offsets `[start, end)` (clamped to the text)."""
        length = len(self.text)
        if not 0 <= start <= end <= length:
            start = max(0, min(start, length))
            end = max(start, min(end, length))
        starts = self._starts
        line = bisect_right(starts, start)
        # The parser makes a span per node, and most end on the line they start on:
        # one comparison instead of a second search.
        ends_later = line < len(starts) and end >= starts[line]
        end_line = bisect_right(starts, end) if ends_later else line
        return Span(
            start,
            end,
            line,
            start - starts[line - 1] + 1,
            end_line,
            end - starts[end_line - 1] + 1,
        )

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based `line` (clamped to the text)."""
        if line < 1:
            return 0
        if line > len(self._starts):
            return len(self.text)
        return self._starts[line - 1]

    def line_text(self, line: int) -> str:
        """The text of 1-based `line` without its line break."""
        if line > len(self._starts):
            return ""
        line = max(line, 1)
        return self.text[self._starts[line - 1] : self._ends[line - 1]]

    def offset(self, line: int, column: int) -> int:
        """Offset of 1-based (`line`, `column`), clamped to the line's end."""
        start = self.line_start(line)
        line_end = self._ends[min(max(line, 1), len(self._ends)) - 1]
        return max(start, min(start + max(column, 1) - 1, line_end))

    # --- LSP positions: 0-based line, UTF-16 code units -------------------------------

    def to_lsp(self, offset: int) -> tuple[int, int]:
        """(line, character) for the language server: 0-based, UTF-16 code units."""
        line, column = self.line_col(offset)
        start = self._starts[line - 1]
        prefix = self.text[start : start + column - 1]
        return line - 1, _utf16_len(prefix)

    def from_lsp(self, line: int, character: int) -> int:
        """Offset of an LSP position; out-of-range positions clamp to the text."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start = self._starts[line]
        end = self._ends[line]
        units = 0
        offset = start
        while offset < end and units < character:
            units += 2 if ord(self.text[offset]) > 0xFFFF else 1
            offset += 1
        return offset


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
