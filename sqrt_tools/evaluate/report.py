"""A decision for people (`decision_text`) and for scripts (`decision_json`).

The text holds data from the policy and the call: callers escape it for a terminal.
"""

from __future__ import annotations

from typing import Any

from sqrt_tools.evaluate.engine import Decision
from sqrt_tools.evaluate.explain import explain, preset_sentences, rule_reason, rule_sentences
from sqrt_tools.evaluate.jsonform import args_to_json, argument_to_json, meta_to_json
from sqrt_tools.evaluate.model import META_FIELDS, Meta, PolicyInfo, RuleInfo
from sqrt_tools.evaluate.show import show_set, show_value

JSON_SCHEMA_VERSION = 1


def meta_text(meta: Meta) -> str:
    return ", ".join(f"{name} {show_set(meta.get(name))}" for name in META_FIELDS)


def decision_text(decision: Decision, *, result_given: bool = False) -> list[str]:
    """The verdict, why, the other rules that fired, and the metadata around the call."""
    word = "allowed" if decision.allowed else "denied"
    lines = [f"{decision.call.tool}: {decision.verdict} ({word})"]
    presets = preset_sentences(decision)
    if decision.by_preset:
        lines.extend(presets)
    sentences = rule_sentences(decision)
    if decision.deciding:
        for sentence, rule in zip(sentences, decision.deciding, strict=True):
            lines.append(sentence)
            lines.extend(f"  /// {doc}" for doc in rule.docs.splitlines())
    else:
        lines.extend(sentences)
    if not decision.by_preset:
        lines.extend(presets)
    deciding = {id(rule) for rule in decision.deciding}
    others = [rule for rule in decision.fired if id(rule) not in deciding]
    for rule in others:
        lines.append(f"also fired: `{rule.text}` at {rule.location}")
    lines.append(f"session before the checks: {meta_text(decision.session)}")
    if decision.result is not None:
        result = decision.result
        lines.append(f"result: {show_value(result.value)}; {meta_text(result.meta)}")
    elif result_given:
        lines.append("result: none (a denied call does not run)")
    if decision.session_after is not None:
        lines.append(f"session after the call: {meta_text(decision.session_after)}")
    return lines


def policy_json(policy: PolicyInfo) -> dict[str, Any]:
    return {
        "tool_id": policy.tool_id,
        "regex": policy.is_regex,
        "priority": policy.priority,
        "path": policy.location.path,
        "line": policy.location.line,
        "column": policy.location.column,
        "docs": policy.docs,
    }


def rule_json(rule: RuleInfo) -> dict[str, Any]:
    return {
        "rule": rule.text,
        "enforcement": rule.enforcement,
        "hard": rule.is_hard,
        "outcome": rule.outcome,
        "path": rule.location.path,
        "line": rule.location.line,
        "column": rule.location.column,
        "docs": rule.docs,
        "policy": rule.policy.tool_id,
        "priority": rule.policy.priority,
    }


def decision_json(decision: Decision) -> dict[str, Any]:
    """The decision as one JSON object (see the README for the fields)."""
    by_rule = {id(check.rule): check for check in decision.checks}

    def with_reason(rule: RuleInfo) -> dict[str, Any]:
        reason = rule_reason(by_rule[id(rule)], decision.check_env)
        return {**rule_json(rule), "because": list(reason.reasons)}

    result = decision.result
    after = decision.session_after
    return {
        "version": JSON_SCHEMA_VERSION,
        "tool": decision.call.tool,
        "verdict": str(decision.verdict),
        "allowed": decision.allowed,
        "explanation": explain(decision),
        "presets": decision.presets.to_json(),
        "llm_blocked": None
        if decision.llm_blocked is None
        else {
            "arguments": list(decision.llm_blocked.arguments),
            "level": decision.llm_blocked.level,
            "decided": decision.by_preset,
        },
        "deciding": [with_reason(rule) for rule in decision.deciding],
        "fired": [with_reason(rule) for rule in decision.fired],
        "policies": [policy_json(policy) for policy in decision.policies],
        "args": args_to_json(decision.args),
        "session": meta_to_json(decision.session),
        "result": None if result is None else argument_to_json(result),
        "session_after": None if after is None else meta_to_json(after),
        "args_after": None if decision.args_after is None else args_to_json(decision.args_after),
        "regex_timeout": None if decision.timeout is None else timeout_json(decision),
    }


def timeout_json(decision: Decision) -> dict[str, Any]:
    """The regex that ran out of time (verdict `regex_timeout`), for `--json`."""
    timeout = decision.timeout
    assert timeout is not None
    return {
        "regex": timeout.pattern,
        "where": timeout.where,
        "phase": decision.timeout_phase,
        "limit_seconds": timeout.seconds,
        "value_length": len(timeout.value),
    }
