r"""Flags two policies with the same exact tool id and the same priority.

## Why it matters
Policies are told apart by their tool id and priority; two with the same pair leave
it to the service which one counts, or whether the second replaces the first, and
soft rules of equal priority have no order between them. Merge them into one block
(a block can hold several `result` and `session` blocks, which run in source order)
or give them different priorities on purpose.

## Example
```sqrt
tool "send_sms" {
    must deny when "sms_sent" in @session.tags;
}
tool "send_sms" -> session after @tags |= {"sms_sent"};
```

## Instead
```sqrt
tool "send_sms" {
    must deny when "sms_sent" in @session.tags;
    session after {
        @tags |= {"sms_sent"};
    }
}
```
No automatic fix.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import ToolScope
from sqrt_tools.syntax.diagnostics import Related, Severity


class DuplicateToolPolicy(Rule):
    code = "SQ115"
    name = "duplicate-tool-policy"
    category = Category.CORRECTNESS
    severity = Severity.WARNING

    def finish(self, check: Checker) -> None:
        first: dict[tuple[bool, str, int | float], ToolScope] = {}
        for scope in check.model.tools:
            key = (*scope.key, scope.priority)
            earlier = first.setdefault(key, scope)
            if earlier is scope:
                continue
            check.report(
                scope.tool_id.span,
                f"another policy for {scope.tool_id.raw} with priority {scope.priority} is on "
                f"line {earlier.policy.span.line}; merge them or give them different priorities",
                related=(Related(earlier.tool_id.span, "the first policy"),),
            )
