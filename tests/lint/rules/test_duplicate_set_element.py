"""SQ302 duplicate-set-element: the fixtures in `duplicate_set_element/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings, fixed

RULE = "duplicate-set-element"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:20 SQ302 "a" is already in this set',
            '1:25 SQ302 "a" is already in this set',
            "2:13 SQ302 1.0 is already in this set",
            "2:28 SQ302 int 1..2 is already in this set",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []


def test_fix() -> None:
    assert fixed(RULE, "fires.sqrt") == snapshot("""\
let s = {"a", "b"};
let s = {1, int 1..2};
""")
