r"""Flags `@session.value`: the session has metadata but no value.

## Why it matters
Session metadata (tags, producers, consumers) persists across tool calls, but there
is no session value [doc]. A test on `@session.value` is always false, so a rule
that relies on it never fires.

## Example
```sqrt
tool "send_sms" {
    must deny when @session.value == "sms_sent";
}
```

## Instead
```sqrt
tool "send_sms" {
    must deny when "sms_sent" in @session.tags;
}
```
No automatic fix: keep state in session tags.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Context
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Severity


class SessionValue(Rule):
    code = "SQ107"
    name = "session-value"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    node_types = (ast.SessionValue,)

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        check.report(
            node.span,
            "`@session.value` is never set: the session has metadata but no value; "
            "keep state in `@session.tags`",
        )
