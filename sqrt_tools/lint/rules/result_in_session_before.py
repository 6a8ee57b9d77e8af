r"""Flags `@result` in a `session before` block, where no result exists yet, also when
a `let` that reads `@result` is used there.

## Why it matters
`session before` blocks run before the tool is called. There is no result to read,
so the update uses an empty or missing value and the session metadata is not what the
author meant (a counter never increments, a taint is never recorded).

## Example
```sqrt
tool "fetch_url" {
    session before {
        @tags |= @result.tags;
    }
}
```

## Instead
```sqrt
tool "fetch_url" {
    session after {
        @tags |= @result.tags;
    }
}
```
No automatic fix: move the update to `session after` (or to a `result` block).
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category
from sqrt_tools.lint.rules._shared import ResultBeforeTheCall
from sqrt_tools.semantics import Place
from sqrt_tools.syntax.diagnostics import Severity


class ResultInSessionBefore(ResultBeforeTheCall):
    code = "SQ105"
    name = "result-in-session-before"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    place = Place.SESSION_BEFORE
    direct = "`{node}` in a `session before` block: the tool has not run yet, so there is no result"
    through_let = (
        "`{name}` reads `{access}`, and this `session before` block runs "
        "before the tool, so there is no result"
    )
