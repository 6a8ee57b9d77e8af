"""The decision procedure, step by step (section 4 of the language notes)."""

from __future__ import annotations

from sqrt_tools.evaluate import Presets, Verdict
from tests.evaluate.helpers import arg, decide


def rule_texts(rules: object) -> list[str]:
    return [rule.text for rule in rules]  # type: ignore[attr-defined]


def test_hard_deny_beats_hard_allow_whatever_the_priorities() -> None:
    source = """
    tool "pay" { priority 1; must deny when amount.value in {int 1000..}; }
    tool "pay" { priority 100; must allow always; }
    """
    decision = decide(source, "pay", {"amount": 5000})
    assert decision.verdict is Verdict.HARD_DENIED and not decision.allowed
    assert rule_texts(decision.deciding) == ["must deny when amount.value in {int 1000..}"]
    assert rule_texts(decision.fired) == [
        "must deny when amount.value in {int 1000..}",
        "must allow always",
    ]
    assert decide(source, "pay", {"amount": 10}).verdict is Verdict.HARD_ALLOWED


def test_hard_allow_beats_any_soft_rule() -> None:
    source = """
    tool "pay" { priority 100; should deny always; }
    tool "pay" { priority 0; hard allow when approved.value == true; }
    """
    assert decide(source, "pay", {"approved": True}).verdict is Verdict.HARD_ALLOWED
    assert decide(source, "pay", {"approved": False}).verdict is Verdict.SOFT_DENIED


def test_soft_rules_of_the_highest_priority_policy_decide() -> None:
    source = """
    tool r"^admin_.*$" { priority 90; soft deny always; }
    tool "admin_read_logs" { priority 91; soft allow when lines.value in {int 1..1000}; }
    """
    allowed = decide(source, "admin_read_logs", {"lines": 50})
    assert allowed.verdict is Verdict.SOFT_ALLOWED
    assert rule_texts(allowed.deciding) == ["soft allow when lines.value in {int 1..1000}"]
    # The higher-priority policy has no firing soft rule: the next priority decides.
    assert decide(source, "admin_read_logs", {"lines": 5000}).verdict is Verdict.SOFT_DENIED
    assert decide(source, "admin_drop_db", {}).verdict is Verdict.SOFT_DENIED


def test_a_lower_priority_soft_deny_does_not_count() -> None:
    source = """
    tool "t" { priority 1; should deny always; }
    tool "t" { priority 2; should allow always; }
    """
    decision = decide(source, "t")
    assert decision.verdict is Verdict.SOFT_ALLOWED
    assert rule_texts(decision.fired) == ["should deny always", "should allow always"]


def test_deny_wins_a_tie_within_a_policy_and_across_policies_of_equal_priority() -> None:
    within = 'tool "t" { soft allow always; soft deny always; }'
    assert decide(within, "t").verdict is Verdict.SOFT_DENIED
    across = """
    tool "t" { priority 5; soft allow always; }
    tool r"^t$" { priority 5; soft deny always; }
    """
    decision = decide(across, "t")
    assert decision.verdict is Verdict.SOFT_DENIED
    assert rule_texts(decision.deciding) == ["soft deny always"]


def test_an_allow_rule_makes_the_tool_allow_listed() -> None:
    source = 'tool "publish" { hard allow when doc.tags overlaps {"reviewed"}; }'
    denied = decide(source, "publish", {"doc": "draft"})
    assert denied.verdict is Verdict.DENIED_NO_ALLOW and not denied.allowed
    assert denied.deciding == () and denied.fired == ()
    soft = 'tool "publish" { soft allow when doc.value == "ok"; }'
    assert decide(soft, "publish", {"doc": "no"}).verdict is Verdict.DENIED_NO_ALLOW
    # An allow rule in any applying policy counts, even a regex one.
    mixed = """
    tool "publish" { must deny when doc.value == "secret"; }
    tool r"^pub.*$" { should allow when doc.value == "ok"; }
    """
    assert decide(mixed, "publish", {"doc": "other"}).verdict is Verdict.DENIED_NO_ALLOW
    assert decide(mixed, "publish", {"doc": "ok"}).verdict is Verdict.SOFT_ALLOWED


def test_default_allow_and_default_deny() -> None:
    source = 'tool "t" { must deny when x.value == "bad"; }'
    assert decide(source, "t", {"x": "good"}).verdict is Verdict.DEFAULT_ALLOWED
    assert decide(source, "other").verdict is Verdict.DEFAULT_ALLOWED
    strict = Presets(default_allow=False)
    denied = decide(source, "t", {"x": "good"}, presets=strict)
    assert denied.verdict is Verdict.DEFAULT_DENIED and not denied.allowed
    assert decide(source, "other", presets=strict).verdict is Verdict.DEFAULT_DENIED
    # A rule that decides is not overridden by the preset.
    assert decide(source, "t", {"x": "bad"}, presets=strict).verdict is Verdict.HARD_DENIED


def test_checks_see_the_session_after_the_session_before_blocks() -> None:
    source = """
    tool "search" {
        session before { @tags |= {"searched"}; }
        must deny when "searched" in @session.tags;
    }
    """
    assert decide(source, "search").verdict is Verdict.HARD_DENIED


def test_the_result_does_not_exist_when_checks_run() -> None:
    source = """
    tool "t" {
        must deny when @result.tags is empty and @result.consumers is universal;
        must deny when @result.value == "x";
    }
    """
    decision = decide(source, "t")
    assert rule_texts(decision.fired) == [
        "must deny when @result.tags is empty and @result.consumers is universal"
    ]


def test_the_session_has_no_value() -> None:
    source = 'tool "t" { must deny when @session.value == @session.value; }'
    assert decide(source, "t").verdict is Verdict.DEFAULT_ALLOWED


def test_aggregates_over_the_arguments() -> None:
    source = """
    tool "report" {
        must deny when @args.tags overlaps {"untrusted"};
        must deny when not recipient.value in @args.consumers.intersect;
        should allow when @args.tags.intersect superset of {"reviewed"};
        should deny when union of producers from args overlaps {"paste"};
    }
    """
    clean = {
        "recipient": arg("bob", tags=["reviewed"]),
        "body": arg("text", tags=["reviewed"], consumers=["bob", "carol"]),
    }
    assert decide(source, "report", clean).verdict is Verdict.SOFT_ALLOWED
    tainted = {**clean, "extra": arg("x", tags=["untrusted"])}
    assert decide(source, "report", tainted).verdict is Verdict.HARD_DENIED
    restricted = {**clean, "body": arg("text", tags=["reviewed"], consumers=["carol"])}
    assert decide(source, "report", restricted).verdict is Verdict.HARD_DENIED
    unreviewed = {**clean, "body": arg("text")}
    assert decide(source, "report", unreviewed).verdict is Verdict.DENIED_NO_ALLOW
    pasted = {**clean, "body": arg("t", tags=["reviewed"], producers=["paste"])}
    assert decide(source, "report", pasted).verdict is Verdict.SOFT_DENIED


def test_aggregates_over_no_arguments_are_the_identities() -> None:
    source = """
    tool "t" {
        must deny when @args.tags is empty and intersect of consumers from args is universal;
    }
    """
    assert decide(source, "t").verdict is Verdict.HARD_DENIED
