"""SQ301 unused-let: the fixtures in `unused_let/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings, fixed

RULE = "unused-let"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:5 SQ301 `a` is never used",
            "2:17 SQ301 `d` is never used",
            "3:29 SQ301 `f` is never used",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []


def test_fix() -> None:
    assert fixed(RULE, "fires.sqrt") == snapshot(
        'let b = {"x"}; tool "t" { must deny when x.tags overlaps b; }\n'
    )
