"""SQ104 kind-mismatch: the fixtures in `kind_mismatch/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "kind-mismatch"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:42 SQ104 `s` is a set, but a predicate is needed here; compare it instead, e.g. `x.tags overlaps s`",
            "2:59 SQ104 `t` is a set, but a predicate is needed here; compare it instead, e.g. `x.tags overlaps t`",
            "3:45 SQ104 `d` is a value domain, but a predicate is needed here; test a value against it instead: `x.value in d`",
            "4:34 SQ104 `p` is a predicate, but a set is needed here; a predicate has no elements",
            "5:63 SQ104 `p` is a predicate, but a set or value domain is needed here; a predicate has no elements",
            "6:55 SQ104 `p` is a predicate, but a set is needed here; a predicate has no elements",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
