"""Every example run analyses, and `sqrt plan` with the policy a run used predicts each
verdict its policy check history recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqrt_tools.analysis import PlanOptions, analyse_document
from sqrt_tools.analysis.recorded import read_run
from sqrt_tools.evaluate import load_policy
from sqrt_tools.presets import Presets
from sqrt_tools.results import DecodedResult, decode_all

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "examples" / "results"
POLICIES = RESULTS / "policies"

# The policy each recorded run ran under, as examples/results/README.md lists it.
RUN_POLICIES = {
    "denial.chat.json": "confidential-email.sqrt",
    "runs.jsonl:3": "confidential-email.sqrt",
    "success-tags.chat.json": "inbox.sqrt",
    "exchange.http": "inbox.sqrt",
    "runs.jsonl:1": "inbox.sqrt",
    "llm-blocked.anthropic.json": "web-research.sqrt",
    "stream.anthropic.sse": "web-research.sqrt",
    "success.responses.json": "grades.sqrt",
    "runs.jsonl:4": "grades.sqrt",
    "document.json": "grades.sqrt",
    "document-as-string.json": "grades.sqrt",
    "stream.chat.sse": "grades.sqrt",
    "denial-bare.responses.json": "support.sqrt",
    "denial-context.chat.json": "support.sqrt",
    "control-flow.chat.json": "support.sqrt",
    "value-types.chat.json": "support.sqrt",
    "control-flow-no-retries.anthropic.json": "support.sqrt",
    "unknown.document.json": "support.sqrt",
}
# The presets a run ran under, where they are not the service's defaults.
RUN_PRESETS = {"control-flow.chat.json": {"branching_meta_policy": {"tags": ["address"]}}}


def _runs() -> list[tuple[str, DecodedResult]]:
    found = []
    for path in sorted(RESULTS.iterdir()):
        if path.is_dir() or path.suffix == ".md" or path.name.startswith("malformed"):
            continue
        for decoded in decode_all(path.read_bytes(), source=path.name):
            assert isinstance(decoded, DecodedResult), decoded
            if decoded.document is not None:
                found.append((decoded.source, decoded))
    return found


RUNS = _runs()


def test_every_run_with_a_program_has_the_policy_it_used() -> None:
    # A new example run needs the policy it ran under (examples/results/README.md).
    missing = sorted({source for source, _ in RUNS} - set(RUN_POLICIES))
    assert missing == [], "add the policy these runs ran under to RUN_POLICIES"
    assert set(RUN_POLICIES) <= {source for source, _ in RUNS}


@pytest.mark.parametrize(("source", "decoded"), RUNS, ids=[source for source, _ in RUNS])
def test_every_example_run_analyses_and_predicts_its_recorded_verdicts(
    source: str, decoded: DecodedResult
) -> None:
    assert decoded.document is not None
    path = POLICIES / RUN_POLICIES[source]
    policy = load_policy(path.read_text(encoding="utf-8"), str(path))
    presets = Presets().updated(RUN_PRESETS.get(source, {}))
    analysis = analyse_document(decoded.document, policy, PlanOptions(presets=presets))
    if decoded.document.program is None:  # nothing to analyse, and it says so
        assert analysis.parse_error is not None and "carries no program" in analysis.parse_error
        return
    assert analysis.parse_error is None and analysis.calls
    if analysis.recorded_session is not None:
        assert analysis.final_session == analysis.recorded_session
    recorded = read_run(decoded.document)
    for check in recorded.checks:
        (call,) = [call for call in analysis.calls if check.number in call.recorded_checks]
        label = f"{source} {recorded.where(check)}"
        if check.verdict is None:  # a denial read from the error message: no verdict name
            assert check.denied and call.prediction.outcome == "denied", label
            continue
        predicted = {str(verdict) for verdict in call.prediction.verdicts}
        assert predicted == {check.verdict}, label
    # A run the service stopped for its control flow: the analysis finds the violation.
    assert bool(analysis.violations) == recorded.control_flow_stop, source
