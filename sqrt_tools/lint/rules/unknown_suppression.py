r"""Flags a `// sqrt: ...` comment that names an unknown rule or is malformed.

## Why it matters
A misspelled rule name suppresses nothing, so the finding it was meant to silence
keeps failing the build, or worse, the author believes a finding is acknowledged when
the comment does nothing. Suppressions take rule names or codes in brackets:
`// sqrt: ignore[unused-let]`, `// sqrt: ignore[SQ301, SQ302]`, and
`// sqrt: ignore-file[...]` for the whole file.

## Example
```sqrt
let blocked = {"untrusted"};
tool "parse_with_ai" {
    must deny when @args.tags overlaps blocked; // sqrt: ignore[unused-lets]
}
```

## Instead
```sqrt
let blocked = {"untrusted"};
tool "parse_with_ai" {
    must deny when @args.tags overlaps blocked;
}
```
No automatic fix.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Rule
from sqrt_tools.syntax.diagnostics import Severity


class UnknownSuppression(Rule):
    # Reported by `sqrt_tools.lint.suppressions`.
    code = "SQ002"
    name = "unknown-suppression"
    category = Category.SUPPRESSION
    severity = Severity.WARNING
