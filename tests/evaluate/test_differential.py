"""The optimized evaluator decides exactly as the straightforward one.

`load_policy(..., optimize=False)` compiles every rule into its own closures, with
nothing shared and no fast paths; the reference below runs such a policy step by step
(section 4 of the language notes), walking each rule's condition tree and choosing the
verdict as written there. Every decision of the optimized evaluator (shared atoms,
fast membership tests, the flattened per-tool plan) must be the same, field by field,
with the same explanations, on generated policies and calls, on the benchmark's
200-rule policy, and on the example policies. When a call makes evaluation raise
(a number too large for a datetime), both must raise the same error.
"""

from __future__ import annotations

import contextlib
import math
import random
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from sqrt_tools.evaluate import (
    Argument,
    Call,
    Meta,
    PolicyError,
    PolicySet,
    Presets,
    RuleInfo,
    ToolOutput,
    Verdict,
    decisions,
    evaluate,
    explain,
    load_policy,
)
from sqrt_tools.evaluate.bounded_regex import BoundedPattern
from sqrt_tools.evaluate.compiled import AllOf, AnyOf, Atom, Negation, Pred
from sqrt_tools.evaluate.domains import (
    BoolDomain,
    DatetimeDomain,
    Matcher,
    NumberDomain,
    NumberElement,
    NumberRange,
    RegexElement,
    StrDomain,
    WildcardElement,
    wildcard_pattern,
)
from sqrt_tools.evaluate.model import PolicyInfo
from sqrt_tools.evaluate.runtime import Env, contains_value, membership
from sqrt_tools.sets import UNIVERSAL, ElementSet
from tests.evaluate.worst_case import generated_calls, generated_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# --- the reference ---------------------------------------------------------------------


def holds(pred: Pred, env: Env) -> bool:
    """A condition's truth, walking its tree: only the atoms are closures."""
    if isinstance(pred, Atom):
        return bool(pred.test(env))
    if isinstance(pred, AllOf):
        return all(holds(part, env) for part in pred.parts)
    if isinstance(pred, AnyOf):
        return any(holds(part, env) for part in pred.parts)
    assert isinstance(pred, Negation)
    return not holds(pred.inner, env)


def reference_verdict(
    fired: Sequence[RuleInfo], allow_listed: bool, presets: Presets, blocked: bool
) -> tuple[Verdict, tuple[RuleInfo, ...]]:
    """Step 3 of section 4, as written there, with the llm-blocked preset where
    `decisions.decide` puts it (`blocked`: the preset fired)."""

    def hard(rule: RuleInfo) -> bool:
        return rule.enforcement in ("must", "hard")

    hard_denies = tuple(rule for rule in fired if hard(rule) and rule.outcome == "deny")
    if blocked and presets.llm_blocked_tag_enforcement_level == "hard":
        return Verdict.HARD_DENIED, hard_denies
    if hard_denies:
        return Verdict.HARD_DENIED, hard_denies
    hard_allows = tuple(rule for rule in fired if hard(rule))
    if hard_allows:
        return Verdict.HARD_ALLOWED, hard_allows
    if fired:
        top = max(rule.policy.priority for rule in fired)
        winners = tuple(rule for rule in fired if rule.policy.priority == top)
        denies = tuple(rule for rule in winners if rule.outcome == "deny")
        if denies:
            return Verdict.SOFT_DENIED, denies
        return Verdict.SOFT_ALLOWED, winners
    if allow_listed:
        return Verdict.DENIED_NO_ALLOW, ()
    if blocked and not (
        presets.default_allow and presets.default_allow_enforcement_level == "hard"
    ):
        return Verdict.SOFT_DENIED, ()
    return (Verdict.DEFAULT_ALLOWED if presets.default_allow else Verdict.DEFAULT_DENIED), ()


@dataclass(frozen=True)
class Outcome:
    """Everything a decision says, as both evaluators give it."""

    verdict: Verdict
    deciding: tuple[RuleInfo, ...]
    fired: tuple[RuleInfo, ...]
    policies: tuple[PolicyInfo, ...]
    args: Mapping[str, Argument]
    session: Meta
    result: Argument | None
    session_after: Meta | None
    args_after: Mapping[str, Argument] | None
    checks: tuple[tuple[RuleInfo, bool], ...]  # every rule, and whether it fired
    by_preset: bool  # the llm-blocked preset decided the verdict


@dataclass(frozen=True)
class Raised:
    """Evaluation raised: a number or date that no float or datetime holds."""

    error: str
    message: str


def reference(
    policy: PolicySet, call: Call, presets: Presets, output: ToolOutput | None
) -> Outcome:
    """Section 4 step by step, policy by policy, every rule in source order."""
    applying = policy.applying(call.tool)
    env = Env(dict(call.args), call.session, None)
    for compiled in applying:
        for step in compiled.before:
            step(env)
    checks = [
        (rule.info, rule.condition is None or holds(rule.condition, env))
        for compiled in applying
        for rule in compiled.rules
    ]
    fired = tuple(info for info, truth in checks if truth)
    allow_listed = any(compiled.allow_rules for compiled in applying)
    blocked = (
        call.tool == "parse_with_ai"
        and presets.enable_llm_blocked_tag
        and any(arg.present and "__llm_blocked" in arg.meta.tags for arg in env.args.values())
    )
    verdict, deciding = reference_verdict(fired, allow_listed, presets, blocked)
    result = session_after = args_after = None
    if (verdict.allowed or decisions.DENIED_CALL_RUNS) and output is not None:
        after = env.copy()
        metas = [argument.meta for argument in after.args.values() if argument.present]
        after.result = Argument(output.value, decisions.result_meta(metas, output, presets))
        for compiled in applying:
            for step in compiled.result:
                step(after)
        for compiled in applying:
            for step in compiled.after:
                step(after)
        result, session_after, args_after = after.result, after.session, after.args
    return Outcome(
        verdict,
        deciding,
        fired,
        tuple(compiled.info for compiled in applying),
        env.args,
        env.session,
        result,
        session_after,
        args_after,
        tuple(checks),
        blocked
        and (
            presets.llm_blocked_tag_enforcement_level == "hard"
            or (verdict is Verdict.SOFT_DENIED and not deciding)
        ),
    )


def outcome_of(run: Callable[[], Outcome]) -> Outcome | Raised:
    try:
        return run()
    except (OverflowError, ValueError) as error:
        return Raised(type(error).__name__, str(error))


def optimized(
    policy: PolicySet, call: Call, presets: Presets, output: ToolOutput | None
) -> Outcome:
    decision = evaluate(policy, call, presets=presets, output=output)
    return Outcome(
        decision.verdict,
        decision.deciding,
        decision.fired,
        decision.policies,
        decision.args,
        decision.session,
        decision.result,
        decision.session_after,
        decision.args_after,
        tuple((check.rule, check.fired) for check in decision.checks),
        decision.by_preset,
    )


def explained(
    policy: PolicySet, call: Call, presets: Presets, output: ToolOutput | None
) -> list[str] | Raised:
    try:
        return explain(evaluate(policy, call, presets=presets, output=output))
    except (OverflowError, ValueError) as error:
        return Raised(type(error).__name__, str(error))


def assert_same(
    source: str, calls: Sequence[tuple[Call, Presets, ToolOutput | None]]
) -> list[Outcome | Raised]:
    """Every call decided both ways; returns the outcomes, for tests to check that they
    exercised something."""
    fast = load_policy(source, "generated.sqrt")
    plain = load_policy(source, "generated.sqrt", optimize=False)
    outcomes: list[Outcome | Raised] = []
    for call, presets, output in calls:
        expected = outcome_of(partial(reference, plain, call, presets, output))
        actual = outcome_of(partial(optimized, fast, call, presets, output))
        assert actual == expected, (source, call)
        assert explained(fast, call, presets, output) == explained(plain, call, presets, output)
        outcomes.append(actual)
    return outcomes


# --- generated policies ----------------------------------------------------------------

ARGS = ("a", "b", "to", "body", "n", "at")
FIELDS = ("tags", "producers", "consumers")
NAMES = ("x", "y", "pii", "web", "crm", "bob", "step1", "3", "__llm_blocked")
LETS = """\
let names = {"x", "y", "pii"};
let others = names | {"web"} with "crm" without "y";
let everything_but = {"*"} - {"x", "web"};
let mixed = {"a@x.com", r"^b[0-9]+$", w"*@y.org", 3, 2.5, str like w"c*" length 2..4};
let small = int 1..5;
let ratio = float 0.5<..<10;
let window = datetime d"2025-01-01"..<d"2026-01-01T00:00:00Z";
let exact = {str "a@x.com", bool true};
let risky = (names - {"x"}) ^ {"web", "pii"};
let flagged = a.tags overlaps {"pii"} or not n.value in small;
"""
VALUE_SETS = (
    "names",
    "others",
    "everything_but",
    "mixed",
    "small",
    "ratio",
    "window",
    "exact",
    "risky",
    '{"a@x.com", "y"}',
    '{r"^[a-z]+@x\\.com$", w"*.org"}',
    '{"*"} - mixed',
    "{int 0..}",
    '{str matching r"^[a-c]+$" length 1..3, float -inf<..0}',
    "@session.tags",
    "a.tags",
    "@args.tags",
    "intersect of consumers from args",
    "mixed | a.producers",
)
META_SETS = (
    "names",
    "others",
    "everything_but",
    "risky",
    '{"x"}',
    '{"pii", "web", "crm"}',
    '{3, "y"}',  # as metadata, the name "3" ...
    '{3.0, "y"}',  # ... and "3.0", though the two sets hold the same number
    "{}",
    '{"*"}',
    "mixed",
    "@session.tags",
    "b.tags",
    "@args.producers",
    "union of tags from args",
    "@args.consumers.intersect",
    'a.tags | {"y"}',
)
SET_SIDES = (
    "a.tags",
    "b.producers",
    "body.consumers",
    "to.tags",
    "@session.tags",
    "@session.producers",
    "@args.tags",
    "union of producers from args",
    "intersect of consumers from args",
    "@args.tags.intersect",
    "@result.tags",
)
# `1`, `1.0` and `true` are equal in Python; in a policy only the two numbers are.
LITERALS = (
    '"x"',
    '"a@x.com"',
    "1",
    "1.0",
    "0",
    "2.5",
    "true",
    "false",
    '"2025-06-01"',
    'd"2025-06-01"',
)


def atom(rng: random.Random) -> str:
    kind = rng.randrange(7)
    if kind == 0:
        return f"{rng.choice(ARGS)}.value in {rng.choice(VALUE_SETS)}"
    if kind == 1:
        op = rng.choice(("overlaps", "overlaps", "subset of", "superset of", "=="))
        return f"{rng.choice(SET_SIDES)} {op} {rng.choice(META_SETS)}"
    if kind == 2:
        return f"{rng.choice(SET_SIDES)} is {rng.choice(('empty', 'universal'))}"
    if kind == 3:
        return f"{rng.choice(ARGS)}.value == {rng.choice(LITERALS)}"
    if kind == 4:
        return f"{rng.choice(LITERALS)} in {rng.choice(META_SETS + VALUE_SETS[:4])}"
    if kind == 5:
        return rng.choice(("flagged", "@result.value == 3", "@session.value in names"))
    return f"{rng.choice(ARGS)}.value == {rng.choice(ARGS)}.value"


def condition(rng: random.Random, pool: list[str], depth: int = 0) -> str:
    """A condition over atoms drawn mostly from `pool`, so that rules share atoms."""
    roll = rng.random()
    if depth >= 3 or roll < 0.35:
        text = rng.choice(pool) if rng.random() < 0.8 else atom(rng)
        return f"not {text}" if rng.random() < 0.25 else text
    if roll < 0.45:
        return f"not ({condition(rng, pool, depth + 1)})"
    op = rng.choice((" and ", " or "))
    parts = [condition(rng, pool, depth + 1) for _ in range(rng.choice((2, 2, 2, 3, 4)))]
    return "(" + op.join(parts) + ")"


def update(rng: random.Random, subjects: Sequence[str]) -> str:
    target = f"{rng.choice(subjects)}.{rng.choice(FIELDS)}".replace("@.", "@")
    op = rng.choice(("=", "|=", "&=", "-=", "^="))
    value = rng.choice(('{"x"}', '{"step1", "pii"}', "names", "b.tags", '{"*"}', "mixed"))
    return f"{target} {op} {value};"


def block(rng: random.Random, subjects: Sequence[str], pool: list[str]) -> str:
    statements = [update(rng, subjects) for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.6:
        inner = " ".join(update(rng, subjects) for _ in range(rng.randint(1, 2)))
        statements.append(f"when {condition(rng, pool, 2)} {{ {inner} }}")
    return " ".join(statements)


def generated_program(rng: random.Random) -> str:
    pool = [atom(rng) for _ in range(rng.randint(4, 10))]
    lines = [LETS]
    for index in range(rng.randint(2, 6)):
        tool = rng.choice(('"t1"', '"t2"', '"t3"', 'r"^t[0-9]$"', 'r"^t[12]$"', '"parse_with_ai"'))
        body = []
        if rng.random() < 0.7:
            body.append(f"priority {rng.randint(-2, 3)};")
        for _ in range(rng.randint(1, 8)):
            enforcement = rng.choice(("must", "hard", "should", "soft"))
            outcome = rng.choice(("deny", "deny", "allow"))
            when = "always" if rng.random() < 0.08 else f"when {condition(rng, pool)}"
            body.append(f"{enforcement} {outcome} {when};")
        if rng.random() < 0.4:
            subjects = ("@", "@session", "a", "body")
            body.append(f"session before {{ {block(rng, subjects, pool)} }}")
        if rng.random() < 0.4:
            subjects = ("@", "@result", "@session", "b")
            body.append(f"result {{ {block(rng, subjects, pool)} }}")
        if rng.random() < 0.3:
            subjects = ("@", "@result", "@session", "to")
            body.append(f"session after {{ {block(rng, subjects, pool)} }}")
        lines.append(f"tool {tool} {{\n    " + "\n    ".join(body) + "\n}")
        if index == 0 and rng.random() < 0.5:
            lines.append('tool "t2" -> session before @tags |= {"step1"} when a.value in names;')
    return "\n".join(lines)


VALUES: tuple[object, ...] = (
    "x",
    "y",
    "pii",
    "web",
    "a@x.com",
    "b42",
    "eve@y.org",
    "cab",
    "c",
    "abc",
    "2025-06-01",
    "2025-06-01T02:00:00+02:00",  # the instant of d"2025-06-01", not its text
    1748736000,  # the same instant, in seconds
    "2024-12-31T23:00:00-02:00",
    "not a date",
    0,
    1,
    1.0,
    3,
    5,
    7,
    2.5,
    3.0,
    -1,
    float("nan"),
    float("inf"),
    True,
    False,
    None,
    ["x"],
    {"k": 1},
    1767225600,
)
HUGE = 10**400  # no float holds it: datetime and number tests raise OverflowError


def names(rng: random.Random) -> ElementSet:
    return ElementSet(rng.sample(NAMES, rng.randint(0, 3)))


def metadata(rng: random.Random) -> Meta:
    consumers = UNIVERSAL if rng.random() < 0.5 else names(rng)
    if rng.random() < 0.1:
        consumers = ElementSet(["x"], cofinite=True)
    return Meta(names(rng), names(rng), consumers)


def random_presets(rng: random.Random) -> Presets:
    return Presets(
        default_allow=rng.random() < 0.8,
        default_allow_enforcement_level=rng.choice(("soft", "hard")),
        enable_non_executable_memory=rng.random() < 0.5,
        enable_llm_blocked_tag=rng.random() < 0.8,
        llm_blocked_tag_enforcement_level=rng.choice(("soft", "hard")),
    )


def generated_calls_for(
    rng: random.Random, tools: Sequence[str], count: int, args: Sequence[str] = ARGS
) -> list[tuple[Call, Presets, ToolOutput | None]]:
    calls: list[tuple[Call, Presets, ToolOutput | None]] = []
    for _ in range(count):
        passed = {}
        for name in rng.sample(list(args), rng.randint(0, len(args))):
            value = HUGE if rng.random() < 0.01 else rng.choice(VALUES)
            passed[name] = Argument(value, metadata(rng) if rng.random() < 0.6 else Meta())
        call = Call(rng.choice(tools), passed, metadata(rng))
        presets = random_presets(rng)
        output = None
        if rng.random() < 0.7:
            own = metadata(rng) if rng.random() < 0.5 else None
            output = ToolOutput(rng.choice(VALUES), own, rng.choice(("merge", "replace", "ignore")))
        calls.append((call, presets, output))
    return calls


def generated_case(seed: int) -> tuple[str, list[tuple[Call, Presets, ToolOutput | None]]]:
    rng = random.Random(seed)
    source = generated_program(rng)
    try:
        load_policy(source)
    except PolicyError as error:  # the generator aims at valid programs only
        pytest.fail(f"generated an invalid program: {error}\n{source}")
    tools = ("t1", "t2", "t3", "t4", "other", "parse_with_ai")
    return source, generated_calls_for(rng, tools, 150)


SEEDS = range(60)


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_policies(seed: int) -> None:
    assert_same(*generated_case(seed))


def test_generated_cases_exercise_the_evaluator() -> None:
    """The generated cases reach every verdict, fire rules, raise sometimes, run result
    blocks, share atoms between rules (truths the optimized evaluator keeps), and let
    the llm-blocked preset decide at both levels."""
    verdicts: set[Verdict] = set()
    by_preset: set[Verdict] = set()
    fired = raised = results = shared = 0
    for seed in SEEDS[:20]:
        source, calls = generated_case(seed)
        for outcome in assert_same(source, calls):
            if isinstance(outcome, Raised):
                raised += 1
                continue
            verdicts.add(outcome.verdict)
            if outcome.by_preset:
                by_preset.add(outcome.verdict)
            fired += len(outcome.fired)
            results += outcome.result is not None
        policy = load_policy(source)
        for call, presets, _ in calls:
            with contextlib.suppress(OverflowError):  # as `raised` counts
                shared += len(evaluate(policy, call, presets=presets).check_env.truths)
    # Generated regexes are sound, so none runs out of time (tests/evaluate/test_regex_time.py).
    assert verdicts == set(Verdict) - {Verdict.REGEX_TIMEOUT}
    assert by_preset == {Verdict.HARD_DENIED, Verdict.SOFT_DENIED}
    assert fired > 1000 and raised > 0 and results > 300 and shared > 1000


# --- atoms that differ in one detail: none may borrow the other's truth ----------------

SIBLINGS = [
    ('n.value == "2025-06-01"', 'n.value == d"2025-06-01"'),
    ("n.value == 1", "n.value == true"),
    ("n.value == 0", "n.value == false"),
    ("n.value == b.value", "n.value == to.value"),
    ('a.tags overlaps {3, "y"}', 'a.tags overlaps {3.0, "y"}'),
    ('a.tags overlaps {"x", "y"}', 'a.tags subset of {"x", "y"}'),
    ('a.tags superset of {"x"}', 'a.tags == {"x"}'),
    ("a.tags overlaps names", "a.tags overlaps everything_but"),
    ('a.tags overlaps (b.tags | {"x"})', 'a.tags overlaps (b.tags & {"x"})'),
    ('a.tags overlaps (b.tags - {"x"})', 'a.tags overlaps ({"x"} - b.tags)'),
    ('@session.tags overlaps {"x"}', '@session.producers overlaps {"x"}'),
    ("@session.tags is empty", "@result.tags is empty"),
    ("a.tags is empty", "a.tags is universal"),
    ("a.consumers is universal", "b.consumers is universal"),
    ('@args.tags overlaps {"x"}', '@args.tags.intersect overlaps {"x"}'),
    ('union of tags from args overlaps {"x"}', 'union of producers from args overlaps {"x"}'),
    ("n.value in names", "b.value in names"),
    ("n.value in mixed", 'n.value in {"*"} - mixed'),
    ('n.value in {r"x.*"}', 'n.value in {w"x.*"}'),
    ("n.value in {int 1..5}", "n.value in {float 1..5}"),
    ("n.value in {int 1..5}", "n.value in {int 1..<5}"),
    ('n.value in {str like w"c*"}', 'n.value in {str matching r"c*"}'),
    ('n.value in {str like w"*" length 1..2}', 'n.value in {str like w"*" length 1..3}'),
    ('n.value in {datetime d"2025-06-01"..}', 'n.value in {datetime d"2025-06-01"<..}'),
    ('"x" in @session.tags', '"y" in @session.tags'),
    ('"x" in a.tags | b.tags', '"x" in a.tags & b.tags'),
    ("a.tags overlaps (b.tags | {3})", "a.tags overlaps (b.tags | {3.0})"),
    ("n.value in a.tags", "n.value in a.producers"),
]


@pytest.mark.parametrize(("first", "second"), SIBLINGS)
def test_sibling_atoms_keep_their_own_truth(first: str, second: str) -> None:
    """Each atom in several rules, so that the optimized evaluator shares it; the first
    two rules' checks show the truth of each, and some calls must tell them apart."""
    source = LETS + (
        'tool "t" {\n'
        f"    should deny when {first};\n"
        f"    should deny when {second};\n"
        f"    should deny when not {second} and {first};\n"
        f"    should deny when {first} or {second};\n"
        f"    should deny when not ({first}) or not ({second});\n"
        "}"
    )
    calls = generated_calls_for(random.Random(first + second), ("t",), 400, ("n", "a", "b", "to"))
    outcomes = [outcome for outcome in assert_same(source, calls) if isinstance(outcome, Outcome)]
    told_apart = [each for each in outcomes if each.checks[0][1] != each.checks[1][1]]
    assert told_apart, "no call tells the two atoms apart: the pair would test nothing"


# --- fast paths against their definitions ----------------------------------------------

MATCHERS: tuple[Matcher, ...] = (
    RegexElement(BoundedPattern(r"^b[0-9]+$", text='r"^b[0-9]+$"', where="t"), 'r"^b[0-9]+$"'),
    WildcardElement("*@y.org", 'w"*@y.org"'),
    NumberElement(3, "3"),
    NumberDomain(True, NumberRange(1, True, 5, False), "int 1..<5"),
    NumberDomain(False, NumberRange(0.5, False, None, True), "float 0.5<.."),
    StrDomain(
        exact=None,
        pattern=wildcard_pattern("c*", 'w"c*"', "t"),
        like=True,
        pattern_key=("like", "c*"),
        length=NumberRange(2, True, 4, True),
        text='str like w"c*" length 2..4',
    ),
    DatetimeDomain(NumberRange(1735689600.0, True, 1767225600.0, False), "datetime ..."),
    BoolDomain(False, "bool false"),
)


def value_sets() -> list[ElementSet]:
    """Sets of strings, of patterns, of both, finite and co-finite."""
    rng = random.Random(3)
    found = [ElementSet(), ElementSet(["x", "a@x.com", "3"])]
    for _ in range(40):
        elements: list[Hashable] = list(rng.sample(["x", "y", "a@x.com", "cab"], rng.randint(0, 2)))
        elements += rng.sample(MATCHERS, rng.randint(1, 3))
        found.append(ElementSet(elements))
    return found + [ElementSet(one.elements, cofinite=True) for one in found]


def result_of(test: Callable[[], bool]) -> bool | Raised:
    try:
        return test()
    except OverflowError as error:
        return Raised(type(error).__name__, str(error))


def test_fast_membership_decides_as_the_general_test() -> None:
    """`membership` (its fast closures and `Matcher.fast`) and `contains_value` (sets
    computed during a call) against `membership(..., fast=False)`, the general test."""
    for elements in value_sets():
        fast, general = membership(elements), membership(elements, fast=False)
        for value in (*VALUES, HUGE):
            expected = result_of(partial(general, value))
            assert result_of(partial(fast, value)) == expected, (elements, value)
            assert result_of(partial(contains_value, elements, value)) == expected


def test_equality_with_a_literal_decides_as_values_equal() -> None:
    for constant in (1, 0, 1.0, 2.5, -1, "x", "1", "", True, False, None, ["x"]):
        equal = decisions.equal_to(constant)
        for value in (*VALUES, HUGE, "", "1"):
            assert equal(value) == decisions.values_equal(value, constant), (value, constant)


# --- the benchmark's policy and the examples -------------------------------------------


@pytest.mark.parametrize("every_rule_applies", [True, False])
def test_benchmark_policy(every_rule_applies: bool) -> None:
    rng = random.Random(8)
    calls = []
    for index, call in enumerate(generated_calls()[:250]):
        output = None if index % 4 == 0 else ToolOutput(index, metadata(rng), "merge")
        presets = Presets(default_allow=index % 5 != 0, enable_non_executable_memory=index % 7 == 0)
        calls.append((call, presets, output))
    outcomes = assert_same(generated_policy(every_rule_applies), calls)
    assert sum(len(each.fired) for each in outcomes if isinstance(each, Outcome)) > len(calls)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.sqrt")), ids=lambda path: path.stem)
def test_example_policies(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    tools = [
        *sorted(set(re.findall(r'tool "(\w+)"', source))),
        *("fetch_url", "send_x", "other", "parse_with_ai"),
    ]
    args = sorted(set(re.findall(r"\b([a-z_]+)\.(?:value|tags|producers|consumers)\b", source)))
    rng = random.Random(path.stem)
    calls = generated_calls_for(rng, tools, 200, args or ARGS)
    assert_same(source, calls)


def test_blocks_run_in_source_order() -> None:
    """Blocks of several policies for one tool, each overwriting what the one before
    did: only running them in source order, policy by policy, gives the same metadata."""
    policies = []
    for index, tool in enumerate(('"t"', 'r"^t$"', '"t"', 'r"^[st]$"')):
        policies.append(
            f"tool {tool} {{\n"
            f'    session before {{ @tags = {{"b{index}"}}; body.tags |= {{"b{index}"}}; }}\n'
            f'    result {{ @tags = {{"r{index}"}}; @session.producers = {{"r{index}"}}; }}\n'
            f'    session after {{ @consumers = {{"a{index}"}}; @result.tags = {{"a{index}"}}; }}\n'
            f'    should allow when "b{index}" in @session.tags;\n'
            "}"
        )
    rng = random.Random(5)
    calls = generated_calls_for(rng, ("t", "s"), 50, ("body", "to"))
    assert_same("\n".join(policies), [(call, Presets(), ToolOutput(1)) for call, _, _ in calls])


def test_updates_forget_the_truths_of_the_state_before() -> None:
    """A remembered truth holds for one state: an update (here a `session before`
    block run after the checks, which the engine never does) must not reuse it."""
    policy = load_policy(
        'tool "t" {\n'
        '    session before { @tags |= {"x"}; }\n'
        '    must deny when "x" in @session.tags;\n'
        '    should deny when "x" in @session.tags;\n'
        "}"
    )
    plan = policy.plan("t")
    env = Env({}, Meta(), None)
    assert [test(env) for test, _ in plan.tests] == [False, False]
    assert env.truths  # the atom both rules test was computed once, and remembered
    for step in plan.before:
        step(env)
    assert not env.truths
    assert [test(env) for test, _ in plan.tests] == [True, True]


def test_reference_sees_nan_and_huge_numbers_as_the_evaluator_does() -> None:
    """Values no float comparison likes: NaN is in no range, a huge integer raises."""
    source = 'let small = int 1..5;\ntool "t" { must deny when n.value in small; }'
    nan = (Call("t", {"n": Argument(math.nan)}), Presets(), None)
    huge = (Call("t", {"n": Argument(HUGE)}), Presets(), None)
    assert_same(source, [nan, huge])
    fast = load_policy(source)
    with pytest.raises(OverflowError):
        evaluate(fast, huge[0])
