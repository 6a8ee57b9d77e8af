"""A policy compiled for evaluation: closures to run, and the structure to explain them.

Each predicate is a small tree (`Atom`, `AllOf`, `AnyOf`, `Negation`) whose `test` is
a ready-made closure: deciding a call runs closures only, and the tree is walked only
to explain a decision. `height` bounds the nesting of closures (see
`decisions.MAX_NESTING`), so running and explaining never exhaust the stack. What a
call runs for its rules is linked from these trees once per program
(`CompiledPolicy.tests`, see `compiler.Linker`) and flattened once per tool
(`ToolPlan`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.bounded_regex import BoundedPattern
from sqrt_tools.evaluate.model import PolicyInfo, RuleInfo
from sqrt_tools.evaluate.runtime import Env
from sqrt_tools.sets import ElementSet

Test = Callable[[Env], bool]
Describe = Callable[[Env, bool], str]
SetValue = Callable[[Env], ElementSet]
Step = Callable[[Env], None]


def all_of(tests: tuple[Test, ...]) -> Test:
    """`a and b and ...`: true when every test is, stopping at the first false one."""
    if len(tests) == 2:  # the usual `a and b`, without a loop
        first, second = tests

        def both(env: Env) -> bool:
            return first(env) and second(env)

        return both

    def every(env: Env) -> bool:
        for part in tests:  # noqa: SIM110 - a plain loop: this runs for every call
            if not part(env):
                return False
        return True

    return every


def any_of(tests: tuple[Test, ...]) -> Test:
    """`a or b or ...`: true when some test is, stopping at the first true one."""
    if len(tests) == 2:  # the usual `a or b`, without a loop
        first, second = tests

        def either(env: Env) -> bool:
            return first(env) or second(env)

        return either

    def some(env: Env) -> bool:
        for part in tests:  # noqa: SIM110 - a plain loop: this runs for every call
            if part(env):
                return True
        return False

    return some


def negation(test: Test) -> Test:
    return lambda env: not test(env)


def pair(conjunction: bool, first: Test, second: Test, negated: tuple[bool, bool]) -> Test:
    """`a and b` (or `a or b`) where either side may be negated: the negation inline,
    a call less than `all_of((a, negation(b)))` for the usual `a and not b`."""
    if negated == (False, False):
        return all_of((first, second)) if conjunction else any_of((first, second))
    if conjunction:
        if negated == (False, True):
            return lambda env: first(env) and not second(env)
        if negated == (True, False):
            return lambda env: not first(env) and second(env)
        return lambda env: not first(env) and not second(env)
    if negated == (False, True):
        return lambda env: first(env) or not second(env)
    if negated == (True, False):
        return lambda env: not first(env) or second(env)
    return lambda env: not first(env) or not second(env)


class Pred:
    """A compiled predicate."""

    __slots__ = ("height", "test")

    def __init__(self, test: Test, height: int) -> None:
        self.test = test
        self.height = height


class Atom(Pred):
    """A comparison or test; `describe(env, truth)` says why it is `truth`.

    `key` says what the test computes, structurally (operator, operands, constant sets
    by value), or is None when that is not known: two atoms with equal keys are true
    in the same states, whatever their source text, so a call can compute one and
    reuse its truth (see `compiler.Linker`)."""

    __slots__ = ("describe", "key")

    def __init__(self, test: Test, describe: Describe, key: Hashable | None = None) -> None:
        super().__init__(test, 1)
        self.describe = describe
        self.key = key


class AllOf(Pred):
    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Pred, ...]) -> None:
        super().__init__(
            all_of(tuple(part.test for part in parts)), 1 + max(part.height for part in parts)
        )
        self.parts = parts


class AnyOf(Pred):
    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Pred, ...]) -> None:
        super().__init__(
            any_of(tuple(part.test for part in parts)), 1 + max(part.height for part in parts)
        )
        self.parts = parts


class Negation(Pred):
    __slots__ = ("inner",)

    def __init__(self, inner: Pred) -> None:
        super().__init__(negation(inner.test), inner.height + 1)
        self.inner = inner


@dataclass(frozen=True, slots=True)
class SetExpr:
    """A compiled set expression. `constant` is its value when no accessor is involved;
    `shown_with_value` marks accessors, which explanations show as `x.tags = {...}`.
    `key` says what it computes, structurally, as for `Atom.key`."""

    value: SetValue
    text: str
    height: int
    constant: ElementSet | None = None
    shown_with_value: bool = False
    key: Hashable | None = None


def always(env: Env) -> bool:
    """The test of a rule without a condition (`always`)."""
    return True


@dataclass(frozen=True, slots=True)
class CompiledRule:
    info: RuleInfo
    condition: Pred | None  # None: `always`


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    """One tool policy (or shorthand), ready to run.

    `tests` is what deciding a call runs: each rule's test (`always` for a rule without
    a condition) and its info, in source order. It may be faster than the conditions'
    own `test`s (see `compiler.Linker`), never different in truth."""

    info: PolicyInfo
    exact_id: str | None
    id_pattern: BoundedPattern | None
    rules: tuple[CompiledRule, ...]
    allow_rules: tuple[RuleInfo, ...]
    before: tuple[Step, ...]
    result: tuple[Step, ...]
    after: tuple[Step, ...]
    tests: tuple[tuple[Test, RuleInfo], ...] = field(repr=False)


@dataclass(frozen=True, slots=True)
class ToolPlan:
    """Everything one tool's calls run, flattened over the policies that apply to it,
    in source order, so that deciding a call loops once instead of once per policy."""

    policies: tuple[CompiledPolicy, ...]
    infos: tuple[PolicyInfo, ...]
    tests: tuple[tuple[Test, RuleInfo], ...]
    allow_rules: tuple[RuleInfo, ...]
    before: tuple[Step, ...]
    result: tuple[Step, ...]
    after: tuple[Step, ...]
    # Whether the llm-blocked preset reads this tool's calls (`decisions.llm_blocked_applies`).
    reads_llm_blocked: bool

    @classmethod
    def of(cls, tool: str, policies: tuple[CompiledPolicy, ...]) -> ToolPlan:
        return cls(
            policies=policies,
            infos=tuple(policy.info for policy in policies),
            tests=tuple(test for policy in policies for test in policy.tests),
            allow_rules=tuple(rule for policy in policies for rule in policy.allow_rules),
            before=tuple(step for policy in policies for step in policy.before),
            result=tuple(step for policy in policies for step in policy.result),
            after=tuple(step for policy in policies for step in policy.after),
            reads_llm_blocked=decisions.llm_blocked_applies(tool),
        )
