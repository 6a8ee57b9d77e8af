"""Replay a recorded run under a new policy: each recorded verdict beside the new one.

The run's policy check history says what the service decided for each call; the plan
analysis, with the new policy, the program and everything the run recorded (argument
values from the history, metadata from the namespace snapshot), says what the new
policy decides. Calls whose verdict changes come first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqrt_tools.analysis.model import AnalysedCall, PlanAnalysis, Prediction
from sqrt_tools.analysis.plan import PlanOptions, analyse_document
from sqrt_tools.analysis.recorded import RecordedRun, read_run
from sqrt_tools.analysis.values import Unknown
from sqrt_tools.analysis.verdicts import decide_call
from sqrt_tools.evaluate.model import Argument
from sqrt_tools.evaluate.policy import PolicySet
from sqrt_tools.results.history import PolicyCheck
from sqrt_tools.results.models import ResultDocument

UNCHANGED = "unchanged"
# The kinds of change, in the order a summary lists them.
CHANGE_KINDS = (
    "allowed -> denied",
    "denied -> allowed",
    "now depends on values",
    "verdict changed, same outcome",
)
NOT_MATCHED = "not matched to the program"
UNKNOWN_RECORD = "recorded verdict not known"


@dataclass(frozen=True, slots=True)
class ReplayedCall:
    """One recorded policy check, and what the new policy says."""

    check: int  # its number in the history
    where: str  # "policy check 3", or "the denial message"
    tool: str | None
    line: int | None  # the program line of the call it matched
    recorded: str | None  # the recorded verdict
    new: Prediction | None  # None when it matched no call of the program
    change: str  # UNCHANGED, one of CHANGE_KINDS, NOT_MATCHED or UNKNOWN_RECORD

    @property
    def changed(self) -> bool:
        return self.change in CHANGE_KINDS


@dataclass(frozen=True, slots=True)
class RunReplay:
    source: str
    analysis: PlanAnalysis
    calls: tuple[ReplayedCall, ...]  # changed first, then in history order
    remark: str | None = None  # why there is nothing to compare

    @property
    def changed(self) -> tuple[ReplayedCall, ...]:
        return tuple(call for call in self.calls if call.changed)


def replay_document(
    document: ResultDocument, policy: PolicySet, source: str, options: PlanOptions | None = None
) -> RunReplay:
    options = options or PlanOptions()
    analysis = analyse_document(document, policy, options)
    recorded = read_run(document)
    checks = recorded.checks
    if not checks:
        return RunReplay(
            source,
            analysis,
            (),
            "the run carries no policy check history (ask for it with the X-Config "
            "response_format.include_policy_check_history option)",
        )
    by_check: dict[int, AnalysedCall] = {}
    for call in analysis.calls:
        for number in call.recorded_checks:
            by_check[number] = call
    replayed: list[ReplayedCall] = []
    for check in checks:
        found = by_check.get(check.number)
        if found is None:
            replayed.append(
                ReplayedCall(
                    check.number,
                    recorded.where(check),
                    check.tool,
                    None,
                    check.verdict,
                    None,
                    NOT_MATCHED,
                )
            )
            continue
        prediction = found.prediction
        if len(found.recorded_checks) > 1:  # a call in a loop: decide each run of it
            prediction = _decide_entry(found, check, recorded, policy, options)
        change = classify(check.verdict, check.denied, prediction)
        replayed.append(
            ReplayedCall(
                check.number,
                recorded.where(check),
                check.tool,
                found.line,
                check.verdict,
                prediction,
                change,
            )
        )
    ordered = sorted(replayed, key=lambda call: (not call.changed, call.check))
    remark = None if analysis.parse_error is None else analysis.parse_error
    return RunReplay(source, analysis, tuple(ordered), remark)


def _decide_entry(
    call: AnalysedCall,
    check: PolicyCheck,
    recorded: RecordedRun,
    policy: PolicySet,
    options: PlanOptions,
) -> Prediction:
    """The new verdict of one recorded run of a call that ran several times (in a loop):
    with the values (and metadata) this entry recorded, and the metadata the analysis
    computed for the rest, from the session the call starts with in the widened loop."""
    entry = recorded.arguments(check)
    args: dict[str, Argument] = {}
    for fact in call.arguments:
        found = entry.get(fact.name)
        meta = found.meta if found is not None and found.meta is not None else fact.meta
        if found is not None:
            value: object = found.value
        elif fact.value_known:
            value = fact.value
        else:
            value = Unknown(fact.name)
        args[fact.name] = Argument(value, meta)
    return decide_call(policy, call.tool, args, call.session_in, options.presets).prediction


def classify(recorded: str | None, recorded_denied: bool | None, new: Prediction) -> str:
    """How the new prediction differs from the recorded verdict (a denial read from the
    error message has no verdict name: only its outcome is compared)."""
    if recorded_denied is None:
        return UNKNOWN_RECORD
    if new.outcome == "depends":
        return "now depends on values"
    if recorded_denied != (new.outcome == "denied"):
        return "denied -> allowed" if recorded_denied else "allowed -> denied"
    if recorded is not None and recorded not in {str(verdict) for verdict in new.verdicts}:
        return "verdict changed, same outcome"
    return UNCHANGED


@dataclass(slots=True)
class ReplaySummary:
    """Counts over many runs, for the table `sqrt replay` ends with."""

    runs: int = 0
    runs_changed: int = 0
    runs_without_history: int = 0
    calls: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, run: RunReplay) -> None:
        self.runs += 1
        if run.remark is not None and not run.calls:
            self.runs_without_history += 1
        if run.changed:
            self.runs_changed += 1
        self.calls += len(run.calls)
        self.kinds.update(call.change for call in run.calls)

    @property
    def changed(self) -> int:
        return sum(self.kinds[kind] for kind in CHANGE_KINDS)

    def rows(self) -> list[tuple[str, int]]:
        """The summary table: what was replayed, then each kind of change."""
        rows = [
            ("runs", self.runs),
            ("runs with a changed verdict", self.runs_changed),
            ("runs without a policy check history", self.runs_without_history),
            ("recorded calls", self.calls),
            (UNCHANGED, self.kinds[UNCHANGED]),
        ]
        rows.extend((kind, self.kinds[kind]) for kind in CHANGE_KINDS)
        rows.extend((kind, self.kinds[kind]) for kind in (NOT_MATCHED, UNKNOWN_RECORD))
        return rows
