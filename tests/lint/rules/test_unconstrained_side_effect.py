"""SQ406 unconstrained-side-effect: the fixtures in `unconstrained_side_effect/` beside this file, against `agent_tools.json`."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "unconstrained-side-effect"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:1 SQ406 `send_email` (agent_tools.json:4) is marked `openWorldHint` but no allow or deny rule applies to it: with default_allow on, every call of it is allowed",
            "1:1 SQ406 `delete_file` (agent_tools.json:30) is marked `destructiveHint` but no allow or deny rule applies to it: with default_allow on, every call of it is allowed",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
