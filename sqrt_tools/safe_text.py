"""The one escaping function for text that reaches a terminal.

Text from policies, LLM output, tool results and files may carry characters that a
terminal obeys or hides rather than shows: control characters and escape sequences
(which move the cursor or recolour the screen), bidi controls (which reorder text),
zero-width and other format characters, line and paragraph separators, private-use
characters, lone surrogates (which cannot even be written as UTF-8), and the Unicode
tag characters U+E0000-E007F, which spell out ASCII text invisibly: a value
"visible" followed by tag-encoded "IGNORE PREVIOUS INSTRUCTIONS" shows as "visible",
which is exactly how a prompt injection hides. Everything we print that came from
outside passes through `escape_control` (or `escape_json_text` for JSON), so each such
character is shown visibly as `\\xNN`, `\\uNNNN` or `\\UNNNNNNNN` instead.

Which characters (`is_hidden`): the Unicode categories Cc (controls), Cf (format),
Cs (surrogates), Co (private use), Zl and Zp (line and paragraph separators), and the
whole tag block U+E0000-E007F (some of which are unassigned). U+180E, U+00AD, U+061C,
U+2060-2064, U+206A-206F and U+FFF9-FFFB are all Cf. Tab and line feed are kept
unless asked (multi-line programs and messages should still read as such); a carriage
return is always escaped, since it rewinds the line.

Rich markup is a separate concern: render outside data with `rich.text.Text` (never
as a markup string), or call `escape_markup` when a markup string is needed.
"""

from __future__ import annotations

import re
import unicodedata

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
_TAG_BLOCK = range(0xE0000, 0xE0080)

# Every character outside printable ASCII is a candidate, and `is_hidden` decides: a
# short class for the common case (ASCII text passes without a call per character).
_CANDIDATE = re.compile(r"[^\x20-\x7e\n\t]")
_CANDIDATE_NO_NEWLINE = re.compile(r"[^\x20-\x7e\t]")
_CANDIDATE_NO_TAB = re.compile(r"[^\x20-\x7e\n]")
_CANDIDATE_NEITHER = re.compile(r"[^\x20-\x7e]")


def is_hidden(char: str) -> bool:
    """True when a terminal would obey, hide or fail to write `char` rather than show it."""
    code = ord(char)
    if 0x20 <= code < 0x7F:
        return False
    return unicodedata.category(char) in _HIDDEN_CATEGORIES or code in _TAG_BLOCK


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _visible(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escape_hidden(match: re.Match[str]) -> str:
    char = match.group(0)
    return _visible(char) if is_hidden(char) else char


def escape_control(text: str, *, keep_newlines: bool = True, keep_tabs: bool = True) -> str:
    """Return `text` with every hidden character (`is_hidden`) replaced by a visible
    escape. Newlines and tabs are kept unless `keep_newlines` / `keep_tabs` is False."""
    if keep_newlines:
        candidate = _CANDIDATE if keep_tabs else _CANDIDATE_NO_TAB
    else:
        candidate = _CANDIDATE_NO_NEWLINE if keep_tabs else _CANDIDATE_NEITHER
    return candidate.sub(_escape_hidden, text)


def _json_escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if not is_hidden(char):
        return char
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    # JSON escapes only UTF-16 code units: a supplementary character is a pair.
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def escape_json_text(json_text: str) -> str:
    """Make serialised JSON safe to print: hidden characters become `\\uNNNN` escapes.

    In serialised JSON, such characters can only sit inside string literals, where a
    `\\uNNNN` escape means exactly the same character, so the data is unchanged for any
    JSON reader while the terminal never sees the raw character (a lone surrogate, which
    UTF-8 cannot encode, becomes `\\ud800` and is read back as the same string).
    """
    return _CANDIDATE.sub(_json_escape, json_text)


def count_hidden(text: str) -> int:
    """How many characters of `text` `escape_control` would escape (tabs and line
    feeds aside): the count the inspector reports ("holds 31 invisible characters")."""
    return sum(1 for match in _CANDIDATE.finditer(text) if is_hidden(match.group(0)))


def escape_markup(text: str) -> str:
    """Escape `text` for use inside a rich markup string (brackets are not markup)."""
    return escape_control(text).replace("[", "\\[")


def is_printable_char(char: str) -> bool:
    """True when `char` prints as itself (used to describe unexpected characters)."""
    return not is_hidden(char)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def escape_markdown(text: str) -> str:
    """Make `text` literal inside Markdown (a table cell, a list item, a heading).

    Control characters are shown visibly first; then every character Markdown or
    GitHub's renderer gives a meaning (emphasis, links, HTML, table pipes) gets a
    backslash, and line breaks become spaces so one value stays in one cell.
    """
    flat = " ".join(escape_control(text, keep_newlines=False).replace("\\n", " ").split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)
