"""Why a call was allowed or denied, in sentences.

"denied by `must deny when body.tags overlaps sensitive` at policy.sqrt:7 because
body.tags = {confidential} overlaps {confidential, internal_use}". The reasons are the
comparisons that made a rule's condition true (or, for an allow rule that did not
fire, false), found by walking the compiled condition against the state the checks
saw. The text may hold anything from the policy or the call: escape it to print it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqrt_tools.evaluate.bounded_regex import RegexTimeout
from sqrt_tools.evaluate.compiled import AllOf, AnyOf, Atom, Negation, Pred
from sqrt_tools.evaluate.decisions import LlmBlocked
from sqrt_tools.evaluate.engine import Decision, RuleCheck
from sqrt_tools.evaluate.model import RuleInfo, Verdict
from sqrt_tools.evaluate.runtime import Env
from sqrt_tools.evaluate.show import show_value
from sqrt_tools.presets import LLM_BLOCKED_TAG


@dataclass(frozen=True, slots=True)
class RuleReason:
    """A rule, whether it fired, and the comparisons that decided that."""

    rule: RuleInfo
    fired: bool
    reasons: tuple[str, ...]

    @property
    def because(self) -> str:
        return " and ".join(self.reasons) if self.reasons else "it always applies"


def reasons(pred: Pred, env: Env, truth: bool) -> list[str]:
    """The atoms that make `pred` evaluate to `truth` in `env` (which it must)."""
    if isinstance(pred, Atom):
        return [pred.describe(env, truth)]
    if isinstance(pred, Negation):
        return reasons(pred.inner, env, not truth)
    if isinstance(pred, AllOf | AnyOf):
        # `and` is true by all its parts and false by its first false part; `or` is
        # true by its first true part and false by all its parts.
        every = truth == isinstance(pred, AllOf)
        found: list[str] = []
        for part in pred.parts:
            if part.test(env) == truth:
                found.extend(reasons(part, env, truth))
                if not every:
                    break
        return found
    return []


def rule_reason(check: RuleCheck, env: Env) -> RuleReason:
    if check.condition is None:
        return RuleReason(check.rule, check.fired, ())
    try:
        found = tuple(reasons(check.condition, env, check.fired))
    except RegexTimeout as timeout:  # a match that finished in time once may not again
        found = (str(timeout),)
    return RuleReason(check.rule, check.fired, found)


def timeout_sentence(decision: Decision) -> str:
    """Why a `regex_timeout` call was denied: which regex, where, on which value."""
    timeout = decision.timeout
    assert timeout is not None
    phase = (
        "while the checks ran"
        if decision.timeout_phase == "checks"
        else "while the result and session after blocks ran"
    )
    return (
        f"denied: {timeout} {phase}, matching {show_value(timeout.value)} "
        f"({len(timeout.value):,} characters); a check that cannot finish denies the call "
        "(fail-closed)"
    )


def _where(rule: RuleInfo, with_priority: bool) -> str:
    priority = f" (priority {_number(rule.policy.priority)})" if with_priority else ""
    return f"`{rule.text}` at {rule.location}{priority}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def llm_blocked_sentence(blocked: LlmBlocked) -> str:
    """Why the llm-blocked preset fired: "argument `query` carries `__llm_blocked`"."""
    names = ", ".join(f"`{name}`" for name in blocked.arguments)
    noun = "argument" if len(blocked.arguments) == 1 else "arguments"
    verb = "carries" if len(blocked.arguments) == 1 else "carry"
    return f"{noun} {names} {verb} `{LLM_BLOCKED_TAG}`"


def preset_sentences(decision: Decision) -> list[str]:
    """The llm-blocked preset: what it decided, or that it fired and was overridden."""
    blocked = decision.llm_blocked
    if blocked is None:
        return []
    level = "" if blocked.hard else " (soft)"
    if decision.by_preset:
        return [f"denied by the llm-blocked preset{level}: {llm_blocked_sentence(blocked)}"]
    if decision.allowed:
        by = "the hard default" if not decision.deciding else "a rule"
        return [
            f"the soft llm-blocked preset fired and {by} overrode it: "
            f"{llm_blocked_sentence(blocked)}"
        ]
    return [f"the llm-blocked preset{level} fired too: {llm_blocked_sentence(blocked)}"]


def explain(decision: Decision) -> list[str]:
    """One sentence per deciding rule or preset (or one for a default), most important
    first, then what a preset did that did not decide."""
    if decision.by_preset:
        return preset_sentences(decision) + rule_sentences(decision)
    return rule_sentences(decision) + preset_sentences(decision)


def rule_sentences(decision: Decision) -> list[str]:
    """One sentence per deciding rule, or one for the allow-list or a default."""
    verdict = decision.verdict
    if verdict is Verdict.REGEX_TIMEOUT:
        return [timeout_sentence(decision)]
    env = decision.check_env
    by_rule = {id(check.rule): check for check in decision.checks}
    soft = verdict in (Verdict.SOFT_DENIED, Verdict.SOFT_ALLOWED)
    if decision.deciding:
        word = "allowed" if decision.allowed else "denied"
        return [
            f"{word} by {_where(rule, soft)} because {rule_reason(by_rule[id(rule)], env).because}"
            for rule in decision.deciding
        ]
    if decision.by_preset:
        return []
    tool = decision.call.tool
    if verdict is Verdict.DENIED_NO_ALLOW:
        unfired = [
            rule_reason(check, env)
            for check in decision.checks
            if check.rule.outcome == "allow" and not check.fired
        ]
        lines = [
            f"denied: `{tool}` is allow-listed (a policy for it has an allow rule) and none fired"
        ]
        lines.extend(
            f"{_where(reason.rule, False)} did not fire because {reason.because}"
            for reason in unfired
        )
        return lines
    prefix = (
        "allowed by default"
        if verdict is Verdict.DEFAULT_ALLOWED
        else ("denied by default (default_allow is off)")
    )
    if not decision.policies:
        return [f"{prefix}: no policy applies to `{tool}`"]
    count = len(decision.policies)
    applying = "1 policy applies" if count == 1 else f"{count} policies apply"
    return [f"{prefix}: no rule fired and no allow rule makes `{tool}` allow-listed ({applying})"]
