"""Policy test outcomes (`sqrt test`): as text like pytest (a line of dots and Fs per
file, every failure with expected (-) and actual (+) values, and last
`N passed, M failed`), as one JSON object, and as JUnit XML through the one writer.

Text lines hold data from policies and test files: the caller escapes them for a terminal.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqrt_tools.evaluate.explain import explain
from sqrt_tools.evaluate.policytests.run import CallOutcome, CaseOutcome, FileOutcome, Mismatch
from sqrt_tools.present import junit

JSON_VERSION = 1

_BARE = re.compile(r"[A-Za-z0-9_.@:/+\- ]*[A-Za-z0-9_.@:/+\-]")


def summary(outcomes: list[FileOutcome]) -> str:
    passed = sum(outcome.passed for outcome in outcomes)
    failed = sum(outcome.failed for outcome in outcomes)
    return f"{passed} passed, {failed} failed"


def _value(value: object) -> str:
    if isinstance(value, str) and _BARE.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _side(sign: str, what: str, value: object) -> list[str]:
    if what == "fired" and isinstance(value, list) and value:
        return [f"    {sign} fired: {item}" for item in value]  # rule texts, one a line
    if isinstance(value, list):
        return [f"    {sign} {what}: [{', '.join(_value(item) for item in value)}]"]
    return [f"    {sign} {what}: {_value(value)}"]


def mismatch_lines(mismatch: Mismatch) -> list[str]:
    return [
        *_side("-", mismatch.what, mismatch.expected),
        *_side("+", mismatch.what, mismatch.actual),
    ]


def call_headline(call: CallOutcome) -> str:
    return f"call {call.index}: {call.spec.tool} (line {call.spec.line})"


def _call_failure(call: CallOutcome) -> list[str]:
    lines = [f"  {call_headline(call)}, expected (-) and actual (+):"]
    for mismatch in call.mismatches:
        lines.extend(mismatch_lines(mismatch))
    lines.extend(f"    {sentence}" for sentence in explain(call.decision))
    return lines


def failure_lines(outcome: FileOutcome) -> list[str]:
    lines: list[str] = []
    if outcome.error is not None:
        lines.extend([f"FAILED {outcome.path}", f"  error: {outcome.error}"])
    for case in outcome.cases:
        if case.passed:
            continue
        lines.append(f"FAILED {outcome.path}:{case.line}: {case.name}")
        if case.error is not None:
            lines.append(f"  error: {case.error}")
        for call in case.calls:
            if not call.passed:
                lines.extend(_call_failure(call))
    return lines


def render_text(outcomes: list[FileOutcome]) -> list[str]:
    lines = []
    for outcome in outcomes:
        marks = "".join("." if case.passed else "F" for case in outcome.cases)
        lines.append(f"{outcome.path} {marks}{'F' if outcome.error else ''}")
    failures = [line for outcome in outcomes for line in failure_lines(outcome)]
    if failures:
        lines.extend(["", *failures])
    lines.extend(["", summary(outcomes)])
    return lines


# --- JSON -----------------------------------------------------------------------------


def _call_json(call: CallOutcome) -> dict[str, Any]:
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


def _case_json(case: CaseOutcome) -> dict[str, Any]:
    return {
        "name": case.name,
        "line": case.line,
        "outcome": "passed" if case.passed else "failed",
        "error": case.error,
        "calls": [_call_json(call) for call in case.calls],
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
                "cases": [_case_json(case) for case in outcome.cases],
            }
            for outcome in outcomes
        ],
    }


# --- JUnit ----------------------------------------------------------------------------


def _message(case: CaseOutcome) -> str:
    """The failure in one line: the case's error, or what differed in which call."""
    if case.error is not None:
        return case.error
    failed = [call for call in case.calls if not call.passed]
    return "; ".join(
        f"{call_headline(call)}: {', '.join(m.what for m in call.mismatches)} differ"
        for call in failed
    )


def _junit_case(outcome: FileOutcome, case: CaseOutcome) -> junit.Case:
    failure = None
    if not case.passed:
        single = FileOutcome(outcome.path, outcome.policy, (case,))
        failure = junit.Failure(_message(case), "\n".join(failure_lines(single)))
    path = str(outcome.path)
    return junit.Case(case.name, path, file=path, line=case.line, failure=failure)


def render_junit(outcomes: list[FileOutcome]) -> str:
    """One test suite per test file, one test case per case; a failed case's body is the
    diff the text report shows; a test file that cannot be read is one failed case."""
    suites = []
    for outcome in outcomes:
        path = str(outcome.path)
        cases = []
        if outcome.error is not None:
            failure = junit.Failure(outcome.error, outcome.error)
            cases.append(junit.Case("(test file)", path, failure=failure))
        cases.extend(_junit_case(outcome, case) for case in outcome.cases)
        suites.append(junit.Suite(path, tuple(cases)))
    return junit.render("sqrt test", suites)
