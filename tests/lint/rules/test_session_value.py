"""SQ107 session-value: the fixtures in `session_value/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "session-value"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:27 SQ107 `@session.value` is never set: the session has metadata but no value; keep state in `@session.tags`",
            "2:14 SQ107 `@session.value` is never set: the session has metadata but no value; keep state in `@session.tags`",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
