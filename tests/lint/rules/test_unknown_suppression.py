"""SQ002 unknown-suppression: the fixtures in `unknown_suppression/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "unknown-suppression"
ALSO = ("unused-let",)  # rules a suppression is judged against


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt", also=ALSO) == snapshot(
        ["2:54 SQ002 unknown rule `unused-lets`", "3:17 SQ002 unknown rule `SQ999`"]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt", also=ALSO) == []
