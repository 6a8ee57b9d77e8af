"""Formatting the whole document or a range, with the toolkit's formatter.

The formatter refuses text with syntax errors and proves that its output is the same
policy; when it refuses, the editor gets no edit (and the reason in its log when it is
not simply a syntax error, which the diagnostics already show).
"""

from __future__ import annotations

from lsprotocol import types

from sqrt_tools.format import (
    FormatError,
    FormatOptions,
    SourceSyntaxError,
    format_range,
    format_source,
)
from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.edits import minimal_edit, to_lsp
from sqrt_tools.server.server import SqrtServer

FORMAT_SECTION = "format"


def options_for(analysis: Analysis) -> FormatOptions:
    """The `format` settings; raises `FormatError` when they are unusable."""
    return FormatOptions.from_config(analysis.settings.section(FORMAT_SECTION))


def format_document(analysis: Analysis) -> list[types.TextEdit]:
    if not analysis.parsed.ok:
        return []
    formatted = format_source(analysis.text, options_for(analysis))
    edit = minimal_edit(analysis.text, formatted, analysis.positions)
    return [edit] if edit is not None else []


def format_selection(analysis: Analysis, start: int, end: int) -> list[types.TextEdit]:
    if not analysis.parsed.ok:
        return []
    edit = format_range(analysis.text, start, end, options_for(analysis))
    return [to_lsp(edit, analysis.positions)] if edit is not None else []


def register(server: SqrtServer) -> None:
    def refused(exc: FormatError) -> list[types.TextEdit]:
        if not isinstance(exc, SourceSyntaxError):
            server.show_problem(f"sqrt: not formatted: {exc}")
        return []

    @server.handle(types.TEXT_DOCUMENT_FORMATTING, [])
    def formatting(params: types.DocumentFormattingParams) -> list[types.TextEdit]:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return []
        try:
            return format_document(analysis)
        except FormatError as exc:
            return refused(exc)

    @server.handle(types.TEXT_DOCUMENT_RANGE_FORMATTING, [])
    def range_formatting(params: types.DocumentRangeFormattingParams) -> list[types.TextEdit]:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return []
        start, end = analysis.positions.offsets(params.range)
        try:
            return format_selection(analysis, start, end)
        except FormatError as exc:
            return refused(exc)
