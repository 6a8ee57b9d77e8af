"""SQ111 empty-range: the fixtures in `empty_range/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "empty-range"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:9 SQ111 `int 10..1` matches no int",
            "2:9 SQ111 `int 0<..<1` matches no int",
            "3:9 SQ111 `int 1..<1` matches no int",
            "4:9 SQ111 `int 1.5` matches no int",
            "5:9 SQ111 `float 2.0<..1.0` matches no float",
            "6:9 SQ111 `float inf<..` matches no float",
            "7:30 SQ111 no string has a length in `5..2`",
            "8:24 SQ111 no string has a length in `..<0`",
            '9:9 SQ111 `datetime d"2025-12-31"..d"2025-01-01"` ends before it starts: no date fits',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
