"""Policy check history and denials, read from free-form data.

The shape of `policy_check_history` entries is not documented. Each entry is searched
for the keys a reader would look for (tool name, verdict, rules, arguments) and
anything else is kept as it came: no entry shape makes the inspector fail. Denials are
also read out of the error message (`denials.py`: one entry per known wording), which
may quote the check results or the call's arguments as a Python literal.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqrt_tools.results.denials import DenialKind, DeniedArgument, read_denial_message
from sqrt_tools.results.glossary import verdict_is_denial
from sqrt_tools.results.models import ResultDocument

_TOOL_KEYS = ("tool_name", "tool", "function_name", "tool_id", "function", "name")
_VERDICT_KEYS = ("final_verdict", "verdict", "decision", "outcome", "result", "status")
_RULE_KEYS = ("policy_results", "rules", "matched_rules", "policies", "checks", "rule", "reason")
_ARGUMENT_KEYS = ("args", "arguments", "kwargs", "tool_args", "input")
_NESTED_CALL_KEYS = ("tool_call", "call", "request", "function", "tool")
_NESTED_RESULT_KEYS = ("check_result", "check_results", "checks", "result", "results")

_QUOTED_VERDICT = re.compile(r"""['"]?final_verdict['"]?\s*[:=]\s*['"](?P<verdict>\w+)['"]""")
# Error messages quote the check results after this marker (as a Python dict literal).
_CHECK_RESULTS = re.compile(r"(?:check results|results)\s*:\s*(?P<literal>\{.*\})", re.I | re.S)
_MAX_LITERAL_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class PolicyCheck:
    """One history entry, with the parts a reader looks for pulled out."""

    number: int  # 1-based position in the history
    tool: str | None
    verdict: str | None
    denied: bool | None
    rules: tuple[str, ...]
    arguments: Any
    raw: Any


@dataclass(frozen=True, slots=True)
class Denial:
    """Which call a policy denied, and how sure we are of each part."""

    tool: str | None
    verdict: str | None
    phase: str | None  # e.g. "argument checking"
    rules: tuple[str, ...]
    found_in: tuple[str, ...]  # "the error message", "policy check 3"
    history_number: int | None
    kind: DenialKind = DenialKind.TOOL_CALL
    wording: str | None = None  # the entry of `denials.WORDINGS` the message matched
    meaning: str | None = None
    # The arguments the message quotes (None: it quotes none), and why a quoted
    # context could not be read.
    arguments: tuple[DeniedArgument, ...] | None = None
    context_problem: str | None = None


def read_policy_checks(history: list[Any] | None) -> list[PolicyCheck]:
    return [_read_entry(number, entry) for number, entry in enumerate(history or [], start=1)]


def find_denial(document: ResultDocument) -> Denial | None:
    """The denied tool call behind a failure, from the error message and the history."""
    message = document.error.message if document.error and document.error.message else ""
    from_message = _denial_in_message(message)
    checks = read_policy_checks(document.policy_check_history)
    denied_checks = [check for check in checks if check.denied]
    if from_message is None and not denied_checks:
        return None
    if from_message is None:
        last = denied_checks[-1]
        return Denial(
            tool=last.tool,
            verdict=last.verdict,
            phase=None,
            rules=last.rules,
            found_in=(f"policy check {last.number}",),
            history_number=last.number,
        )
    matching = [c for c in denied_checks if c.tool is None or c.tool == from_message.tool]
    if not matching or from_message.kind is DenialKind.CONTROL_FLOW:
        return from_message
    check = matching[-1]
    return dataclasses.replace(
        from_message,
        tool=from_message.tool or check.tool,
        verdict=from_message.verdict or check.verdict,
        rules=from_message.rules or check.rules,
        found_in=(*from_message.found_in, f"policy check {check.number}"),
        history_number=check.number,
    )


def _denial_in_message(message: str) -> Denial | None:
    words = read_denial_message(message)
    verdict_match = _QUOTED_VERDICT.search(message)
    if words is None and verdict_match is None:
        return None
    rules: tuple[str, ...] = ()
    if words is None or words.arguments is None:  # the older wording quotes check results
        quoted = _quoted_check_results(message)
        if quoted is not None:
            rules = _read_entry(0, quoted).rules
    kind = words.kind if words else DenialKind.TOOL_CALL
    if kind is DenialKind.UNRECOGNISED and verdict_match is not None:
        kind = DenialKind.TOOL_CALL  # a quoted verdict says what it was
    return Denial(
        tool=words.tool if words else None,
        verdict=verdict_match["verdict"] if verdict_match else None,
        phase=words.phase if words else None,
        rules=rules,
        found_in=("the error message",),
        history_number=None,
        kind=kind,
        wording=words.wording if words else None,
        meaning=words.meaning if words else None,
        arguments=words.arguments if words else None,
        context_problem=words.context_problem if words else None,
    )


def _quoted_check_results(message: str) -> Any:
    match = _CHECK_RESULTS.search(message[:_MAX_LITERAL_CHARS])
    if match is None:
        return None
    try:
        return ast.literal_eval(match["literal"])
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None  # not a literal we can read: the regexes above still apply


def _read_entry(number: int, entry: Any) -> PolicyCheck:
    if isinstance(entry, str):
        return _read_text_entry(number, entry)
    if not isinstance(entry, dict):
        return PolicyCheck(number, None, None, None, (), None, entry)
    tool = _first_string(entry, _TOOL_KEYS)
    for key in _NESTED_CALL_KEYS:
        if tool is None and isinstance(entry.get(key), dict):
            tool = _first_string(entry[key], ("name", "tool_name", "function", "tool"))
    verdict = _find_verdict(entry)
    denied = verdict_is_denial(verdict) if verdict else None
    if isinstance(entry.get("allowed"), bool):
        denied = not entry["allowed"]
    if verdict is None and denied is not None:
        verdict = "denied" if denied else "allowed"
    arguments = next((entry[key] for key in _ARGUMENT_KEYS if key in entry), None)
    rules = tuple(_rule_lines(entry))
    return PolicyCheck(number, tool, verdict, denied, rules, arguments, entry)


def _read_text_entry(number: int, text: str) -> PolicyCheck:
    words = read_denial_message(text)
    call = words if words is not None and words.kind is DenialKind.TOOL_CALL else None
    verdict_match = _QUOTED_VERDICT.search(text)
    verdict = verdict_match["verdict"] if verdict_match else None
    return PolicyCheck(
        number,
        call.tool if call else None,
        verdict,
        verdict_is_denial(verdict) if verdict else (True if call else None),
        (),
        None,
        text,
    )


def _first_string(mapping: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if isinstance(mapping.get(key), str) and mapping[key]:
            return str(mapping[key])
    return None


def _find_verdict(entry: dict[str, Any]) -> str | None:
    """`final_verdict` anywhere near the top wins; then the usual verdict keys."""
    for mapping in _nearby_mappings(entry):
        if isinstance(mapping.get("final_verdict"), str):
            return str(mapping["final_verdict"])
    for key in _VERDICT_KEYS[1:]:
        value = entry.get(key)
        if isinstance(value, str) and verdict_is_denial(value) is not None:
            return value
    return None


def _nearby_mappings(entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield entry
    for key in _NESTED_RESULT_KEYS:
        nested = entry.get(key)
        if isinstance(nested, dict):
            yield nested
        elif isinstance(nested, list):
            yield from (item for item in nested[:50] if isinstance(item, dict))


def _rule_lines(entry: dict[str, Any]) -> Iterator[str]:
    for key in _RULE_KEYS:
        value = entry.get(key)
        if isinstance(value, str) and value:
            yield value
        elif isinstance(value, dict):
            yield _describe_rule(value)
        elif isinstance(value, list):
            for item in value[:20]:
                if isinstance(item, str):
                    yield item
                elif isinstance(item, dict):
                    yield _describe_rule(item)


def _describe_rule(rule: dict[str, Any]) -> str:
    """One line for a rule result: 'policy send_email: must deny when ... -> deny (hard)'."""
    policy = rule.get("policy") or rule.get("policy_name") or rule.get("tool")
    text = rule.get("rule") or rule.get("condition") or rule.get("description")
    outcome = rule.get("outcome") or rule.get("verdict") or rule.get("result")
    enforcement = rule.get("enforcement") or rule.get("enforcement_level")
    reason = rule.get("reason") or rule.get("message")
    parts: list[str] = []
    if policy is not None:
        parts.append(f"policy {policy}:")
    if text is not None:
        parts.append(str(text))
    if outcome is not None:
        parts.append(f"-> {outcome}")
    if enforcement is not None:
        parts.append(f"({enforcement})")
    if reason is not None:
        parts.append(f"- {reason}")
    if not parts:
        return ", ".join(f"{key}={value!r}" for key, value in list(rule.items())[:4])
    return " ".join(parts)
