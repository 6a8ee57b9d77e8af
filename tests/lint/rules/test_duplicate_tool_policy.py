"""SQ115 duplicate-tool-policy: the fixtures in `duplicate_tool_policy/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "duplicate-tool-policy"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:37 SQ115 another policy for "t" with priority 0 is on line 1; merge them or give them different priorities',
            '2:31 SQ115 another policy for "t" with priority 2 is on line 2; merge them or give them different priorities',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
