"""Running policy tests: each case is a sequence of calls sharing session metadata.

The session a call leaves (after its `session before` blocks and, when it runs, its
`session after` blocks) is the session the next call starts with, so stateful policies
("allow the fourth refund attempt") are tested as they behave. An allowed call that
gives no result still runs, returning null (`decisions.TEST_CALL_DEFAULT_OUTPUT`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.engine import Decision, evaluate
from sqrt_tools.evaluate.jsonform import meta_set_to_json
from sqrt_tools.evaluate.model import Call, Meta, MetaField, RuleInfo
from sqrt_tools.evaluate.policy import PolicyError, PolicySet, load_policy
from sqrt_tools.evaluate.policytests.load import (
    CallSpec,
    CaseSpec,
    Expectation,
    PolicyTestFileError,
    load_test_file,
)
from sqrt_tools.input_limits import read_text
from sqrt_tools.presets import DEFAULT_PRESETS, Presets, PresetsError
from sqrt_tools.sets import ElementSet


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One expectation not met: what was compared, expected and actual (JSON values)."""

    what: str
    expected: object
    actual: object


@dataclass(frozen=True, slots=True)
class CallOutcome:
    index: int
    spec: CallSpec
    decision: Decision
    mismatches: tuple[Mismatch, ...]

    @property
    def passed(self) -> bool:
        return not self.mismatches


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    name: str
    line: int
    calls: tuple[CallOutcome, ...]
    error: str | None = None  # the case could not run (e.g. its policy has errors)

    @property
    def passed(self) -> bool:
        return self.error is None and all(call.passed for call in self.calls)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """A test file's cases; `error` when the file itself could not be read, which
    counts as one failed case."""

    path: Path
    policy: Path | None
    cases: tuple[CaseOutcome, ...]
    error: str | None = None

    @property
    def passed(self) -> int:
        return sum(case.passed for case in self.cases)

    @property
    def failed(self) -> int:
        return sum(not case.passed for case in self.cases) + (self.error is not None)


def run_test_file(
    path: Path, base: Presets = DEFAULT_PRESETS, overrides: Mapping[str, object] | None = None
) -> FileOutcome:
    """Load `path`, its policy, and run every case. Never raises for bad input.

    The cases run under `base` (the mode's defaults and the project's configuration),
    then the file's `presets:` block, then `overrides` (`--presets`)."""
    try:
        spec = load_test_file(path, base)
        presets = spec.presets.updated(overrides or {}, "--presets")
    except (PolicyTestFileError, PresetsError) as error:
        return FileOutcome(path, None, (), str(error))
    try:
        source = read_text(spec.policy)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return FileOutcome(
            path, spec.policy, (), f"{spec.policy}: cannot read the policy: {reason}"
        )
    try:
        policy = load_policy(source, str(spec.policy))
    except PolicyError as error:
        message = "the policy cannot be evaluated: " + "; ".join(error.lines())
        failed = tuple(CaseOutcome(case.name, case.line, (), message) for case in spec.cases)
        return FileOutcome(path, spec.policy, failed)
    cases = tuple(run_case(policy, case, presets) for case in spec.cases)
    return FileOutcome(path, spec.policy, cases)


def run_case(policy: PolicySet, case: CaseSpec, presets: Presets) -> CaseOutcome:
    session = case.session
    outcomes: list[CallOutcome] = []
    for index, spec in enumerate(case.calls, start=1):
        if spec.session is not None:
            session = spec.session
        output = spec.output if spec.output is not None else decisions.TEST_CALL_DEFAULT_OUTPUT
        call = Call(spec.tool, spec.args, session)
        decision = evaluate(policy, call, presets=presets, output=output)
        outcomes.append(CallOutcome(index, spec, decision, compare(spec.expect, decision)))
        session = decision.final_session
    return CaseOutcome(case.name, case.line, tuple(outcomes))


def _fired_matches(expected: int | str, rule: RuleInfo) -> bool:
    if isinstance(expected, int):
        return rule.location.line == expected
    return rule.text == expected


def _rule_label(rule: RuleInfo) -> str:
    return f"{rule.location.line}: {rule.text}"


def compare(expect: Expectation, decision: Decision) -> tuple[Mismatch, ...]:
    """Every expectation `decision` does not meet."""
    found: list[Mismatch] = []
    if expect.verdict is not None and expect.verdict is not decision.verdict:
        found.append(Mismatch("verdict", str(expect.verdict), str(decision.verdict)))
    if expect.allowed is not None and expect.allowed != decision.allowed:
        found.append(Mismatch("allowed", expect.allowed, decision.allowed))
    missing = [
        wanted
        for wanted in expect.fired
        if not any(_fired_matches(wanted, rule) for rule in decision.fired)
    ]
    if missing:
        found.append(
            Mismatch("fired", list(expect.fired), [_rule_label(rule) for rule in decision.fired])
        )
    result = decision.result
    if expect.result_value is not None:
        wanted = expect.result_value[0]
        if result is None:
            found.append(Mismatch("result.value", wanted, "no result: the call did not run"))
        elif not decisions.values_equal(wanted, result.value):
            found.append(Mismatch("result.value", wanted, result.value))
    if expect.result_meta:
        if result is None:
            found.append(
                Mismatch(
                    "result.meta", _meta_json(expect.result_meta), "no result: the call did not run"
                )
            )
        else:
            found.extend(_meta_mismatches("result.meta", expect.result_meta, result.meta))
    found.extend(_meta_mismatches("session", expect.session, decision.final_session))
    return tuple(found)


def _meta_json(fields: dict[MetaField, ElementSet]) -> dict[str, object]:
    return {name: meta_set_to_json(value) for name, value in fields.items()}


def _meta_mismatches(
    what: str, expected: dict[MetaField, ElementSet], actual: Meta
) -> list[Mismatch]:
    return [
        Mismatch(f"{what}.{name}", meta_set_to_json(value), meta_set_to_json(actual.get(name)))
        for name, value in expected.items()
        if actual.get(name) != value
    ]
