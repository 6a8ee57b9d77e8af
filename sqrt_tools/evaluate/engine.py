"""Deciding one tool call, in the order of section 4 of the language notes.

1. the policies that apply to the tool; 2. their `session before` blocks, in source
order, policy by policy; 3. the check rules, and the verdict (`decisions.decide`);
4. the tool "runs": its result starts with its arguments' metadata combined; 5. the
`result` blocks, then the `session after` blocks, in source order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.bounded_regex import RegexTimeout
from sqrt_tools.evaluate.compiled import CompiledPolicy, Pred
from sqrt_tools.evaluate.model import (
    Argument,
    Call,
    Meta,
    PolicyInfo,
    RuleInfo,
    ToolOutput,
    Verdict,
)
from sqrt_tools.evaluate.policy import PolicySet
from sqrt_tools.evaluate.runtime import Env
from sqrt_tools.presets import Presets

_DEFAULT_PRESETS = Presets()


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """One check rule of an applying policy, and whether it fired."""

    rule: RuleInfo
    fired: bool
    condition: Pred | None  # None: `always`


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of one call.

    `session` is the session metadata after the `session before` blocks (what the
    checks saw); `args` the arguments as the checks saw them. `result`, `session_after`
    and `args_after` are set when the call was allowed and a result was given: the
    result after the `result` blocks, the session after the `session after` blocks,
    and the arguments after both (blocks may update `ARG.FIELD`).
    """

    call: Call
    verdict: Verdict
    deciding: tuple[RuleInfo, ...]
    fired: tuple[RuleInfo, ...]
    policies: tuple[PolicyInfo, ...]
    args: Mapping[str, Argument]
    session: Meta
    result: Argument | None
    session_after: Meta | None
    args_after: Mapping[str, Argument] | None
    applying: tuple[CompiledPolicy, ...] = field(repr=False, compare=False)
    check_env: Env = field(repr=False, compare=False)
    # The regex that ran out of time, when the verdict is `regex_timeout`, and in which
    # phase: "checks" (session before blocks and check rules) or "after" (result and
    # session after blocks of a call the checks allowed).
    timeout: RegexTimeout | None = None
    timeout_phase: str = "checks"
    # The presets the call was decided under; the llm-blocked preset's finding when it
    # fired, and whether it decided the verdict (`decisions.decide`).
    presets: Presets = field(default=_DEFAULT_PRESETS, compare=False)
    llm_blocked: decisions.LlmBlocked | None = None
    by_preset: bool = False

    @property
    def checks(self) -> tuple[RuleCheck, ...]:
        """Every check rule of the applying policies, in source order, with whether it
        fired (built on demand: deciding a call does not need it)."""
        fired = {id(rule) for rule in self.fired}
        return tuple(
            RuleCheck(rule.info, id(rule.info) in fired, rule.condition)
            for policy in self.applying
            for rule in policy.rules
        )

    @property
    def allowed(self) -> bool:
        return self.verdict.allowed

    @property
    def final_session(self) -> Meta:
        """The session metadata the next call starts with."""
        return self.session_after if self.session_after is not None else self.session


def evaluate(
    policy: PolicySet,
    call: Call,
    *,
    presets: Presets = _DEFAULT_PRESETS,
    output: ToolOutput | None = None,
) -> Decision:
    """Decide `call` under `policy`. With `output` (what the tool returned), an allowed
    call also runs its `result` and `session after` blocks."""
    env = Env(dict(call.args), call.session, None)
    try:
        plan = policy.plan(call.tool)
        for step in plan.before:
            step(env)
        # Every rule runs, in source order (`fired` lists them all, also after a hard deny).
        fired = tuple([info for test, info in plan.tests if test(env)])
    except RegexTimeout as timeout:
        return _timed_out(call, env, timeout, "checks", (), presets=presets)
    blocked = decisions.llm_blocked(env.args, presets) if plan.reads_llm_blocked else None
    # `decide` reads the fired rules of all policies together, and whether any policy
    # has an allow rule: one `PolicyChecks` for the whole plan says both.
    outcome = decisions.decide((decisions.PolicyChecks(fired, plan.allow_rules),), presets, blocked)
    verdict = outcome.verdict
    result: Argument | None = None
    session_after: Meta | None = None
    args_after: dict[str, Argument] | None = None
    runs = verdict.allowed or decisions.DENIED_CALL_RUNS
    if runs and output is not None:
        after = env.copy()
        metas = [argument.meta for argument in after.args.values() if argument.present]
        after.result = Argument(output.value, decisions.result_meta(metas, output, presets))
        try:
            for step in plan.result:
                step(after)
            for step in plan.after:
                step(after)
        except RegexTimeout as timeout:
            return _timed_out(call, env, timeout, "after", plan.policies, presets=presets)
        result = after.result
        session_after = after.session
        args_after = after.args
    return Decision(
        call=call,
        verdict=verdict,
        deciding=outcome.deciding,
        fired=fired,
        policies=plan.infos,
        args=env.args,
        session=env.session,
        result=result,
        session_after=session_after,
        args_after=args_after,
        applying=plan.policies,
        check_env=env,
        presets=presets,
        llm_blocked=blocked,
        by_preset=outcome.by_preset,
    )


def _timed_out(
    call: Call,
    env: Env,
    timeout: RegexTimeout,
    phase: str,
    applying: tuple[CompiledPolicy, ...],
    *,
    presets: Presets,
) -> Decision:
    """The decision of a call whose evaluation met a regex that ran out of time
    (`decisions.REGEX_TIMEOUT_VERDICT`): no rule decided it, nothing after ran."""
    return Decision(
        call=call,
        verdict=decisions.REGEX_TIMEOUT_VERDICT,
        deciding=(),
        fired=(),
        policies=tuple(policy.info for policy in applying),
        args=env.args,
        session=env.session,
        result=None,
        session_after=None,
        args_after=None,
        applying=applying,
        check_env=env,
        timeout=timeout,
        timeout_phase=phase,
        presets=presets,
    )
