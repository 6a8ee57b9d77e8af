"""SQ306 missing-doc-comment: the fixtures in `missing_doc_comment/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "missing-doc-comment"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:1 SQ306 tool policy for "a" has no `///` doc comment',
            '1:32 SQ306 tool policy for "b" has no `///` doc comment',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
