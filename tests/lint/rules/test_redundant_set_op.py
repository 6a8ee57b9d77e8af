"""SQ303 redundant-set-op: the fixtures in `redundant_set_op/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings, fixed

RULE = "redundant-set-op"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:9 SQ303 `| {}` does not change the other operand",
            "1:25 SQ303 `| {}` does not change the other operand",
            "1:41 SQ303 `- {}` does not change the other operand",
            "1:57 SQ303 `^ {}` does not change the other operand",
            '2:9 SQ303 `& {"*"}` does not change the other operand',
            '2:28 SQ303 `intersect ({"*"})` does not change the other operand',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []


def test_fix() -> None:
    assert fixed(RULE, "fires.sqrt") == snapshot("""\
let a = x; let b = x; let c = x; let d = x;
let a = x; let b = x;
""")
