"""SQ114 empty-consumers: the fixtures in `empty_consumers/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "empty-consumers"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:21 SQ114 `@consumers = {}` leaves consumers empty: no one may read the value (`{"*"}` means anyone)',
            '2:21 SQ114 `@consumers &= {"a"} & {"b"}` leaves consumers empty: no one may read the value (`{"*"}` means anyone)',
            '3:28 SQ114 `@session.consumers -= {"*"}` leaves consumers empty: no one may read the value (`{"*"}` means anyone)',
            '4:28 SQ114 `@consumers = none` leaves consumers empty: no one may read the value (`{"*"}` means anyone)',
            '5:21 SQ114 `x.consumers &= {}` leaves consumers empty: no one may read the value (`{"*"}` means anyone)',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
