"""SQ305 let-naming: the fixtures in `let_naming/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "let-naming"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:5 SQ305 `TrustedUsers` does not match the naming pattern ^[a-z][a-z0-9_]*$",
            "1:46 SQ305 `_private` does not match the naming pattern ^[a-z][a-z0-9_]*$",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
