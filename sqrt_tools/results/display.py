"""Outside data as rich `Text`: escaped, never parsed as markup, and cut to a size.

`outside_text` is the only way outside data becomes something rich prints: it passes
the text through `sqrt_tools.safe_text.escape_control` (the toolkit's one escaping
function) and wraps it in a `Text`, which rich never reads as markup. Values are cut
*before* escaping, so a 50 MB value costs no more to show than a short one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from sqrt_tools.results.models import MetaSet
from sqrt_tools.safe_text import escape_control

KEY_STYLE = "bold cyan"
STRING_STYLE = "green"
NUMBER_STYLE = "magenta"
LITERAL_STYLE = "yellow"
DIM = "dim"


def outside_text(text: str, style: str = "", *, one_line: bool = False) -> Text:
    """A `Text` of outside data, control characters shown visibly."""
    return Text(escape_control(text, keep_newlines=not one_line), style=style)


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of a value to show; `None` means no limit (`--full`)."""

    string_chars: int | None
    container_items: int | None
    depth: int | None
    lines: int | None

    @classmethod
    def for_panel(cls, full: bool) -> Limits:
        return cls(None, None, None, None) if full else cls(2000, 50, 12, 200)

    @classmethod
    def for_cell(cls, full: bool) -> Limits:
        return cls(None, None, None, None) if full else cls(60, 8, 3, None)


def cut(text: str, limit: int | None) -> tuple[str, int]:
    """`text` cut to `limit` characters, and how many characters were left out."""
    if limit is None or len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


def pretty_value(value: Any, limits: Limits) -> Text:
    """A JSON value laid out over lines, styled, with long parts cut and counted.

    A top-level string is shown as text (its lines as lines) rather than as a quoted
    JSON string, because that is how a person reads an answer.
    """
    if isinstance(value, str):
        shown, omitted = cut(value, limits.string_chars)
        text = outside_text(shown)
        if omitted:
            text.append(f"… ({omitted:,} more characters)", style=DIM)
        return text
    printer = _Printer(limits, indent="  ", compact=False)
    printer.write(value, depth=0, indent_level=0)
    return printer.finish()


def short_value(value: Any, limits: Limits) -> Text:
    """A JSON value on one line, for a table cell."""
    printer = _Printer(limits, indent="", compact=True)
    printer.write(value, depth=0, indent_level=0)
    return printer.finish()


class _LineBudgetSpent(Exception):
    """Raised inside the printer once the line limit is reached."""


class _Printer:
    def __init__(self, limits: Limits, *, indent: str, compact: bool) -> None:
        self.limits = limits
        self.indent = indent
        self.compact = compact
        self.text = Text()
        self.lines = 1

    def finish(self) -> Text:
        return self.text

    def write(self, value: Any, depth: int, indent_level: int) -> None:
        try:
            self._write(value, depth, indent_level)
        except _LineBudgetSpent:
            self.text.append(f"\n… (cut after {self.limits.lines} lines)", style=DIM)

    def _newline(self, indent_level: int) -> None:
        if self.compact:
            return
        if self.limits.lines is not None and self.lines >= self.limits.lines:
            raise _LineBudgetSpent
        self.lines += 1
        self.text.append("\n" + self.indent * indent_level)

    def _write(self, value: Any, depth: int, indent_level: int) -> None:
        if isinstance(value, dict):
            self._container(list(value.items()), "{", "}", depth, indent_level)
        elif isinstance(value, list):
            self._container(list(enumerate(value)), "[", "]", depth, indent_level)
        elif isinstance(value, str):
            shown, omitted = cut(value, self.limits.string_chars)
            self.text.append_text(outside_text(_quoted(shown), STRING_STYLE, one_line=True))
            if omitted:
                self.text.append(f"…({omitted:,} more characters)", style=DIM)
        elif isinstance(value, bool) or value is None:
            self.text.append(json.dumps(value), style=LITERAL_STYLE)
        elif isinstance(value, (int, float)):
            self.text.append(_number(value), style=NUMBER_STYLE)
        else:
            self.text.append_text(outside_text(repr(value), one_line=True))

    def _container(
        self, items: list[tuple[Any, Any]], opening: str, closing: str, depth: int, indent: int
    ) -> None:
        if not items:
            self.text.append(opening + closing)
            return
        if self.limits.depth is not None and depth >= self.limits.depth:
            self.text.append(f"{opening}…{len(items)} items{closing}", style=DIM)
            return
        limit = self.limits.container_items
        shown = items if limit is None else items[:limit]
        if not self.compact and len(shown) == len(items) and _fits_inline(items, _INLINE_WIDTH):
            # Short containers read best on one line, as rich and jq -c show them.
            inline = _Printer(self.limits, indent="", compact=True)
            inline._container(items, opening, closing, depth, indent)
            self.text.append_text(inline.text)
            return
        self.text.append(opening)
        is_mapping = opening == "{"
        for position, (key, item) in enumerate(shown):
            self._newline(indent + 1)
            if is_mapping:
                self.text.append_text(outside_text(_quoted(str(key)), KEY_STYLE, one_line=True))
                self.text.append(": ")
            self._write(item, depth + 1, indent + 1)
            if position < len(items) - 1:
                self.text.append(", " if self.compact else ",")
        if len(shown) < len(items):
            self._newline(indent + 1)
            self.text.append(f"… {len(items) - len(shown):,} more", style=DIM)
        self._newline(indent)
        self.text.append(closing)


_INLINE_WIDTH = 60


def _fits_inline(items: list[tuple[Any, Any]], budget: int) -> bool:
    """Whether these items print in at most `budget` characters (stops counting early)."""
    pending: list[Any] = [pair for pair in reversed(items)]
    while pending:
        node = pending.pop()
        if isinstance(node, tuple):
            key, item = node
            if isinstance(key, str):
                budget -= len(key) + 4
            pending.append(item)
            budget -= 2
        elif isinstance(node, dict):
            pending.extend(reversed(list(node.items())))
            budget -= 2
        elif isinstance(node, list):
            pending.extend(reversed(list(enumerate(node))))
            budget -= 2
        else:
            budget -= len(node) + 2 if isinstance(node, str) else len(str(node))
        if budget < 0:
            return False
    return True


def _quoted(text: str) -> str:
    # json.dumps escapes quotes, backslashes and C0 controls; escape_control the rest.
    return json.dumps(text, ensure_ascii=False)


def _number(value: float) -> str:
    return json.dumps(value)  # NaN and Infinity print as Python's json writes them


def describe_value(value: Any) -> str:
    """'str, 55 characters' / 'object, 3 keys' / 'list, 12 items' / 'number'."""
    if isinstance(value, str):
        return f"string, {len(value):,} characters"
    if isinstance(value, dict):
        return f"object, {len(value):,} keys"
    if isinstance(value, list):
        return f"list, {len(value):,} items"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "null" if value is None else type(value).__name__


def meta_set_text(names: MetaSet, field: str) -> Text:
    """A metadata set in words: 'anyone' for universal consumers, 'none' when empty."""
    if names.is_universal:
        return Text("anyone" if field == "consumers" else "everything (universal)", "bold")
    if not names:
        return Text("none", DIM)
    text = Text()
    for position, name in enumerate(names.sorted_names()):
        if position:
            text.append(", ")
        style = DIM + " italic" if name.startswith("__") else ""
        text.append_text(outside_text(name, style, one_line=True))
    return text
