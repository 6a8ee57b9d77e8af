"""SQ203 redos-regex: the fixtures in `redos_regex/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "redos-regex"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:10 SQ203 r"^(a+)+$" can run for a very long time on a text it does not match: a quantifier applies to a body that can repeat by itself',
            '1:35 SQ203 r"(.*)*x" can run for a very long time on a text it does not match: a quantifier applies to a body that can repeat by itself',
            '1:46 SQ203 r"^(a|aa)*$" can run for a very long time on a text it does not match: alternatives inside a quantifier can match the same text',
            '2:6 SQ203 r"^(\\w+\\s?)*$" can run for a very long time on a text it does not match: a quantifier applies to a body that can repeat by itself',
            '3:10 SQ203 r"^(a|a)*$" can run for a very long time on a text it does not match: alternatives inside a quantifier can match the same text',
            '3:23 SQ203 r"^(a?){25}a{25}$" can run for a very long time on a text it does not match: a part that can match nothing is repeated 25 times, so a text splits among the repetitions in exponentially many ways',
            '3:56 SQ203 r"^(.*?,){11}P" can run for a very long time on a text it does not match: each repetition (up to 11 times) can end at many places: a quantifier in it also matches the text that ends the repetition',
            '4:10 SQ203 r"^(.*?,)*P$" can run for a very long time on a text it does not match: each repetition can end at many places: a quantifier in it also matches the text that ends the repetition',
            '4:25 SQ203 r"^(ab|ab)+$" can run for a very long time on a text it does not match: alternatives inside a quantifier can match the same text',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
