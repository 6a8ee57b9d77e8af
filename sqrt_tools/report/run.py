"""A saved run (and, with a policy, its plan analysis) as a `Report`.

With a policy, each call line is marked with the analysis' prediction (allowed /
denied / depends). Without one, the program is still analysed (under an empty policy)
for its dataflow, and call lines are marked with the verdicts the run recorded in its
policy check history and denial.
"""

from __future__ import annotations

import json
from typing import Any

from sqrt_tools.evaluate.policy import PolicySet
from sqrt_tools.report.graph import DataflowGraph, build_graph, draw
from sqrt_tools.report.page import Headline, ProgramLine, Report, Section
from sqrt_tools.results import DecodedResult
from sqrt_tools.results.models import ResultDocument

_DENIED_VERDICTS = ("hard_denied", "soft_denied", "denied")


def plan_for(decoded: DecodedResult, policy: PolicySet | None) -> dict[str, Any] | None:
    """The plan analysis of the run as `plan_json`, or None when it has no program."""
    from sqrt_tools.analysis import analyse_document
    from sqrt_tools.evaluate import load_policy
    from sqrt_tools.present.plan import plan_json

    if decoded.document is None:
        return None
    chosen = policy if policy is not None else load_policy("")
    return plan_json(analyse_document(decoded.document, chosen), decoded.source)


def graph_for(decoded: DecodedResult, policy: PolicySet | None) -> DataflowGraph | None:
    """The dataflow picture of the run (for `--graph`)."""
    from sqrt_tools.results.normalise import normalise

    plan = plan_for(decoded, policy)
    if plan is None:
        return None
    obj: dict[str, Any] = dict(normalise(decoded))
    return build_graph(plan, list(obj.get("namespace") or []), _denied_lines(obj))


def _denied_lines(obj: dict[str, Any]) -> tuple[int, ...]:
    denial = obj.get("denial") or {}
    return tuple(denial.get("program_lines") or ())


def _meta_text(meta: Any) -> str:
    if not isinstance(meta, dict):
        return "—"
    parts = []
    for field in ("tags", "producers", "consumers"):
        found = meta.get(field) or {}
        values = "*" if found.get("universal") else ", ".join(found.get("values") or []) or "∅"
        parts.append(f"{field}: {values}")
    return "\n".join(parts)


def _short(value: Any, limit: int = 400) -> str:
    shown = value if isinstance(value, str) else json.dumps(value, default=repr)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def decoded_report(decoded: DecodedResult, policy: PolicySet | None) -> Report:
    """The report page of one decoded run (`sqrt inspect --html`)."""
    from sqrt_tools.results.normalise import normalise

    obj: dict[str, Any] = dict(normalise(decoded))
    plan = plan_for(decoded, policy)
    return run_report(decoded.source, obj, str(obj.get("program") or ""), plan, policy is not None)


def document_obj(source: str, document: ResultDocument) -> dict[str, Any]:
    """The inspect JSON of a bare document (`sqrt plan` reads runs without their form)."""
    from sqrt_tools.results.decoded import WireForm
    from sqrt_tools.results.normalise import normalise

    decoded = DecodedResult(WireForm.DOCUMENT, (), (), document, source=source)
    obj: dict[str, Any] = dict(normalise(decoded))
    obj.pop("form_description", None)  # the form is not known here
    return obj


def run_report(
    source: str,
    obj: dict[str, Any] | None,
    program: str,
    plan: dict[str, Any] | None,
    predicted: bool,
) -> Report:
    """The report page: `obj` is the run's inspect JSON (None for a bare plan), `plan`
    its plan JSON, `predicted` whether the plan ran under a real policy."""
    obj = obj or {}
    denial = obj.get("denial") or {}
    graph = (
        build_graph(plan, list(obj.get("namespace") or []), _denied_lines(obj)) if plan else None
    )
    facts: list[tuple[str, str]] = [("source", source)]
    if obj.get("form_description"):
        facts.append(("form", str(obj["form_description"])))
    if denial:
        facts.append(("denied call", str(denial.get("tool") or "—")))
        facts.append(("verdict", f"{denial.get('verdict')}: {denial.get('explanation')}"))
        deciding = [rule for rule in denial.get("rules") or [] if "-> deny" in rule]
        facts.append(("deciding rule", "\n".join(deciding or denial.get("rules") or ["—"])))
    elif obj.get("error"):
        facts.append(("error", str(obj["error"].get("message"))))
    if plan and predicted:
        facts.append(("policy", str(plan.get("policy"))))
        facts.append(("prediction", str(plan.get("summary"))))
        for call in plan.get("calls") or []:
            if call["outcome"] == "denied" and call.get("deciding"):
                rules = "\n".join(rule["rule"] for rule in call["deciding"])
                facts.append((f"predicted denial, line {call['line']}", rules))
    facts.append(("session", str(obj.get("session_id") or "not recorded")))
    models = obj.get("models") or {}
    facts.append(("models", ", ".join(f"{role}: {name}" for role, name in models.items()) or "—"))
    outcome = obj.get("outcome")
    if outcome is None and plan is not None:
        outcome = "denied" if plan.get("stops") else "allowed"
    return Report(
        headline=Headline(f"sqrt run report: {source}", str(outcome), tuple(facts)),
        program=program,
        lines=_program_lines(plan, obj, predicted),
        graph=graph,
        picture=draw(graph) if graph is not None else None,
        sections=_sections(obj),
    )


def _sections(obj: dict[str, Any]) -> tuple[Section, ...]:
    return (
        Section(
            "Namespace",
            "namespace",
            ("variable", "value", "metadata"),
            tuple(
                (str(entry["name"]), _short(entry.get("value")), _meta_text(entry.get("meta")))
                for entry in obj.get("namespace") or []
            ),
        ),
        Section(
            "Session metadata",
            "session-meta",
            ("session", "metadata"),
            (("at the end of the run", _meta_text(obj.get("session_meta"))),)
            if obj.get("session_meta")
            else (),
        ),
        Section(
            "Policy checks",
            "checks",
            ("#", "tool", "verdict", "arguments", "rules"),
            tuple(
                (
                    str(check.get("number")),
                    str(check.get("tool")),
                    str(check.get("verdict")),
                    _short(check.get("arguments")),
                    "\n".join(str(rule) for rule in check.get("rules") or []),
                )
                for check in obj.get("policy_checks") or []
            ),
        ),
    )


def _program_lines(
    plan: dict[str, Any] | None, obj: dict[str, Any], predicted: bool
) -> dict[int, ProgramLine]:
    checks = {check.get("number"): check for check in obj.get("policy_checks") or []}
    lines: dict[int, ProgramLine] = {}
    for call in (plan or {}).get("calls") or []:
        if predicted:
            mark = call["outcome"]
            note = f"{call['tool']}: predicted {mark}"
        else:
            verdicts = [
                checks[n]["verdict"] for n in call.get("recorded_checks") or [] if n in checks
            ]
            if not verdicts:
                continue
            mark = "denied" if any(v in _DENIED_VERDICTS for v in verdicts) else "allowed"
            note = f"{call['tool']}: recorded {', '.join(verdicts)}"
        old = lines.get(call["line"])
        lines[call["line"]] = ProgramLine(
            call["line"],
            (old.marks if old else ()) + (mark,),
            (old.notes if old else ()) + (note,),
        )
    for number in _denied_lines(obj):
        old = lines.get(number)
        lines[number] = ProgramLine(
            number,
            (old.marks if old else ()) + ("denied",),
            (old.notes if old else ()) + ("denied in the run",),
        )
    return lines
