"""The document algebra the formatter lays out: text, lines, groups and indents.

A Wadler/Prettier-style document describes every layout a piece of code may take; the
renderer (`render.py`) picks, group by group from the outside in, the flat layout when
it fits in the line width and the broken one when it does not.

- a `str` is text without a line break;
- `Line` is a place where the layout may break: `LINE` is a space when flat, `SOFT`
  nothing when flat, `HARD` always a line break;
- `Group` is laid out flat or broken as a whole; `Indent` indents the lines that
  start inside it by one level;
- `Verbatim` is text copied as it is (comments, fmt-off regions, strings that span
  lines); a line break inside it is not re-indented;
- `BREAK` forces every enclosing group to break (after a `//` comment);
- `Mark` records where its position falls in the output (for range formatting).

Every node knows at construction whether it holds a forced break (`hard`), so that the
renderer never has to search a subtree: documents can be deep, and nothing here
recurses.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import TypeAlias


class DocNode:
    """Base of the non-text documents; `hard` is true when a forced break is inside."""

    __slots__ = ("hard",)

    def __init__(self, hard: bool) -> None:
        self.hard = hard


Doc: TypeAlias = "str | DocNode"


def _is_hard(doc: Doc) -> bool:
    return not isinstance(doc, str) and doc.hard


class Concat(DocNode):
    """Documents one after the other."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Doc, ...]) -> None:
        hard = False
        for part in parts:
            if not isinstance(part, str) and part.hard:
                hard = True
                break
        super().__init__(hard)
        self.parts = parts


class Group(DocNode):
    """Flat if it fits on the rest of the line (and holds no forced break), else broken."""

    __slots__ = ("contents",)

    def __init__(self, contents: Doc) -> None:
        super().__init__(_is_hard(contents))
        self.contents = contents


class Indent(DocNode):
    """Lines that start inside are indented one level more."""

    __slots__ = ("contents",)

    def __init__(self, contents: Doc) -> None:
        super().__init__(_is_hard(contents))
        self.contents = contents


class LineKind(Enum):
    LINE = "line"  # a space when flat
    SOFT = "soft"  # nothing when flat
    HARD = "hard"  # always a line break


class Line(DocNode):
    __slots__ = ("kind",)

    def __init__(self, kind: LineKind) -> None:
        super().__init__(kind is LineKind.HARD)
        self.kind = kind


class Verbatim(DocNode):
    """Text copied as it is, line breaks and all. A line break inside does not force
    the enclosing groups to break: a string that spans lines can stay in a flat group,
    and the width check only measures up to its first line break."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        super().__init__(False)
        self.text = text


class BreakParent(DocNode):
    """Forces the enclosing groups to break; prints nothing."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(True)


class Mark(DocNode):
    """Prints nothing; the renderer records the output offset where it falls."""

    __slots__ = ("key",)

    def __init__(self, key: object) -> None:
        super().__init__(False)
        self.key = key


LINE = Line(LineKind.LINE)
SOFT = Line(LineKind.SOFT)
HARD = Line(LineKind.HARD)
BREAK = BreakParent()
EMPTY: Doc = ""


def concat(parts: Iterable[Doc]) -> Doc:
    """The documents in order; drops empty text, avoids one-element wrappers."""
    kept = [part for part in parts if part.__class__ is not str or part]
    if not kept:
        return EMPTY
    if len(kept) == 1:
        return kept[0]
    return Concat(tuple(kept))


def group(*parts: Doc) -> Doc:
    return Group(concat(parts))


def indent(*parts: Doc) -> Doc:
    return Indent(concat(parts))


def text(value: str) -> Doc:
    """Source text: plain when it is one line, `Verbatim` when it spans lines."""
    return Verbatim(value) if "\n" in value else value
