"""Offsets inside, LSP positions at the edge: one converter per document text.

The toolkit works in character offsets (`Span.start`/`end`). LSP clients count lines
and columns their own way: a line ends at `\\n`, `\\r\\n` or a lone `\\r` (the LSP
specification), and columns are counted in the position encoding agreed at
initialisation: UTF-16 code units unless the client offered UTF-8 or UTF-32 and pygls
picked it (Neovim offers UTF-8 first). Lines are those of `syntax.spans.line_bounds`
(the one definition every tool shares); `syntax.spans.LineIndex` counts columns in
code points and UTF-16 only, so the server keeps this small converter of its own.

Every conversion clamps: positions past the end of a line or of the text, or negative
ones, land on the nearest real place instead of raising.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Literal

from lsprotocol import types

from sqrt_tools.syntax.spans import line_bounds

Encoding = Literal["utf-8", "utf-16", "utf-32"]


def encoding_of(kind: object) -> Encoding:
    """The negotiated `PositionEncodingKind` as one of ours (UTF-16 when unknown)."""
    value = getattr(kind, "value", kind)
    if value == "utf-8":
        return "utf-8"
    if value == "utf-32":
        return "utf-32"
    return "utf-16"


def _units(text: str, encoding: Encoding) -> int:
    """Length of `text` in code units of `encoding`."""
    if text.isascii() or encoding == "utf-32":
        return len(text)
    if encoding == "utf-16":
        return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
    return len(text.encode("utf-8", "surrogatepass"))


def _char_units(char: str, encoding: Encoding) -> int:
    code = ord(char)
    if encoding == "utf-32" or code < 0x80:
        return 1
    if encoding == "utf-16":
        return 2 if code > 0xFFFF else 1
    if code < 0x800:
        return 2
    return 3 if code < 0x10000 else 4


class Positions:
    """Converts offsets of one text to LSP positions and back."""

    __slots__ = ("_ends", "_starts", "encoding", "text")

    def __init__(self, text: str, encoding: Encoding = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self._starts, self._ends = line_bounds(text)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_of(self, offset: int) -> int:
        """0-based line holding `offset` (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        return bisect_right(self._starts, offset) - 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 0-based `line` (clamped)."""
        line = max(0, min(line, len(self._starts) - 1))
        return self._starts[line]

    def line_end(self, line: int) -> int:
        """Offset of the line break that ends 0-based `line` (clamped)."""
        line = max(0, min(line, len(self._ends) - 1))
        return self._ends[line]

    def position(self, offset: int) -> types.Position:
        """The LSP position of `offset`."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        # An offset between `\r` and `\n` is not a place a client can name: use the end.
        offset = min(offset, self._ends[line])
        return types.Position(line, _units(self.text[start:offset], self.encoding))

    def range(self, start: int, end: int) -> types.Range:
        """The LSP range of the offsets `[start, end)`."""
        return types.Range(self.position(start), self.position(max(start, end)))

    def offset(self, position: types.Position) -> int:
        """The offset an LSP position names; past a line's end means the line's end."""
        line = position.line
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start = self._starts[line]
        end = self._ends[line]
        character = max(0, position.character)
        segment = self.text[start:end]
        if segment.isascii() or self.encoding == "utf-32":
            return start + min(character, end - start)
        units = 0
        offset = start
        while offset < end:
            width = _char_units(self.text[offset], self.encoding)
            if units + width > character:
                break
            units += width
            offset += 1
        return offset

    def offsets(self, span: types.Range) -> tuple[int, int]:
        """The offsets `[start, end)` of an LSP range (ends before starts are swapped)."""
        start = self.offset(span.start)
        end = self.offset(span.end)
        return (start, end) if start <= end else (end, start)
