"""Predicted verdicts: allowed, denied, or depends on a value the program does not fix."""

from __future__ import annotations

from sqrt_tools.analysis import PlanOptions
from sqrt_tools.presets import Presets
from tests.analysis.helpers import analyse, only_call

MAIL = """
tool "send_email" {
    must deny when body.tags overlaps {"secret"};
    should allow when to.value in {w"*@example.com"};
}
tool "read_secret" -> @tags |= {"secret"};
"""


def test_a_value_the_program_fixes_decides_the_call() -> None:
    analysis = analyse('send_email(to="bob@example.com", body="hi")\n', MAIL)
    prediction = only_call(analysis, "send_email").prediction
    assert (prediction.outcome, [str(v) for v in prediction.verdicts]) == (
        "allowed",
        ["soft_allowed"],
    )
    assert prediction.text == "allowed"


def test_a_value_the_program_does_not_fix_makes_the_call_depend_on_it() -> None:
    program = 'to = lookup(name="bob")\nsend_email(to=to, body="hi")\n'
    prediction = only_call(analyse(program, MAIL), "send_email").prediction
    assert prediction.outcome == "depends"
    assert prediction.depends_on == ("to",)
    assert prediction.text == "depends on the value of `to`"
    assert {str(v) for v in prediction.verdicts} == {"soft_allowed", "denied_no_allow"}


def test_metadata_alone_denies_whatever_the_unknown_value() -> None:
    program = "to = lookup()\ndoc = read_secret()\nsend_email(to=to, body=doc)\n"
    prediction = only_call(analyse(program, MAIL), "send_email").prediction
    assert prediction.outcome == "denied"
    assert [str(v) for v in prediction.verdicts] == ["hard_denied"]
    assert [rule.text for rule in prediction.deciding] == [
        'must deny when body.tags overlaps {"secret"}'
    ]
    assert "because body.tags = {__non_executable, secret}" in prediction.explanation[0]


def test_a_value_test_that_cannot_change_the_outcome_leaves_it_decided() -> None:
    policy = 'tool "t" { should allow when x.value in {"a"}; should allow always; }'
    prediction = only_call(analyse("x = f()\nt(x=x)\n", policy), "t").prediction
    assert prediction.outcome == "allowed" and prediction.depends_on == ()


def test_calls_after_a_denied_call_are_marked_as_not_reached() -> None:
    program = 'doc = read_secret()\nsend_email(to="a@example.com", body=doc)\nlog(x=1)\n'
    analysis = analyse(program, MAIL)
    assert analysis.stops
    assert only_call(analysis, "log").after_denial == 2
    assert only_call(analysis, "read_secret").after_denial is None


def test_a_loop_whose_passes_differ_depends_on_the_iteration() -> None:
    refund = """
tool "issue_refund" {
    session before { when "attempt1" in @tags { @tags |= {"attempt2"}; } }
    session before { @tags |= {"attempt1"}; }
    hard allow when "attempt2" in @session.tags;
}
"""
    program = 'for order in ["A", "B"]:\n    issue_refund(order_id=order)\n'
    prediction = only_call(analyse(program, refund), "issue_refund").prediction
    assert prediction.outcome == "depends" and prediction.depends_on == ("iteration",)
    assert prediction.text == "depends on the loop iteration"
    straight = analyse('issue_refund(order_id="A")\nissue_refund(order_id="B")\n', refund)
    assert [call.prediction.outcome for call in straight.calls] == ["denied", "allowed"]


def test_the_branching_preset_reports_conditions_on_prohibited_metadata() -> None:
    program = (
        'profile = get_profile(id="7")\n'
        'if profile["group"] == "x":\n'
        '    send(to="one")\n'
        "n = 3\n"
        "if n > 2:\n"
        '    send(to="two")\n'
    )
    policy = 'tool "get_profile" -> @tags |= {"protected"};'
    options = PlanOptions(
        presets=Presets().updated({"branching_meta_policy": {"tags": ["protected"]}})
    )
    analysis = analyse(program, policy, options)
    (violation,) = analysis.violations
    assert (violation.line, violation.kind) == (2, "if")
    assert "tags {protected} are prohibited" in violation.reason
    assert analysis.stops
    assert not analyse(program, policy).violations  # the default preset prohibits nothing


def test_allow_mode_of_the_branching_preset_lists_what_may_be_branched_on() -> None:
    options = PlanOptions(
        presets=Presets().updated(
            {"branching_meta_policy": {"mode": "allow", "tags": ["__non_executable", "ok"]}}
        )
    )
    policy = 'tool "fine" -> @tags |= {"ok"};\ntool "bad" -> @tags |= {"other"};'
    analysis = analyse("a = fine()\nb = bad()\nif a:\n    x()\nif b:\n    y()\n", policy, options)
    assert [check.line for check in analysis.violations] == [5]


def test_too_many_comparisons_on_unknown_values_leave_the_call_depending() -> None:
    tests = " or ".join(f'to.value in {{"u{n}@x.example"}}' for n in range(12))
    policy = f'tool "send" {{ must deny when {tests}; }}'
    prediction = only_call(analyse("to = lookup()\nsend(to=to)\n", policy), "send").prediction
    assert prediction.outcome == "depends" and prediction.depends_on == ("to",)
    assert [str(verdict) for verdict in prediction.verdicts] == ["default_allowed"]
