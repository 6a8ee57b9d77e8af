"""SQ106 result-in-check: the fixtures in `result_in_check/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "result-in-check"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:27 SQ106 `@result.tags` in a check rule: checks run before the tool, so the result is always empty here",
            "2:27 SQ106 `@result.value` in a check rule: checks run before the tool, so the result is always empty here",
            "3:73 SQ106 `b` reads `@result.tags`, but checks run before the tool, so the result is always empty here",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
