"""SQ110 invalid-datetime: the fixtures in `invalid_datetime/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "invalid-datetime"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:18 SQ110 d"2025-13-01" is not an ISO-8601 date or date-time (e.g. 2025-03-01 or 2025-03-01T09:00:00Z)',
            '2:18 SQ110 "next tuesday" is not an ISO-8601 date or date-time (e.g. 2025-03-01 or 2025-03-01T09:00:00Z)',
            '3:38 SQ110 d"yesterday" is not an ISO-8601 date or date-time (e.g. 2025-03-01 or 2025-03-01T09:00:00Z)',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
