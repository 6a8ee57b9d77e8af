r"""Flags a `// sqrt: ignore[...]` comment that suppresses nothing.

## Why it matters
A suppression outlives the finding it was written for: the policy is fixed or the
line moves, and the comment stays, ready to hide the next real problem on that line.
Only suppressions of rules that are enabled for the file are judged.

## Example
```sqrt
let blocked = {"untrusted"}; // sqrt: ignore[unused-let]
tool "parse_with_ai" {
    must deny when @args.tags overlaps blocked;
}
```

## Instead
```sqrt
let blocked = {"untrusted"};
tool "parse_with_ai" {
    must deny when @args.tags overlaps blocked;
}
```
`sqrt check --fix` removes the unused names, or the whole comment when none is used.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, FixAvailability, Rule
from sqrt_tools.syntax.diagnostics import Severity


class UnusedSuppression(Rule):
    # Reported by `sqrt_tools.lint.suppressions`, which sees every other finding.
    code = "SQ001"
    name = "unused-suppression"
    category = Category.SUPPRESSION
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
