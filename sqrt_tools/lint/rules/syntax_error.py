r"""Flags text that is not SQRT: the parser's own error, with what it expected.

## Why it matters
The service rejects a policy with a syntax error as a whole, so none of its rules
apply. The linter reports syntax errors only for such a file: the other rules need the
whole policy to judge it.

## Example
```sqrt
tool "send_email" {
    must deny when to.value in {"a@example.com"}
}
```

## Instead
```sqrt
tool "send_email" {
    must deny when to.value in {"a@example.com"};
}
```
No automatic fix. Syntax errors are always reported and cannot be selected away or
suppressed.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Rule
from sqrt_tools.syntax.diagnostics import SYNTAX_ERROR_CODE, SYNTAX_ERROR_RULE, Severity


class SyntaxError_(Rule):
    code = SYNTAX_ERROR_CODE
    name = SYNTAX_ERROR_RULE
    category = Category.SYNTAX
    severity = Severity.ERROR
