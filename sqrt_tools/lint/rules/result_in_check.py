r"""Flags `@result` in a check rule, also when it arrives through a `let`.

## Why it matters
Check rules decide whether the tool may run, so they run before it: the result does
not exist yet. A condition on `@result` sees an empty result every time, so a
`must deny when @result.tags overlaps {...}` never denies anything.

## Example
```sqrt
let from_web = @result.tags overlaps {"untrusted"};
tool "run_shell" {
    must deny when from_web;
}
```

## Instead
```sqrt
let from_web = @args.tags overlaps {"untrusted"};
tool "run_shell" {
    must deny when from_web;
}
```
No automatic fix: test the arguments (`@args.tags`, `ARG.tags`) or the session instead.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category
from sqrt_tools.lint.rules._shared import ResultBeforeTheCall
from sqrt_tools.semantics import Place
from sqrt_tools.syntax.diagnostics import Severity


class ResultInCheck(ResultBeforeTheCall):
    code = "SQ106"
    name = "result-in-check"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    place = Place.CHECK
    direct = (
        "`{node}` in a check rule: checks run before the tool, so the result is always empty here"
    )
    through_let = (
        "`{name}` reads `{access}`, but checks run before the tool, so the "
        "result is always empty here"
    )
