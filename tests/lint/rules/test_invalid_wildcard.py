"""SQ109 invalid-wildcard: the fixtures in `invalid_wildcard/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "invalid-wildcard"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:14 SQ109 invalid wildcard: `[` has no meaning in a SQRT wildcard (only `*` and `?` do), and matchers disagree on it",
            "1:33 SQ109 invalid wildcard: a backslash has no meaning in a SQRT wildcard (only `*` and `?` do), and matchers disagree on it",
            '1:39 SQ109 invalid wildcard: an empty wildcard matches only the empty text; write "" instead',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
