"""SQ205 universal-tags: the fixtures in `universal_tags/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "universal-tags"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:27 SQ205 tags are never universal (only consumers start as `{"*"}`), so this test is always false',
            '2:27 SQ205 producers are never universal (only consumers start as `{"*"}`), so this test is always false',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
