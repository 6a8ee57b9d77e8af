r"""Flags a name that no `let` defines.

## Why it matters
The service cannot evaluate a rule that refers to nothing: the whole policy is
rejected, or (worse, if it is taken as an argument name by a reader) the check is
silently not the one the author meant. Typos in long `let` names are the usual cause.

## Example
```sqrt
let trusted_domains = {str like w"*@example.com"};
tool "send_email" {
    must deny when not to.value in trusted_domain;
}
```

## Instead
```sqrt
let trusted_domains = {str like w"*@example.com"};
tool "send_email" {
    must deny when not to.value in trusted_domains;
}
```
No automatic fix; the message suggests the closest defined name.
"""

from __future__ import annotations

from difflib import get_close_matches

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.syntax.diagnostics import Severity


class UndefinedName(Rule):
    code = "SQ101"
    name = "undefined-name"
    category = Category.CORRECTNESS
    severity = Severity.ERROR

    def finish(self, check: Checker) -> None:
        names = list(check.model.lets)
        for reference in check.model.references:
            if reference.symbol is not None:
                continue
            name = reference.node.name
            message = f"`{name}` is not defined"
            close = get_close_matches(name, names, n=1)
            if close:
                message += f"; did you mean `{close[0]}`?"
            check.report(reference.node.span, message)
