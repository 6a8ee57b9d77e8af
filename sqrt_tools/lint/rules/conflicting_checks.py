r"""Flags `must allow always` and `must deny always` on the same tool.

## Why it matters
A hard deny always wins over a hard allow, so the tool is denied on every call and
the allow rule is dead text that suggests the opposite. One of the two is a mistake:
usually a leftover of an earlier policy, or two policy blocks for the same tool id
written by different people.

## Example
```sqrt
tool "delete_file" {
    must deny always;
}
tool "delete_file" {
    priority 10;
    must allow always;
}
```

## Instead
```sqrt
tool "delete_file" {
    must deny always;
}
```
No automatic fix: decide whether the tool is blocked or allowed, and remove the other rule.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.lint.rules._tools import always_rules, by_tool
from sqrt_tools.syntax.diagnostics import Related, Severity


class ConflictingChecks(Rule):
    code = "SQ112"
    name = "conflicting-checks"
    category = Category.CORRECTNESS
    severity = Severity.ERROR

    def finish(self, check: Checker) -> None:
        for scopes in by_tool(check.model).values():
            denies = always_rules(scopes, "deny")
            if not denies:
                continue
            deny = denies[0]
            for allow in always_rules(scopes, "allow"):
                check.report(
                    allow.span,
                    f"`{check.text(allow.span)}` conflicts with `{check.text(deny.span)}` "
                    f"on line {deny.span.line}: the hard deny wins on every call",
                    related=(Related(deny.span, "the unconditional hard deny"),),
                )
