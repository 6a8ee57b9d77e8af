"""SQ201 unanchored-tool-regex: the fixtures in `unanchored_tool_regex/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings, fixed

RULE = "unanchored-tool-regex"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:6 SQ201 tool-id regex r"send_.*" matches more tools when searched than when matched whole; write r"^send_.*$"',
            '2:6 SQ201 tool-id regex r"(send|forward)_.*" matches more tools when searched than when matched whole; write r"^(send|forward)_.*$"',
            '3:6 SQ201 tool-id regex r"^a|b$" matches more tools when searched than when matched whole; write r"^a$|^b$"',
            '4:6 SQ201 tool-id regex r"send_to_.*|notify_.*" matches more tools when searched than when matched whole; write r"^(?:send_to_.*|notify_.*)$"',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []


def test_fix() -> None:
    assert fixed(RULE, "fires.sqrt") == snapshot("""\
tool r"^send_.*$" { must deny always; }
tool r"^(send|forward)_.*$" -> @tags |= {};
tool r"^a$|^b$" -> @tags |= {};
tool r"^(?:send_to_.*|notify_.*)$" -> @tags |= {};
""")
