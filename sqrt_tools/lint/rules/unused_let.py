r"""Flags a `let` that nothing uses.

## Why it matters
An unused definition is usually a rule that was meant to be written and was not: a
`trusted_recipients` list that no check refers to protects nothing, while a reviewer
reading the file assumes it does.

## Example
```sqrt
let trusted_recipients = {str like w"*@example.com"};
tool "send_email" {
    must deny when body.tags overlaps {"confidential"};
}
```

## Instead
```sqrt
let trusted_recipients = {str like w"*@example.com"};
tool "send_email" {
    must deny when body.tags overlaps {"confidential"} and not to.value in trusted_recipients;
}
```
`sqrt check --fix` removes the declaration with its leading comments: its doc
comments and the comment lines directly above it (no blank line between), which
describe it. Every other comment stays, and nothing is removed when an ordinary comment
sits inside the declaration. Check first that no rule was meant to use it.
"""

from __future__ import annotations

from sqrt_tools.lint.edits import declaration_removal
from sqrt_tools.lint.rule import Category, Checker, FixAvailability, Rule
from sqrt_tools.syntax.diagnostics import Fix, Severity, TextEdit


class UnusedLet(Rule):
    code = "SQ301"
    name = "unused-let"
    category = Category.STYLE
    severity = Severity.INFO
    fix = FixAvailability.SOMETIMES

    def finish(self, check: Checker) -> None:
        model = check.model
        for symbol in model.let_symbols:
            if symbol.is_duplicate or model.uses(symbol.name):
                continue
            removal = declaration_removal(check, symbol.decl)
            fix = None
            if removal is not None:
                fix = Fix(
                    f"Remove `{symbol.name}`",
                    (TextEdit(removal.span, ""),),
                    removed_comments=removal.comments,
                )
            check.report(symbol.decl.name.span, f"`{symbol.name}` is never used", fix=fix)
