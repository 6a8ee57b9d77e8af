"""The check a policy passes before it is shown as a draft or sent in a header.

One function, so that `sqrt draft`, `sqrt header` and the scaffold tests agree on what
"checked" means: the linter's `lint_source`, which reports syntax errors (and only
those, when there are any) or else every finding of the enabled rules. Drafts use the
project's default rule selection; a file on disk may pass its own `sqrt.toml` settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqrt_tools.syntax.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from sqrt_tools.lint import LintSettings


def check_policy(
    source: str, settings: LintSettings | None = None, *, path: str | None = None
) -> tuple[Diagnostic, ...]:
    """Syntax errors, or else lint findings, of `source`, in source order. Never raises."""
    from sqrt_tools.lint import lint_source

    return lint_source(source, settings, path=path).diagnostics


def errors(diagnostics: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """The diagnostics that make a policy unusable (severity `error`)."""
    return tuple(item for item in diagnostics if item.severity is Severity.ERROR)
