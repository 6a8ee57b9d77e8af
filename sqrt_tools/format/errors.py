"""Why the formatter did not format: every failure leaves the text as it was."""

from __future__ import annotations

from sqrt_tools.syntax.diagnostics import Diagnostic


class FormatError(Exception):
    """The text was not formatted; the message says why, in one line."""


class FormatOptionsError(FormatError, ValueError):
    """An option value the formatter cannot use; the message names the option."""


class SourceSyntaxError(FormatError):
    """The text has syntax errors: it is never formatted, not even in part."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        count = len(diagnostics)
        first = diagnostics[0]
        super().__init__(
            f"{count} syntax error{'s' if count != 1 else ''} "
            f"(first at line {first.span.line}, column {first.span.column}: {first.message})"
        )
        self.diagnostics = diagnostics


class UnsafeFormatError(FormatError):
    """The formatted text failed the safety check (a formatter bug): it would have
    changed the policy's meaning or its comments, so it was not used."""

    def __init__(self, reason: str, output: str) -> None:
        super().__init__(f"refused to format: {reason}")
        self.reason = reason
        self.output = output
