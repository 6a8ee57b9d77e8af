r"""Flags a `let` name that does not match the project's naming pattern.

## Why it matters
Names are how reviewers find their way around a policy: one convention
(`snake_case` by default) makes `trusted_recipients` and `TrustedRecipients` not look
like two different lists, and keeps names apart from argument names at a glance.

## Example
```sqrt
let TrustedRecipients = {str like w"*@example.com"};
tool "send_email" {
    must deny when not to.value in TrustedRecipients;
}
```

## Instead
```sqrt
let trusted_recipients = {str like w"*@example.com"};
tool "send_email" {
    must deny when not to.value in trusted_recipients;
}
```
No automatic fix (renaming is the language server's job). Off by default.

## Options
- `pattern`: a regular expression every `let` name must fully match
  (default `^[a-z][a-z0-9_]*$`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from sqrt_tools.lint.rule import Category, Checker, Option, Rule
from sqrt_tools.syntax.diagnostics import Severity

DEFAULT_PATTERN = r"^[a-z][a-z0-9_]*$"


def _valid_pattern(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    try:
        re.compile(value)
    except re.error as exc:
        return f"is not a valid regular expression ({exc})"
    return None


class LetNaming(Rule):
    code = "SQ305"
    name = "let-naming"
    category = Category.STYLE
    severity = Severity.INFO
    enabled_by_default = False
    options: ClassVar[Mapping[str, Option]] = {
        "pattern": Option(DEFAULT_PATTERN, "regex every `let` name must match", _valid_pattern)
    }

    def finish(self, check: Checker) -> None:
        pattern: str = check.options["pattern"]
        compiled = re.compile(pattern)
        for symbol in check.model.let_symbols:
            if compiled.fullmatch(symbol.name) is None:
                check.report(
                    symbol.decl.name.span,
                    f"`{symbol.name}` does not match the naming pattern {pattern}",
                )
