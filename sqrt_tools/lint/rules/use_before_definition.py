r"""Flags a name used before the `let` that defines it (or inside its own definition).

## Why it matters
SQRT names must be bound before they are used [ours]: a reader follows a policy from
top to bottom, and a `let` that refers to itself has no value at all. Keeping
definitions first also keeps the meaning independent of any evaluation order the
service might pick.

## Example
```sqrt
tool "post_message" {
    must deny when message.tags overlaps private_tags;
}
let private_tags = {"pii", "secret"};
```

## Instead
```sqrt
let private_tags = {"pii", "secret"};
tool "post_message" {
    must deny when message.tags overlaps private_tags;
}
```
No automatic fix: move the `let` above its first use.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.syntax.diagnostics import Related, Severity


class UseBeforeDefinition(Rule):
    code = "SQ102"
    name = "use-before-definition"
    category = Category.CORRECTNESS
    severity = Severity.ERROR

    def finish(self, check: Checker) -> None:
        for reference in check.model.references:
            symbol = reference.symbol
            if symbol is None or not reference.before_definition:
                continue
            decl = symbol.decl
            name = reference.node.name
            if decl.span.start <= reference.node.span.start:
                message = f"`{name}` is used inside its own definition"
            else:
                message = f"`{name}` is used before its definition on line {decl.span.line}"
            related = (Related(decl.name.span, f"`{name}` is defined here"),)
            check.report(reference.node.span, message, related=related)
