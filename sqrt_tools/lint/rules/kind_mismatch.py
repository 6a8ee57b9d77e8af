r"""Flags a name used as the wrong kind of expression: a set or value domain where a
predicate is needed, or a predicate where a set is needed.

## Why it matters
`let` binds predicates, sets and value domains alike, so the parser accepts
`must deny when S;` even when `S` is a set. A set is not true or false: the service
rejects the policy, or the deny never fires. A predicate used inside a set operation
(`p | {"a"}`) has no elements at all.

## Example
```sqrt
let confidential = {"confidential", "secret"};
tool "send_email" {
    must deny when confidential;
}
```

## Instead
```sqrt
let confidential = {"confidential", "secret"};
tool "send_email" {
    must deny when body.tags overlaps confidential;
}
```
No automatic fix: the message says what kind the name is and what the position needs.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.semantics import Expect, Kind
from sqrt_tools.semantics.kinds import EXPECT_WORDS, article
from sqrt_tools.syntax.diagnostics import Related, Severity

_HINTS: dict[tuple[Expect, Kind], str] = {
    (Expect.PREDICATE, Kind.SET): "compare it instead, e.g. `x.tags overlaps {name}`",
    (Expect.PREDICATE, Kind.DOMAIN): "test a value against it instead: `x.value in {name}`",
    (Expect.SET, Kind.PREDICATE): "a predicate has no elements",
    (Expect.VALUE_SET, Kind.PREDICATE): "a predicate has no elements",
}


class KindMismatch(Rule):
    code = "SQ104"
    name = "kind-mismatch"
    category = Category.CORRECTNESS
    severity = Severity.ERROR

    def finish(self, check: Checker) -> None:
        model = check.model
        for reference in model.references:
            kind = model.mismatched(reference)
            if kind is None or reference.symbol is None:
                continue
            name = reference.node.name
            message = (
                f"`{name}` is {article(kind)}, but {EXPECT_WORDS[reference.expect]} is needed here"
            )
            hint = _HINTS.get((reference.expect, kind))
            if hint:
                message += "; " + hint.format(name=name)
            decl = reference.symbol.decl
            related = (Related(decl.name.span, f"`{name}` is defined here as {article(kind)}"),)
            check.report(reference.node.span, message, related=related)
