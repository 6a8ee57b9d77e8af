"""SQ116 subject-in-check: the fixtures in `subject_in_check/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "subject-in-check"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:27 SQ116 `@tags` in a check rule has no subject; write `@session.tags` or `@args.tags`",
            "2:52 SQ116 `seen` reads `@tags`, which has no subject in a check rule",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
