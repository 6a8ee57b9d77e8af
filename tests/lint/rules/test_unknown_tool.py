"""SQ401 unknown-tool: the fixtures in `unknown_tool/` beside this file, against `agent_tools.json`."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings, fixed_unsafe

RULE = "unknown-tool"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:6 SQ401 no tool named "send_emial" among the 4 defined tools; did you mean "send_email"?',
            '4:6 SQ401 no tool named "launch_rocket" among the 4 defined tools',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []


def test_fix() -> None:
    assert fixed_unsafe(RULE, "fires.sqrt") == snapshot("""\
tool "send_email" {
    must deny when body.tags overlaps {"secret"};
}
tool "launch_rocket" { must deny always; }
""")
