"""SQ001 unused-suppression: the fixtures in `unused_suppression/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings, fixed

RULE = "unused-suppression"
ALSO = ("unused-let", "undefined-name")  # rules a suppression is judged against


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt", also=ALSO) == snapshot(
        [
            "1:30 SQ001 unused suppression: `ignore` of `unused-let` suppresses nothing here",
            "2:54 SQ001 unused suppression: `ignore` of `undefined-name`, `unused-let` suppresses nothing here",
            "3:17 SQ001 unused suppression: `ignore` of `undefined-name` suppresses nothing here",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt", also=ALSO) == []


def test_fix() -> None:
    assert fixed(RULE, "fires.sqrt", also=ALSO) == snapshot("""\
let blocked = {"untrusted"};
tool "t" { must deny when x.tags overlaps blocked; }
let spare = {}; // sqrt: ignore[unused-let]
""")
