"""A plan analysis for people (`plan_text`, `plan_listing`) and for scripts (`plan_json`).

The text holds data from the run, the program and the policy: callers escape it for a
terminal (`safe_text`), and JSON is escaped by `safe_text.escape_json_text`.
"""

from __future__ import annotations

import json
from typing import Any

from sqrt_tools.analysis.model import AnalysedCall, ArgumentFact, PlanAnalysis
from sqrt_tools.evaluate.jsonform import meta_to_json
from sqrt_tools.evaluate.model import Meta
from sqrt_tools.evaluate.report import meta_text, rule_json
from sqrt_tools.evaluate.show import show_value

JSON_SCHEMA_VERSION = 1
_MARKS = {"allowed": "allowed", "denied": "DENIED", "depends": "depends"}


def _argument_text(fact: ArgumentFact) -> str:
    if fact.value_known:
        origin = "fixed by the program" if fact.value_source == "program" else "recorded"
        value = f"{show_value(fact.value)} ({origin})"
    else:
        value = "value not known"
    meta = meta_text(fact.meta)
    if fact.meta_source == "recorded":
        meta += f" (recorded: {fact.recorded_in})"
    return f"{fact.name} = {value}; {meta}"


def _call_lines(call: AnalysedCall) -> list[str]:
    prediction = call.prediction
    verdicts = ", ".join(str(verdict) for verdict in prediction.verdicts)
    lines = [f"line {call.line}: {call.tool} -> {prediction.text} ({verdicts})"]
    if prediction.outcome == "depends":
        lines.extend(f"  {sentence}" for sentence in depends_sentences(call))
    elif prediction.outcome == "denied" or prediction.deciding:
        lines.extend(f"  {sentence}" for sentence in prediction.explanation)
    lines.extend(f"  {_argument_text(fact)}" for fact in call.arguments)
    lines.append(f"  session at the checks: {meta_text(call.session)}")
    if call.context is not None:
        where = ", ".join(str(line) for line in call.context_lines)
        lines.append(f"  runs under the conditions on line {where}: {meta_text(call.context)}")
    if call.loop_line is not None:
        lines.append(f"  in the loop on line {call.loop_line} (one abstract iteration, widened)")
    if call.recorded_where:
        lines.append(f"  recorded in {', '.join(call.recorded_where)}")
    if call.after_denial is not None:
        lines.append(f"  not reached if the call on line {call.after_denial} is denied")
    lines.extend(f"  note: {note}" for note in call.notes)
    return lines


def depends_sentences(call: AnalysedCall) -> list[str]:
    """Why a call depends: the rules that test values the program does not fix."""
    prediction = call.prediction
    if prediction.depends_on == ("iteration",):
        return [
            f"its verdict changes from one iteration of the loop on line {call.loop_line} "
            "to the next (the session or its arguments change as the loop runs)"
        ]
    names = ", ".join(f"`{name}`" for name in prediction.depends_on)
    return [
        f"the program does not fix {names}, which `{rule.text}` at {rule.location} tests"
        for rule in prediction.open_rules
    ]


def plan_text(analysis: PlanAnalysis, source: str) -> list[str]:
    """The analysis as lines: each call, control flow, constructs outside the subset."""
    lines = [f"plan of {source} under {analysis.policy_path}"]
    if analysis.parse_error is not None:
        lines.append(f"  not analysed: {analysis.parse_error}")
        return lines
    if not analysis.calls:
        lines.append("  the program calls no tools")
    for call in analysis.calls:
        lines.extend(f"  {line}" for line in _call_lines(call))
    for check in analysis.violations:
        lines.append(
            f"  line {check.line}: control-flow violation: {check.description} carries "
            f"{meta_text(check.meta)}; {check.reason}"
        )
    for item in analysis.outside:
        lines.append(f"  line {item.line}: outside the planner's subset: {item.message}")
    lines.append(f"  session after the plan: {meta_text(analysis.final_session)}")
    if analysis.recorded_session is not None:
        same = analysis.recorded_session == analysis.final_session
        lines.append(
            f"  the run recorded the session as {meta_text(analysis.recorded_session)}"
            + (" (the same)" if same else " (different: see the README's known limits)")
        )
    lines.extend(f"  note: {note}" for note in analysis.notes)
    lines.append(f"  {summary_sentence(analysis)}")
    return lines


def summary_sentence(analysis: PlanAnalysis) -> str:
    counts = {"allowed": 0, "denied": 0, "depends": 0}
    for call in analysis.calls:
        counts[call.prediction.outcome] += 1
    calls = len(analysis.calls)
    text = (
        f"{calls} call{'s' if calls != 1 else ''}: {counts['allowed']} allowed, "
        f"{counts['denied']} denied, {counts['depends']} depend on values"
    )
    violations = len(analysis.violations)
    if violations:
        text += f"; {violations} control-flow violation{'s' if violations != 1 else ''}"
    return text


def plan_listing(analysis: PlanAnalysis) -> list[str]:
    """The program, each line that calls a tool marked allowed / DENIED / depends, with
    the reason on a denied line."""
    if analysis.parse_error is not None:
        return [f"plan view: not analysed: {analysis.parse_error}"]
    by_line: dict[int, list[AnalysedCall]] = {}
    for call in analysis.calls:
        by_line.setdefault(call.line, []).append(call)
    violations = {check.line: check for check in analysis.violations}
    lines = [f"plan view under {analysis.policy_path}"]
    program_lines = analysis.program.splitlines()
    width = len(str(len(program_lines)))
    for number, text in enumerate(program_lines, start=1):
        calls = by_line.get(number, [])
        marks = [f"{call.tool}: {_MARKS[call.prediction.outcome]}" for call in calls]
        if number in violations:
            marks.append("CONTROL-FLOW VIOLATION")
        suffix = f"    <- {'; '.join(marks)}" if marks else ""
        lines.append(f"{number:>{width}} | {text}{suffix}")
        for call in calls:
            if call.prediction.outcome == "denied":
                lines.extend(
                    f"{'':>{width}} |   {reason}" for reason in call.prediction.explanation
                )
            elif call.prediction.outcome == "depends":
                lines.append(f"{'':>{width}} |   {call.prediction.text}")
        if number in violations:
            check = violations[number]
            lines.append(f"{'':>{width}} |   {check.description}: {check.reason}")
    return lines


def _json_value(value: object) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        return repr(value)
    return value


def _meta_json(meta: Meta | None) -> Any:
    return None if meta is None else meta_to_json(meta)


def call_json(call: AnalysedCall) -> dict[str, Any]:
    prediction = call.prediction
    return {
        "number": call.number,
        "tool": call.tool,
        "line": call.line,
        "end_line": call.end_line,
        "column": call.column,
        "text": call.text,
        "outcome": prediction.outcome,
        "verdicts": [str(verdict) for verdict in prediction.verdicts],
        "depends_on": list(prediction.depends_on),
        "deciding": [rule_json(rule) for rule in prediction.deciding],
        "explanation": list(prediction.explanation),
        "open_rules": [rule_json(rule) for rule in prediction.open_rules],
        "arguments": [
            {
                "name": fact.name,
                "meta": meta_to_json(fact.meta),
                "meta_source": fact.meta_source,
                "value_known": fact.value_known,
                "value": _json_value(fact.value),
                "value_source": fact.value_source,
                "recorded_in": fact.recorded_in,
                "reads": list(fact.reads),
            }
            for fact in call.arguments
        ],
        "session": meta_to_json(call.session),
        "session_in": meta_to_json(call.session_in),
        "context": _meta_json(call.context),
        "context_lines": list(call.context_lines),
        "result": meta_to_json(call.result),
        "session_after": meta_to_json(call.session_after),
        "loop_line": call.loop_line,
        "after_denial": call.after_denial,
        "recorded_checks": list(call.recorded_checks),
        "recorded_where": list(call.recorded_where),
        "notes": list(call.notes),
    }


def plan_json(analysis: PlanAnalysis, source: str) -> dict[str, Any]:
    """The analysis as one JSON object (see the README for the fields)."""
    return {
        "version": JSON_SCHEMA_VERSION,
        "source": source,
        "policy": analysis.policy_path,
        "analysed": analysis.parse_error is None,
        "not_analysed_because": analysis.parse_error,
        "calls": [call_json(call) for call in analysis.calls],
        "control_flow": [
            {
                "line": check.line,
                "kind": check.kind,
                "text": check.text,
                "description": check.description,
                "meta": meta_to_json(check.meta),
                "violation": check.violation,
                "reason": check.reason,
            }
            for check in analysis.control_flow
        ],
        "outside_subset": [
            {"line": item.line, "construct": item.construct, "message": item.message}
            for item in analysis.outside
        ],
        "variables": [
            {
                "name": fact.name,
                "meta": meta_to_json(fact.meta),
                "computed": meta_to_json(fact.computed),
                "recorded_in": fact.recorded_in,
                "value_known": fact.value_known,
                "value": _json_value(fact.value),
            }
            for fact in analysis.variables
        ],
        "dataflow": {
            "nodes": [
                {"id": node.id, "kind": node.kind, "label": node.label, "line": node.line}
                for node in analysis.nodes
            ],
            "edges": [
                {"source": edge.source, "target": edge.target, "role": edge.role}
                for edge in analysis.edges
            ],
        },
        "final_session": meta_to_json(analysis.final_session),
        "recorded_session": _meta_json(analysis.recorded_session),
        "notes": list(analysis.notes),
        "summary": summary_sentence(analysis),
        "stops": analysis.stops,
    }
