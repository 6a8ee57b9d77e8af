"""SQ105 result-in-session-before: the fixtures in `result_in_session_before/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "result-in-session-before"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:38 SQ105 `@result.tags` in a `session before` block: the tool has not run yet, so there is no result",
            "2:34 SQ105 `@result.value` in a `session before` block: the tool has not run yet, so there is no result",
            "3:37 SQ105 `@result.tags` in a `session before` block: the tool has not run yet, so there is no result",
            "4:60 SQ105 `r` reads `@result.tags`, and this `session before` block runs before the tool, so there is no result",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
