"""Why a call was decided: the sentences `sqrt eval` prints."""

from __future__ import annotations

from sqrt_tools.evaluate import Presets, explain
from tests.evaluate.helpers import arg, decide, meta

LEAK = """
let sensitive = {"internal_use", "confidential"};
tool "send_email" {
    /// Nothing sensitive leaves by mail.
    must deny when body.tags overlaps sensitive;
}
"""


def test_a_denial_names_the_rule_its_location_and_the_values_that_made_it_fire() -> None:
    decision = decide(LEAK, "send_email", {"body": arg("q3", tags=["confidential"])})
    assert explain(decision) == [
        "denied by `must deny when body.tags overlaps sensitive` at policy.sqrt:5 because "
        "body.tags = {confidential} overlaps {confidential, internal_use}"
    ]
    assert decision.deciding[0].docs == "Nothing sensitive leaves by mail."


def test_and_gives_every_reason_or_gives_the_first_true_one_not_gives_the_false_one() -> None:
    source = """
    let trusted = {str like w"*@acme.com"};
    tool "send_email" {
        must deny when (body.tags overlaps {"secret"} or subject.tags overlaps {"secret"})
            and not to.value in trusted;
    }
    """
    args = {"body": arg("x", tags=["secret"]), "subject": "hi", "to": "eve@evil.example"}
    (sentence,) = explain(decide(source, "send_email", args))
    assert sentence.endswith(
        "because body.tags = {secret} overlaps {secret} and "
        'to.value = "eve@evil.example" is not in {str like w"*@acme.com"}'
    )


def test_missing_values_and_set_tests_are_explained() -> None:
    source = """
    tool "t" {
        must deny when not to.value in {"a"};
        must deny when x.tags is empty and @session.consumers is universal;
    }
    """
    assert explain(decide(source, "t")) == [
        'denied by `must deny when not to.value in {"a"}` at policy.sqrt:3 because '
        "to.value is missing",
        "denied by `must deny when x.tags is empty and @session.consumers is universal` at "
        "policy.sqrt:4 because x.tags = {} is empty and @session.consumers = {*} is universal",
    ]


def test_soft_decisions_show_the_priority_and_always_rules_always_apply() -> None:
    source = 'tool "t" { priority 7; soft deny always; }'
    assert explain(decide(source, "t")) == [
        "denied by `soft deny always` at policy.sqrt:1 (priority 7) because it always applies"
    ]


def test_an_allow_listed_tool_says_which_allow_rules_did_not_fire_and_why() -> None:
    source = """
    tool "refund" {
        hard allow when "attempt4" in @session.tags;
        soft allow when amount.value in {int ..100};
    }
    """
    decision = decide(source, "refund", {"amount": 250}, session=meta(tags=["attempt1"]))
    assert explain(decision) == [
        "denied: `refund` is allow-listed (a policy for it has an allow rule) and none fired",
        '`hard allow when "attempt4" in @session.tags` at policy.sqrt:3 did not fire because '
        '"attempt4" is not in @session.tags = {attempt1}',
        "`soft allow when amount.value in {int ..100}` at policy.sqrt:4 did not fire because "
        "amount.value = 250 is not in {int ..100}",
    ]


def test_defaults_are_explained() -> None:
    assert explain(decide('tool "a" { must deny when x.value == 1; }', "b")) == [
        "allowed by default: no policy applies to `b`"
    ]
    assert explain(decide('tool "a" { must deny when x.value == 1; }', "a")) == [
        "allowed by default: no rule fired and no allow rule makes `a` allow-listed "
        "(1 policy applies)"
    ]
    strict = decide('tool "a" { } tool r"^a$" { }', "a", presets=Presets(default_allow=False))
    assert explain(strict) == [
        "denied by default (default_allow is off): no rule fired and no allow rule makes `a` "
        "allow-listed (2 policies apply)"
    ]


def test_cofinite_sets_and_comparisons_read_naturally() -> None:
    source = """
    tool "t" {
        must deny when x.consumers superset of {"alice"} and not x.consumers == {"*"};
    }
    """
    decision = decide(source, "t", {"x": arg(1, consumers=["alice", "bob"])})
    assert explain(decision)[0].endswith(
        "because x.consumers = {alice, bob} is a superset of {alice} and "
        "x.consumers = {alice, bob} does not equal {*}"
    )
