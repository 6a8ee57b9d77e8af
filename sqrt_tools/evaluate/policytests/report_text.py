"""Policy test outcomes as text, like pytest: a line of dots and Fs per file, every
failure with expected (-) and actual (+) values, and last `N passed, M failed`.

Lines hold data from policies and test files: the caller escapes them for a terminal.
"""

from __future__ import annotations

import json
import re

from sqrt_tools.evaluate.explain import explain
from sqrt_tools.evaluate.policytests.run import CallOutcome, FileOutcome, Mismatch

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
