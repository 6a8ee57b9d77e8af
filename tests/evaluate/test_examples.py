"""The example policies and their policy tests (`sqrt test examples/` in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqrt_tools.evaluate import Verdict, load_policy
from sqrt_tools.evaluate.policytests import CaseOutcome, run_test_file
from sqrt_tools.present.policytests import failure_lines

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POLICIES = sorted(EXAMPLES.glob("*.sqrt"))
TESTS = sorted(EXAMPLES.glob("*.sqrt-test.yaml"))


@pytest.mark.parametrize("path", POLICIES, ids=lambda path: path.name)
def test_every_example_policy_can_be_evaluated_and_has_policy_tests(path: Path) -> None:
    load_policy(path.read_text(encoding="utf-8"), str(path))
    assert path.with_name(path.name.removesuffix(".sqrt") + ".sqrt-test.yaml") in TESTS


@pytest.mark.parametrize("path", TESTS, ids=lambda path: path.name)
def test_example_policy_tests_pass(path: Path) -> None:
    outcome = run_test_file(path)
    assert outcome.failed == 0, "\n".join(failure_lines(outcome))
    assert outcome.passed >= 2


def cases(name: str) -> dict[str, CaseOutcome]:
    outcome = run_test_file(EXAMPLES / name)
    return {case.name: case for case in outcome.cases}


def verdicts(case: CaseOutcome) -> list[Verdict]:
    return [call.decision.verdict for call in case.calls]


def test_the_refund_policy_denies_three_attempts_and_allows_the_fourth() -> None:
    case = cases("refund_attempts.sqrt-test.yaml")[
        "three attempts are denied and the fourth is allowed"
    ]
    assert {call.spec.tool for call in case.calls} == {"issue_refund"}
    assert verdicts(case) == [Verdict.HARD_DENIED] * 3 + [Verdict.HARD_ALLOWED]


def test_the_provenance_policy_allows_a_summary_only_when_both_sources_fed_it() -> None:
    found = cases("provenance_summary.sqrt-test.yaml")
    both = found["a summary fed by both verified sources is published"].calls[0]
    one = found["a summary fed by one verified source only is denied (the tool is allow-listed)"]
    assert sorted(both.spec.args["summary"].meta.producers.elements) == [  # type: ignore[type-var]
        "billing_ledger",
        "crm_database",
    ]
    assert both.decision.allowed
    assert verdicts(one) == [Verdict.DENIED_NO_ALLOW]


def test_the_data_leak_policy_denies_confidential_mail_outside_the_trusted_domain() -> None:
    found = cases("email_data_leak.sqrt-test.yaml")
    outside = found["confidential data sent outside the trusted domain is denied"].calls[0]
    assert outside.spec.args["to"].value == "eve@evil.example"
    assert outside.decision.verdict is Verdict.HARD_DENIED
    inside = found["confidential data sent to colleagues is allowed"]
    assert all(call.decision.allowed for call in inside.calls)
