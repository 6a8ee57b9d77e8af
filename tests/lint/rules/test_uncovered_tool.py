"""SQ405 uncovered-tool: the fixtures in `uncovered_tool/` beside this file, against `agent_tools.json`."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "uncovered-tool"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:1 SQ405 no policy applies to the tool `delete_file` (agent_tools.json:30): the presets alone decide its calls"
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
