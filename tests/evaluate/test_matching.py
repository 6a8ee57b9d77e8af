"""Which policies apply to a tool: exact ids and regex ids (whole-name match)."""

from __future__ import annotations

from sqrt_tools.evaluate import Verdict, load_policy
from tests.evaluate.helpers import decide

FAMILY = """
tool r"^(send|forward)_.*$" { priority 40; must deny when @args.tags overlaps {"untrusted"}; }
tool r"^send_.*$" { should deny when to.value in {str like w"*@evil.example"}; }
tool "send_email" { priority 10; should allow when to.value in {str like w"*@acme.com"}; }
tool r"send_.*" { session before { @tags |= {"sent"}; } }
"""


def test_a_regex_id_applies_to_every_tool_it_matches_and_all_matching_policies_apply() -> None:
    policy = load_policy(FAMILY)
    ids = [p.info.display_id for p in policy.applying("send_email")]
    assert ids == ['r"^(send|forward)_.*$"', 'r"^send_.*$"', '"send_email"', 'r"send_.*"']
    assert [p.info.display_id for p in policy.applying("forward_message")] == [
        'r"^(send|forward)_.*$"'
    ]
    assert policy.applying("read_email") == ()


def test_regex_ids_must_match_the_whole_tool_name() -> None:
    policy = load_policy(FAMILY)
    # Unanchored `send_.*` would be found inside these names by a search-mode matcher.
    assert policy.applying("resend_email") == ()
    assert [p.info.display_id for p in policy.applying("send_sms")][-1] == 'r"send_.*"'


def test_rules_of_several_matching_policies_decide_together() -> None:
    decision = decide(FAMILY, "send_email", {"to": "bob@acme.com"})
    assert decision.verdict is Verdict.SOFT_ALLOWED
    assert [p.tool_id for p in decision.policies][-1] == "send_.*"
    assert sorted(decision.session.tags.elements) == ["sent"]  # type: ignore[type-var]
    evil = decide(FAMILY, "send_email", {"to": "x@evil.example"})
    # Only the regex policy's soft deny fires; priority 0 is the highest among firing ones.
    assert evil.verdict is Verdict.SOFT_DENIED
    assert decide(FAMILY, "send_sms", {"to": "x@evil.example"}).verdict is Verdict.SOFT_DENIED


def test_exact_ids_are_compared_exactly() -> None:
    policy = load_policy('tool "send_email" { must deny always; }')
    assert len(policy.applying("send_email")) == 1
    assert policy.applying("send_emails") == () and policy.applying("Send_email") == ()


def test_the_applying_policies_are_remembered_per_tool_name() -> None:
    policy = load_policy(FAMILY)
    assert policy.applying("send_email") is policy.applying("send_email")
