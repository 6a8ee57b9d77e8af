"""A policy compiled for evaluation: closures to run, and the structure to explain them.

Each predicate is a small tree (`Atom`, `AllOf`, `AnyOf`, `Negation`) whose `test` is
a ready-made closure: deciding a call runs closures only, and the tree is walked only
to explain a decision. `height` bounds the nesting of closures (see
`decisions.MAX_NESTING`), so running and explaining never exhaust the stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqrt_tools.evaluate.model import PolicyInfo, RuleInfo
from sqrt_tools.evaluate.runtime import Env
from sqrt_tools.sets import ElementSet

Test = Callable[[Env], bool]
Describe = Callable[[Env, bool], str]
SetValue = Callable[[Env], ElementSet]
Step = Callable[[Env], None]


class Pred:
    """A compiled predicate."""

    __slots__ = ("height", "test")

    def __init__(self, test: Test, height: int) -> None:
        self.test = test
        self.height = height


class Atom(Pred):
    """A comparison or test; `describe(env, truth)` says why it is `truth`."""

    __slots__ = ("describe",)

    def __init__(self, test: Test, describe: Describe) -> None:
        super().__init__(test, 1)
        self.describe = describe


class AllOf(Pred):
    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Pred, ...]) -> None:
        tests = tuple(part.test for part in parts)
        if len(tests) == 2:  # the usual `a and b`, without a loop
            first, second = tests

            def test(env: Env) -> bool:
                return first(env) and second(env)

        else:

            def test(env: Env) -> bool:
                for part in tests:  # noqa: SIM110 - a plain loop: this runs for every call
                    if not part(env):
                        return False
                return True

        super().__init__(test, 1 + max(part.height for part in parts))
        self.parts = parts


class AnyOf(Pred):
    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Pred, ...]) -> None:
        tests = tuple(part.test for part in parts)
        if len(tests) == 2:  # the usual `a or b`, without a loop
            first, second = tests

            def test(env: Env) -> bool:
                return first(env) or second(env)

        else:

            def test(env: Env) -> bool:
                for part in tests:  # noqa: SIM110 - a plain loop: this runs for every call
                    if part(env):
                        return True
                return False

        super().__init__(test, 1 + max(part.height for part in parts))
        self.parts = parts


class Negation(Pred):
    __slots__ = ("inner",)

    def __init__(self, inner: Pred) -> None:
        inner_test = inner.test
        super().__init__(lambda env: not inner_test(env), inner.height + 1)
        self.inner = inner


@dataclass(frozen=True, slots=True)
class SetExpr:
    """A compiled set expression. `constant` is its value when no accessor is involved;
    `shown_with_value` marks accessors, which explanations show as `x.tags = {...}`."""

    value: SetValue
    text: str
    height: int
    constant: ElementSet | None = None
    shown_with_value: bool = False


@dataclass(frozen=True, slots=True)
class CompiledRule:
    info: RuleInfo
    condition: Pred | None  # None: `always`


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    """One tool policy (or shorthand), ready to run."""

    info: PolicyInfo
    exact_id: str | None
    id_pattern: re.Pattern[str] | None
    rules: tuple[CompiledRule, ...]
    allow_rules: tuple[RuleInfo, ...]
    before: tuple[Step, ...]
    result: tuple[Step, ...]
    after: tuple[Step, ...]
    tests: tuple[tuple[Test | None, RuleInfo], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # What deciding a call runs: each rule's closure (None for `always`) and its info.
        tests = tuple(
            (None if rule.condition is None else rule.condition.test, rule.info)
            for rule in self.rules
        )
        object.__setattr__(self, "tests", tests)
