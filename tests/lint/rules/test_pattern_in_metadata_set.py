"""SQ204 pattern-in-metadata-set: the fixtures in `pattern_in_metadata_set/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "pattern-in-metadata-set"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:44 SQ204 a regex in a set compared with `overlaps` is compared as plain text, not matched",
            "2:45 SQ204 a wildcard in a set compared with `subset of` is compared as plain text, not matched",
            "3:38 SQ204 a value domain in a set compared with `==` is compared as plain text, not matched",
            "4:81 SQ204 `q` holds a wildcard, and `overlaps` compares it as plain text, not as a pattern",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
