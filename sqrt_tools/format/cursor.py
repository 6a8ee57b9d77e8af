"""Walking the source in step with the printer, collecting the comments on the way.

The printer emits a construct's tokens and children in source order. Before each one it
asks the cursor to move there; the comments the cursor passes on the way are the ones
that sit between the previous token and this one, so each comment is printed exactly
between the same two tokens as in the source, and the comments come out in their
source order. The cursor also checks that the source has the token the printer is
about to emit, where it expects it; a mismatch is a formatter bug, reported as
`LayoutError` rather than printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqrt_tools.syntax import ast
from sqrt_tools.syntax.spans import count_line_breaks

_WHITESPACE = re.compile(r"[ \t\f\r\n]*")
_ANY_BREAK = re.compile(r"[\r\n]")  # a line break of any kind (see `syntax.spans`)
# [ours] a region marker is a line comment that says exactly this (spaces are free).
_MARKER = re.compile(r"//\s*sqrt:\s*fmt-(off|on)\s*")
# Trailing white space of a comment line is not kept (the safety check knows).
_TRAILING = " \t\f\v\r"

Marker = Literal["off", "on"]


class LayoutError(Exception):
    """The printer and the source disagree: a formatter bug, never a user error."""


@dataclass(frozen=True, slots=True)
class GapComment:
    """A comment between two tokens, with what the layout needs to know about it."""

    comment: ast.Comment
    own_line: bool  # a line break (or the start of the file) comes before it
    blank_before: bool  # an empty line comes before it

    @property
    def text(self) -> str:
        """The comment as printed: a line comment loses its trailing white space."""
        return printed_comment(self.comment.text)

    @property
    def is_line(self) -> bool:
        """A `//` comment: a line break must follow it."""
        return not self.comment.is_block


class Gap:
    """The comments between two tokens, and the white space after the last of them.

    The facts about that white space are worked out only when asked for: most gaps have
    no comment and are never asked.
    """

    __slots__ = ("_rest", "_text", "comments")

    def __init__(self, comments: tuple[GapComment, ...], text: str, rest: tuple[int, int]) -> None:
        self.comments = comments
        self._text = text
        self._rest = rest  # offsets of the white space after the last comment (or token)

    @property
    def break_after(self) -> bool:
        """A line break between the last comment (or token) and what follows."""
        start, end = self._rest
        return _ANY_BREAK.search(self._text, start, end) is not None

    @property
    def blank_after(self) -> bool:
        """An empty line there."""
        start, end = self._rest
        return _blank(self._text[start:end])


def marker(comment: ast.Comment) -> Marker | None:
    """`off` / `on` for a `// sqrt: fmt-off` / `// sqrt: fmt-on` comment, else None."""
    if comment.is_block:
        return None
    match = _MARKER.fullmatch(printed_comment(comment.text))
    if match is None:
        return None
    return "off" if match.group(1) == "off" else "on"


def printed_comment(text: str) -> str:
    """A comment's text as the formatter prints it (and as the safety check compares it)."""
    return text if text.startswith("/*") else text.rstrip(_TRAILING)


def _blank(segment: str) -> bool:
    return count_line_breaks(segment) >= 2


class SourceCursor:
    """A position in the source; moving it forward collects the comments passed."""

    def __init__(self, text: str, comments: Sequence[ast.Comment]) -> None:
        self.text = text
        self.pos = 0
        self._comments = comments
        self._next = 0  # index of the first comment not yet passed

    def gap_to(self, offset: int) -> Gap:
        """Move to `offset` (the start of a child node); the comments passed."""
        if offset < self.pos:
            raise LayoutError(f"cursor would move back from {self.pos} to {offset}")
        comments = self._comments
        if self._next == len(comments) or comments[self._next].span.start >= offset:
            gap = Gap((), self.text, (self.pos, offset))  # the common case: no comment
            self.pos = offset
            return gap
        collected: list[GapComment] = []
        previous_end = self.pos
        while self._next < len(comments) and comments[self._next].span.start < offset:
            comment = comments[self._next]
            self._next += 1
            if comment.span.start < self.pos:
                raise LayoutError(f"comment at {comment.span.start} was passed over")
            segment = self.text[previous_end : comment.span.start]
            own_line = previous_end == 0 or _ANY_BREAK.search(segment) is not None
            collected.append(GapComment(comment, own_line, _blank(segment)))
            previous_end = comment.span.end
        self.pos = offset
        return Gap(tuple(collected), self.text, (previous_end, offset))

    def gap_before(self, written: str) -> Gap:
        """Move to the next token, which must be `written`; the comments passed."""
        return self.gap_to(self._find(written))

    def token(self, written: str) -> Gap:
        """Move past the next token, which must be `written`; the comments before it."""
        start = self._find(written)
        gap = self.gap_to(start)
        self.pos = start + len(written)
        return gap

    def skip_to(self, offset: int) -> None:
        """Move to `offset`, passing over text that is copied verbatim (comments and all)."""
        comments = self._comments
        while self._next < len(comments) and comments[self._next].span.start < offset:
            self._next += 1
        self.pos = max(self.pos, offset)

    def upcoming(self, offset: int) -> list[ast.Comment]:
        """The comments between the cursor and `offset`, without passing them."""
        found: list[ast.Comment] = []
        index = self._next
        while index < len(self._comments) and self._comments[index].span.start < offset:
            found.append(self._comments[index])
            index += 1
        return found

    def _find(self, written: str) -> int:
        """Where the next token starts: past white space and comments from `pos`."""
        text = self.text
        comments = self._comments
        index = self._next
        pos = self.pos
        while True:
            match = _WHITESPACE.match(text, pos)
            pos = match.end() if match else pos
            if index < len(comments) and comments[index].span.start == pos:
                pos = comments[index].span.end
                index += 1
                continue
            break
        if not text.startswith(written, pos):
            found = text[pos : pos + len(written) + 10]
            raise LayoutError(f"expected {written!r} at offset {pos}, found {found!r}")
        return pos
