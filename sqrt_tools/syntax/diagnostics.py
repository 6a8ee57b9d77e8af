"""Diagnostics are data: what was found, where, how bad, and how to fix it.

Syntax errors, lint findings and formatter refusals all use these types; the output
formats (text, JSON, GitHub, SARIF, JUnit, LSP) are renderers of this data.

They live in `syntax/`, the bottom layer, because the parser makes the first ones
(syntax errors) and every package above reads them; see docs/architecture.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqrt_tools.syntax.spans import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace the text of `span` by `new_text` (an empty span inserts)."""

    span: Span
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of edits that resolves a diagnostic; `safe` fixes keep the policy's meaning.

    `removed_comments` are the spans of the ordinary comments the fix deletes on
    purpose (the leading comments of a declaration it removes); every other comment
    must survive it.
    """

    message: str
    edits: tuple[TextEdit, ...]
    safe: bool = True
    removed_comments: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Related:
    """A second location that explains a diagnostic (e.g. the first definition)."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    rule: str
    code: str
    severity: Severity
    message: str
    span: Span
    fix: Fix | None = None
    related: tuple[Related, ...] = field(default=())


SYNTAX_ERROR_RULE = "syntax-error"
SYNTAX_ERROR_CODE = "SQ000"
