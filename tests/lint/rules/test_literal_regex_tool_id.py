"""SQ202 literal-regex-tool-id: the fixtures in `literal_regex_tool_id/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings, fixed

RULE = "literal-regex-tool-id"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:6 SQ202 tool-id regex r"send_email" has no regex metacharacter; write the name "send_email"',
            '2:6 SQ202 tool-id regex r"^send_email$" has no regex metacharacter; write the name "send_email"',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []


def test_fix() -> None:
    assert fixed(RULE, "fires.sqrt") == snapshot("""\
tool "send_email" -> @tags |= {};
tool "send_email" -> @tags |= {};
""")
