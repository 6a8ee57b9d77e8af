"""SQ112 conflicting-checks: the fixtures in `conflicting_checks/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "conflicting-checks"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:12 SQ112 `must allow always;` conflicts with `must deny always;` on line 1: the hard deny wins on every call",
            "2:43 SQ112 `hard allow always;` conflicts with `must deny always;` on line 1: the hard deny wins on every call",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
