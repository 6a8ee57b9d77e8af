"""SQ113 unreachable-check: the fixtures in `unreachable_check/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "unreachable-check"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:30 SQ113 this rule can never change the outcome: `must deny always;` on line 1 denies every call",
            "1:51 SQ113 this rule can never change the outcome: `must deny always;` on line 1 denies every call",
            "2:43 SQ113 this rule can never change the outcome: `must deny always;` on line 2 denies every call",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
