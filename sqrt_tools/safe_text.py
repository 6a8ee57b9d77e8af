"""The one escaping function for text that reaches a terminal.

Text from policies, LLM output and result files may carry control characters or ANSI
escape sequences. Everything we print that came from outside passes through
`escape_control`, so a hostile value can neither move the cursor nor recolour the
screen: such characters are shown visibly as `\\xNN` / `\\uNNNN` instead.
Rich markup is a separate concern: render outside data with `rich.text.Text`
(never as a markup string), or call `escape_markup` when a markup string is needed.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls, DEL, and the Unicode format characters that can reorder or hide
# text (bidi overrides, zero-width joiners): all are shown visibly rather than obeyed.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_control(text: str, *, keep_newlines: bool = True, keep_tabs: bool = True) -> str:
    """Return `text` with every control character replaced by a visible escape.

    Newlines and tabs are kept by default because multi-line programs and messages
    should still read as such; pass `keep_newlines=False` for one-line contexts.
    """
    escaped = _UNSAFE.sub(_visible, text)
    if not keep_newlines:
        escaped = escaped.replace("\r", "\\r").replace("\n", "\\n")
    elif "\r" in escaped:
        escaped = escaped.replace("\r", "\\r")
    if not keep_tabs:
        escaped = escaped.replace("\t", "\\t")
    return escaped


def escape_json_text(json_text: str) -> str:
    """Make serialised JSON safe to print: unsafe characters become `\\uNNNN` escapes.

    In serialised JSON, control characters can only sit inside string literals, where a
    `\\uNNNN` escape means exactly the same character, so the data is unchanged for any
    JSON reader while the terminal never sees the raw character. (`json.dumps` already
    escapes C0 controls; this catches DEL, C1 controls and the bidi/zero-width set.)
    """
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", json_text)


def escape_markup(text: str) -> str:
    """Escape `text` for use inside a rich markup string (brackets are not markup)."""
    return escape_control(text).replace("[", "\\[")


def is_printable_char(char: str) -> bool:
    """True when `char` prints as itself (used to describe unexpected characters)."""
    return not _UNSAFE.match(char) and unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co"}


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def escape_markdown(text: str) -> str:
    """Make `text` literal inside Markdown (a table cell, a list item, a heading).

    Control characters are shown visibly first; then every character Markdown or
    GitHub's renderer gives a meaning (emphasis, links, HTML, table pipes) gets a
    backslash, and line breaks become spaces so one value stays in one cell.
    """
    flat = " ".join(escape_control(text, keep_newlines=False).replace("\\n", " ").split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)
