"""Positions in source text: the one span type, and conversions at the edges.

Inside the toolkit a position is a character offset into the source string. People
and CI systems want 1-based line and column (columns count code points); the language
server wants 0-based lines and UTF-16 code units. `LineIndex` does those conversions.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple


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

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

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
        start = self.line_start(line)
        end = self.text.find("\n", start)
        return self.text[start : end if end != -1 else len(self.text)].rstrip("\r")

    def offset(self, line: int, column: int) -> int:
        """Offset of 1-based (`line`, `column`), clamped to the line's end."""
        start = self.line_start(line)
        line_end = self.text.find("\n", start)
        line_end = len(self.text) if line_end == -1 else line_end
        return min(start + max(column, 1) - 1, line_end)

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
        end = self.text.find("\n", start)
        end = len(self.text) if end == -1 else end
        units = 0
        offset = start
        while offset < end and units < character:
            units += 2 if ord(self.text[offset]) > 0xFFFF else 1
            offset += 1
        return offset


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
