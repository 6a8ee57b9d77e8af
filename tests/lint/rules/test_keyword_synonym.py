"""SQ304 keyword-synonym: the fixtures in `keyword_synonym/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings, fixed

RULE = "keyword-synonym"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            "1:12 SQ304 `hard` is spelled `must` in this project",
            "1:30 SQ304 `soft` is spelled `should` in this project",
            "2:11 SQ304 `union` is spelled `|` in this project",
            "2:19 SQ304 `intersect` is spelled `&` in this project",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []


def test_fix() -> None:
    assert fixed(RULE, "fires.sqrt") == snapshot("""\
tool "t" { must deny always; should allow always; must deny always; }
let s = a | b & c | d;
""")
