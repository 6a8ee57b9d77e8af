"""Policy test outcomes as one JSON object (`sqrt test --format json`)."""

from __future__ import annotations

from typing import Any

from sqrt_tools.evaluate.explain import explain
from sqrt_tools.evaluate.policytests.run import CallOutcome, CaseOutcome, FileOutcome

JSON_VERSION = 1


def _call(call: CallOutcome) -> dict[str, Any]:
    return {
        "index": call.index,
        "tool": call.spec.tool,
        "line": call.spec.line,
        "passed": call.passed,
        "verdict": str(call.decision.verdict),
        "allowed": call.decision.allowed,
        "explanation": explain(call.decision),
        "mismatches": [
            {"what": m.what, "expected": m.expected, "actual": m.actual} for m in call.mismatches
        ],
    }


def _case(case: CaseOutcome) -> dict[str, Any]:
    return {
        "name": case.name,
        "line": case.line,
        "outcome": "passed" if case.passed else "failed",
        "error": case.error,
        "calls": [_call(call) for call in case.calls],
    }


def render_json(outcomes: list[FileOutcome]) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "passed": sum(outcome.passed for outcome in outcomes),
        "failed": sum(outcome.failed for outcome in outcomes),
        "files": [
            {
                "path": str(outcome.path),
                "policy": None if outcome.policy is None else str(outcome.policy),
                "error": outcome.error,
                "cases": [_case(case) for case in outcome.cases],
            }
            for outcome in outcomes
        ],
    }
