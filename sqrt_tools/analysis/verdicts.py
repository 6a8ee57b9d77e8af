"""Deciding a call of the plan with the evaluator, three-valued.

The evaluator decides a call whose values are all known. In a plan, a value the
program does not fix (a tool's result) is unknown: the evaluator sees it as a value
that fails every value test, and this module asks, for every comparison that reads
such a value, what the verdict would be if it were true instead. When no combination
changes whether the call is allowed, the verdict stands; otherwise the call "depends
on the value of" the arguments those comparisons read.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from sqrt_tools.analysis.model import Outcome, Prediction
from sqrt_tools.analysis.values import Unknown
from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.compiled import AllOf, AnyOf, Atom, Negation, Pred, ToolPlan
from sqrt_tools.evaluate.engine import Decision, evaluate
from sqrt_tools.evaluate.explain import explain
from sqrt_tools.evaluate.model import Argument, Call, Meta, RuleInfo, ToolOutput, Verdict
from sqrt_tools.evaluate.policy import PolicySet
from sqrt_tools.evaluate.runtime import Env
from sqrt_tools.presets import Presets

# [ours] Past this many distinct comparisons on unknown values, the combinations are
# not tried one by one: a call whose rules test them is reported as "depends".
MAX_UNKNOWN_COMPARISONS = 10


@dataclass(frozen=True, slots=True)
class CallOutcome:
    """A decided call: the prediction, and the state after it (as if it ran)."""

    prediction: Prediction
    decision: Decision
    result: Meta
    session_after: Meta


def decide_call(
    policy: PolicySet,
    tool: str,
    args: Mapping[str, Argument],
    session: Meta,
    presets: Presets,
) -> CallOutcome:
    """Decide a call whose unknown values are `Unknown` objects; run its blocks."""
    output = ToolOutput(Unknown("result"))
    decision = evaluate(policy, Call(tool, dict(args), session), presets=presets, output=output)
    unknown_names = {
        name
        for name, argument in args.items()
        if argument.present and isinstance(argument.value, Unknown)
    }
    plan = policy.plan(tool)
    possible = _possible_verdicts(plan, decision, unknown_names, presets)
    verdicts, reads, open_rules = possible.verdicts, possible.reads, possible.open_rules
    allowed = {verdict.allowed for verdict in verdicts}
    outcome: Outcome
    depends_on: set[str] = set()
    if len(allowed) == 2 or not possible.tried:
        outcome, depends_on = "depends", reads
    else:
        outcome = "allowed" if allowed == {True} else "denied"
    prediction = Prediction(
        outcome=outcome,
        verdicts=tuple(sorted(verdicts, key=_verdict_order)),
        depends_on=tuple(sorted(depends_on)),
        deciding=decision.deciding,
        explanation=tuple(explain(decision)),
        open_rules=open_rules if outcome == "depends" else (),
    )
    if decision.result is not None and decision.session_after is not None:
        result, after = decision.result.meta, decision.session_after
    else:
        result, after = _run_after(plan, decision, output, presets)
    return CallOutcome(prediction, decision, result, after)


def _verdict_order(verdict: Verdict) -> int:
    return list(Verdict).index(verdict)


def _run_after(
    plan: ToolPlan, decision: Decision, output: ToolOutput, presets: Presets
) -> tuple[Meta, Meta]:
    """The result and session metadata of a call the policy denies, as if it had run
    (the analysis goes on past a denial, to show what the rest of the plan would do),
    in the order the evaluator runs them (`engine.evaluate`)."""
    after = decision.check_env.copy()
    metas = [argument.meta for argument in after.args.values() if argument.present]
    after.result = Argument(output.value, decisions.result_meta(metas, output, presets))
    for step in plan.result:
        step(after)
    for step in plan.after:
        step(after)
    assert after.result is not None
    return after.result.meta, after.session


@dataclass(frozen=True, slots=True)
class _Possible:
    """The verdicts some truth of the unknown comparisons gives (`tried` is False when
    they were too many to try: the call then depends on them), the arguments they
    read, and the rules that test them."""

    verdicts: set[Verdict]
    reads: set[str]
    open_rules: tuple[RuleInfo, ...]
    tried: bool = True


def _possible_verdicts(
    plan: ToolPlan, decision: Decision, unknown: set[str], presets: Presets
) -> _Possible:
    """Every verdict some truth of the unknown comparisons gives, the arguments those
    comparisons read, and the rules that test them."""
    if not unknown:
        return _Possible({decision.verdict}, set(), ())
    rules = [(rule.condition, rule.info) for policy in plan.policies for rule in policy.rules]
    open_atoms: dict[Hashable, set[str]] = {}
    open_rules: list[RuleInfo] = []
    for condition, info in rules:
        if condition is not None:
            before = len(open_atoms)
            found = _collect_unknown_atoms(condition, unknown, open_atoms)
            if found or len(open_atoms) > before:
                open_rules.append(info)
    if not open_atoms:
        return _Possible({decision.verdict}, set(), ())
    names = set().union(*open_atoms.values())
    if len(open_atoms) > MAX_UNKNOWN_COMPARISONS:
        return _Possible({decision.verdict}, names, tuple(open_rules), tried=False)
    env = decision.check_env
    keys = list(open_atoms)
    verdicts: set[Verdict] = set()
    for truths in itertools.product((False, True), repeat=len(keys)):
        assumed = dict(zip(keys, truths, strict=True))
        fired = tuple(
            info
            for condition, info in rules
            if condition is None or _truth(condition, env, assumed)
        )
        checks = (decisions.PolicyChecks(fired, plan.allow_rules),)
        # The llm-blocked preset reads metadata only, which the analysis knows.
        outcome = decisions.decide(checks, presets, decision.llm_blocked)
        verdicts.add(outcome.verdict)
    return _Possible(verdicts, names, tuple(open_rules))


def _collect_unknown_atoms(pred: Pred, unknown: set[str], found: dict[Hashable, set[str]]) -> bool:
    """Add the atoms of `pred` that read unknown values to `found`; whether it has any."""
    any_found = False
    stack = [pred]
    while stack:
        current = stack.pop()
        if isinstance(current, Atom):
            read = _values_read(current.key)
            if read is None:  # what the atom reads is not known: assume any value
                found[id(current)] = set(unknown)
                any_found = True
            elif read & unknown:
                found[current.key] = read & unknown
                any_found = True
        elif isinstance(current, AllOf | AnyOf):
            stack.extend(current.parts)
        elif isinstance(current, Negation):
            stack.append(current.inner)
    return any_found


def _values_read(key: Hashable) -> set[str] | None:
    """The arguments whose values an atom with `key` reads (`("argument", name)` in
    its key, see `Atom.key`; metadata accessors are 3-tuples), or None for no key."""
    if key is None:
        return None
    names: set[str] = set()
    stack: list[object] = [key]
    while stack:
        current = stack.pop()
        if isinstance(current, tuple):
            if len(current) == 2 and current[0] == "argument" and isinstance(current[1], str):
                names.add(current[1])
            else:
                stack.extend(current)
    return names


def _atom_key(atom: Atom) -> Hashable:
    return atom.key if atom.key is not None else id(atom)


def _truth(pred: Pred, env: Env, assumed: dict[Hashable, bool]) -> bool:
    """`pred` in `env`, with the comparisons in `assumed` taken as given. Recursion is
    bounded: compiling refused conditions nested deeper than `decisions.MAX_NESTING`."""
    if isinstance(pred, Atom):
        key = _atom_key(pred)
        if key in assumed:
            return assumed[key]
        return pred.test(env)
    if isinstance(pred, Negation):
        return not _truth(pred.inner, env, assumed)
    if isinstance(pred, AllOf):
        return all(_truth(part, env, assumed) for part in pred.parts)
    if isinstance(pred, AnyOf):
        return any(_truth(part, env, assumed) for part in pred.parts)
    return pred.test(env)


def rule_texts(rules: tuple[RuleInfo, ...]) -> tuple[str, ...]:
    return tuple(f"`{rule.text}` at {rule.location}" for rule in rules)
