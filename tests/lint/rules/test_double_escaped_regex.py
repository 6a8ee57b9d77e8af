"""SQ206 double-escaped-regex: the fixtures in `double_escaped_regex/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings, fixed

RULE = "double-escaped-regex"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:14 SQ206 r"^a\\\\.b$" doubles the backslash of a regex escape; one is enough (both spellings give the same regex)',
            '2:10 SQ206 r"^a\\\\d+$" doubles the backslash of a regex escape; one is enough (both spellings give the same regex)',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []


def test_fix() -> None:
    assert fixed(RULE, "fires.sqrt") == snapshot("""\
let s = {r"^a\\.b$"};
tool r"^a\\d+$" -> @tags |= {};
""")
