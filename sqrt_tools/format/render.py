"""Laying out a document within a line width (the Wadler/Prettier algorithm).

Both loops work on explicit stacks, so a document of any depth renders without
recursion. A group is laid out flat when its flat form, followed by whatever comes
after it up to the next possible line break, fits in the width that is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqrt_tools.format.doc import (
    BreakParent,
    Concat,
    Doc,
    Group,
    Indent,
    Line,
    LineKind,
    Mark,
    Verbatim,
)

INDENT_WIDTH = 4  # [ours] four spaces per level, the project's documented layout

_FLAT = False
_BROKEN = True

# (indentation, broken?, document)
_Command = tuple[int, bool, Doc]


@dataclass(frozen=True, slots=True)
class Rendered:
    """The laid-out text and the output offset of every `Mark`."""

    text: str
    marks: dict[object, int]


def render(doc: Doc, *, width: int, newline: str = "\n") -> Rendered:
    """Lay `doc` out in `width` columns, breaking lines with `newline`."""
    out: list[str] = []
    length = 0  # characters in `out`
    column = 0
    marks: list[tuple[object, int]] = []  # in output order, so offsets never decrease
    stack: list[_Command] = [(0, _BROKEN, doc)]
    while stack:
        indentation, broken, item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            length += len(item)
            column += len(item)
        elif isinstance(item, Concat):
            stack.extend([(indentation, broken, part) for part in reversed(item.parts)])
        elif isinstance(item, Group):
            if item.hard:
                stack.append((indentation, _BROKEN, item.contents))
            elif not broken:
                stack.append((indentation, _FLAT, item.contents))
            else:
                flat = (indentation, _FLAT, item.contents)
                fitting = _fits(flat, stack, width - column)
                stack.append(flat if fitting else (indentation, _BROKEN, item.contents))
        elif isinstance(item, Indent):
            stack.append((indentation + INDENT_WIDTH, broken, item.contents))
        elif isinstance(item, Line):
            if broken or item.kind is LineKind.HARD:
                length = _trim_trailing_spaces(out, length, marks)
                out.append(newline)
                out.append(" " * indentation)
                length += len(newline) + indentation
                column = indentation
            elif item.kind is LineKind.LINE:
                out.append(" ")
                length += 1
                column += 1
        elif isinstance(item, Verbatim):
            out.append(item.text)
            length += len(item.text)
            last_break = item.text.rfind("\n")
            column = column + len(item.text) if last_break < 0 else len(item.text) - last_break - 1
        elif isinstance(item, Mark):
            marks.append((item.key, length))
        else:
            assert isinstance(item, BreakParent)
    _trim_trailing_spaces(out, length, marks)
    return Rendered("".join(out), dict(marks))


def _trim_trailing_spaces(out: list[str], length: int, marks: list[tuple[object, int]]) -> int:
    """Drop the layout spaces at the end of the current line; returns the new length.

    Marks recorded among the dropped spaces move back to the new end of the line.
    """
    while out and out[-1].endswith(" "):
        last = out.pop()
        kept = last.rstrip(" ")
        length -= len(last) - len(kept)
        if kept:
            out.append(kept)
            break
    index = len(marks) - 1
    while index >= 0 and marks[index][1] > length:
        marks[index] = (marks[index][0], length)
        index -= 1
    return length


def _fits(first: _Command, rest: list[_Command], room: int) -> bool:
    """True when `first`, then `rest` up to its next line break, fits in `room` columns."""
    pending: list[_Command] = [first]
    rest_index = len(rest)
    while room >= 0:
        if not pending:
            if rest_index == 0:
                return True
            rest_index -= 1
            pending.append(rest[rest_index])
            continue
        _, broken, item = pending.pop()
        if isinstance(item, str):
            room -= len(item)
        elif isinstance(item, Concat):
            pending.extend([(0, broken, part) for part in reversed(item.parts)])
        elif isinstance(item, Group):
            pending.append((0, broken or item.hard, item.contents))
        elif isinstance(item, Indent):
            pending.append((0, broken, item.contents))
        elif isinstance(item, Line):
            if broken or item.kind is LineKind.HARD:
                return True
            if item.kind is LineKind.LINE:
                room -= 1
        elif isinstance(item, Verbatim):
            first_line, has_break, _ = item.text.partition("\n")
            room -= len(first_line)
            if has_break:
                return room >= 0
    return False
