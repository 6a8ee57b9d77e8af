"""Formatting a whole text or the declarations a range touches, safely.

Every path goes through the same steps: parse (refuse on syntax errors), build the
document, lay it out, and prove the result is the same policy (`safety.verify`)
before handing it back. `print_program` is the one step that makes the layout; it is a
module-level name so that tests can replace it with a faulty printer and watch the
safety check refuse.
"""

from __future__ import annotations

import re

from sqrt_tools.format import safety
from sqrt_tools.format.context import Context, start_of
from sqrt_tools.format.cursor import LayoutError
from sqrt_tools.format.errors import FormatError, SourceSyntaxError
from sqrt_tools.format.options import FormatOptions
from sqrt_tools.format.program import program_doc
from sqrt_tools.format.render import Rendered, render
from sqrt_tools.syntax import ParseResult, ast, parse
from sqrt_tools.syntax.diagnostics import TextEdit
from sqrt_tools.syntax.spans import LINE_BREAK, LineIndex, first_on_line


def format_source(text: str, options: FormatOptions | None = None) -> str:
    """`text` in the canonical layout. Raises `SourceSyntaxError` when the text has
    syntax errors and `UnsafeFormatError` if the result failed the safety check; both
    are `FormatError`s, and in both cases no formatted text exists."""
    options = options or FormatOptions()
    parsed = _parse(text)
    output = _layout(parsed, options).text
    safety.verify(parsed, output, options)
    return output


def format_range(
    text: str, start: int, end: int, options: FormatOptions | None = None
) -> TextEdit | None:
    """The edit that formats the declarations touched by the offsets `[start, end]`
    (for an editor's "format selection"), or None when they are already formatted.

    The text around them is left as it is; the whole edited text passes the same
    safety check as `format_source`.
    """
    options = options or FormatOptions()
    start, end = min(start, end), max(start, end)
    parsed = _parse(text)
    declarations = parsed.program.declarations
    touched = [
        index
        for index, node in enumerate(declarations)
        if start_of(node) <= end and node.span.end >= start
    ]
    rendered = _layout(parsed, options)
    # Declarations inside a fmt-off region have no marks: they are never changed.
    touched = [index for index in touched if ("start", index) in rendered.marks]
    if not touched:
        return None
    first, last = touched[0], touched[-1]
    old_start = _line_start_if_blank_before(text, start_of(declarations[first]))
    old_end = declarations[last].span.end
    new_text = rendered.text[rendered.marks[("start", first)] : rendered.marks[("end", last)]]
    if new_text == text[old_start:old_end]:
        return None
    safety.verify(parsed, text[:old_start] + new_text + text[old_end:], options)
    return TextEdit(LineIndex(text).span(old_start, old_end), new_text)


def print_program(parsed: ParseResult, options: FormatOptions, newline: str) -> Rendered:
    """Lay the parsed program out (the printer proper, without the safety check)."""
    doc = program_doc(Context(parsed.source, parsed.program, options), parsed.program)
    return render(doc, width=options.line_width, newline=newline)


def newline_of(parsed: ParseResult) -> str:
    """The file's line break, kept: the first line break between tokens, `\\n`,
    `\\r\\n` or a lone `\\r` (the kinds `syntax.spans` counts), `\\n` when there is
    none. Line breaks inside comments and strings are copied as they are, so they do
    not count (otherwise a mixed file could change style on every run)."""
    text = parsed.source
    match = LINE_BREAK.search(text)
    if match is None:
        return "\n"
    if '"' in text[: match.start()] or "/" in text[: match.start()]:
        match = _first_break_between_tokens(parsed)
    return match.group() if match is not None else "\n"


def _first_break_between_tokens(parsed: ParseResult) -> re.Match[str] | None:
    text = parsed.source
    inside = sorted(
        (node.span.start, node.span.end)
        for node in (*parsed.program.comments, *parsed.program.walk())
        if isinstance(node, ast.Comment | ast.DocComment | ast.StringLiteral)
    )
    match = LINE_BREAK.search(text)
    for start, end in inside:
        if match is None or match.start() < start:
            break
        if match.start() < end:
            # A `//` comment ends before `\n` only, so it holds the `\r` of a `\r\n`.
            match = LINE_BREAK.search(text, end - 1 if text[end - 1] == "\r" else end)
    return match


def _parse(text: str) -> ParseResult:
    parsed = parse(text)
    if not parsed.ok:
        raise SourceSyntaxError(parsed.diagnostics)
    return parsed


def _layout(parsed: ParseResult, options: FormatOptions) -> Rendered:
    try:
        return print_program(parsed, options, newline_of(parsed))
    except (LayoutError, RecursionError, TypeError) as exc:
        # A printer bug must not reach the user as a traceback, nor as output.
        raise FormatError(f"internal formatter error, text left unchanged: {exc}") from exc


def _line_start_if_blank_before(text: str, offset: int) -> int:
    if not first_on_line(text, offset):
        return offset
    line_start = offset
    while line_start > 0 and text[line_start - 1] not in "\r\n":
        line_start -= 1
    return line_start
