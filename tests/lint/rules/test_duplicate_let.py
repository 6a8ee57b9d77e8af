"""SQ103 duplicate-let: the fixtures in `duplicate_let/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "duplicate-let"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:29 SQ103 `a` is already defined on line 1",
            "1:41 SQ103 `a` is already defined on line 1",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
