"""SQ403 unknown-argument: the fixtures in `unknown_argument/` beside this file, against `agent_tools.json`."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings, fixed_unsafe

RULE = "unknown-argument"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "2:20 SQ403 `send_email` has no parameter `bdy`; did you mean `body`?",
            '4:36 SQ403 none of the 2 tools r"^send_.*$" matches has a parameter `recipient` (its parameters: `to`, `body`, `priority`, `copies`, `number`, `text`)',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []


def test_fix() -> None:
    assert fixed_unsafe(RULE, "fires.sqrt") == snapshot("""\
tool "send_email" {
    must deny when body.tags overlaps {"secret"};
}
tool r"^send_.*$" { must deny when recipient.value in {"x"}; }
""")
