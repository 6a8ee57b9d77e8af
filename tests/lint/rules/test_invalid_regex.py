"""SQ108 invalid-regex: the fixtures in `invalid_regex/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "invalid-regex"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:9 SQ108 invalid regular expression: missing ), unterminated subpattern (at position 1)",
            "2:13 SQ108 invalid regular expression: bad character range z-a (at position 1)",
            "2:35 SQ108 invalid regular expression: nothing to repeat (at position 0)",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
