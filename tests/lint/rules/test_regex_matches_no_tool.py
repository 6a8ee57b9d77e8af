"""SQ402 regex-matches-no-tool: the fixtures in `regex_matches_no_tool/` beside this file, against `agent_tools.json`."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "regex-matches-no-tool"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:6 SQ402 tool-id regex r"^send_(mail|text)$" matches none of the 4 defined tools: the policy applies to nothing'
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
