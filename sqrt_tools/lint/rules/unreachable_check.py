r"""Flags check rules that can never change the outcome because the same tool has an
unconditional `must deny`.

## Why it matters
A firing hard deny decides the call before anything else is looked at, and
`must deny always` fires on every call. Every other check rule for that tool, in any
policy block with the same id, is dead: readers believe a `should allow` or a
conditional deny matters when it cannot.

## Example
```sqrt
tool "run_shell" {
    must deny always;
    should allow when command.value in {"ls", "pwd"};
}
```

## Instead
```sqrt
tool "run_shell" {
    must deny always;
}
```
No automatic fix: remove the dead rules, or make the deny conditional. A
`must allow always` next to it is reported by `conflicting-checks` instead.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.lint.rules._tools import always_rules, by_tool
from sqrt_tools.syntax.diagnostics import Related, Severity


class UnreachableCheck(Rule):
    code = "SQ113"
    name = "unreachable-check"
    category = Category.CORRECTNESS
    severity = Severity.ERROR

    def finish(self, check: Checker) -> None:
        for scopes in by_tool(check.model).values():
            denies = always_rules(scopes, "deny")
            if not denies:
                continue
            deny = denies[0]
            for scope in scopes:
                for rule in scope.check_rules:
                    if rule is deny:
                        continue
                    if rule.is_hard and rule.outcome == "allow" and rule.condition is None:
                        continue  # conflicting-checks reports this one
                    check.report(
                        rule.span,
                        f"this rule can never change the outcome: `{check.text(deny.span)}` "
                        f"on line {deny.span.line} denies every call",
                        related=(Related(deny.span, "the unconditional hard deny"),),
                    )
