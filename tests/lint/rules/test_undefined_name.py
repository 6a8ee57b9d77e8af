"""SQ101 undefined-name: the fixtures in `undefined_name/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "undefined-name"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(["1:43 SQ101 `nope` is not defined"])


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
