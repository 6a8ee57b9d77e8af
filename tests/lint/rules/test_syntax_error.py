"""SQ000 syntax-error: the fixtures in `syntax_error/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "syntax-error"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:10 SQ000 expected `;` after the `let` declaration, found `let`",
            "3:48 SQ000 expected `;` after the check rule, found `}`",
            "5:7 SQ000 expected `}` or `,`, found `u`",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
