r"""Flags a `let` name that is defined a second time.

## Why it matters
Two definitions of one name leave readers (and tools) guessing which one a rule
uses; an edit to the first silently does nothing when the second wins, or the other
way round. The linter resolves every use to the first definition.

## Example
```sqrt
let blocked = {"untrusted"};
let blocked = {"untrusted", "__llm_blocked"};
tool "parse_with_ai" {
    must deny when @args.tags overlaps blocked;
}
```

## Instead
```sqrt
let blocked = {"untrusted", "__llm_blocked"};
tool "parse_with_ai" {
    must deny when @args.tags overlaps blocked;
}
```
No automatic fix: keep one definition, or rename one of them.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.syntax.diagnostics import Related, Severity


class DuplicateLet(Rule):
    code = "SQ103"
    name = "duplicate-let"
    category = Category.CORRECTNESS
    severity = Severity.ERROR

    def finish(self, check: Checker) -> None:
        for symbol in check.model.let_symbols:
            first = symbol.first
            if first is None:
                continue
            message = f"`{symbol.name}` is already defined on line {first.decl.span.line}"
            related = (Related(first.decl.name.span, "first defined here"),)
            check.report(symbol.decl.name.span, message, related=related)
