"""SQ404 value-outside-schema: the fixtures in `value_outside_schema/` beside this file, against `agent_tools.json`."""

from __future__ import annotations

from inline_snapshot import snapshot

from tests.lint.rules.fixture import findings

RULE = "value-outside-schema"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '3:39 SQ404 `"urgent"` can never be a value of `priority`: it is not one of its values ("low", "normal", "high")',
            '3:57 SQ404 `r"crit.*"` can never be a value of `priority`: none of its values ("low", "normal", "high") matches',
            "4:37 SQ404 `int 7..9` can never be a value of `copies`: its range (>= 1, <= 5) holds none of these numbers",
            '4:50 SQ404 `"two"` can never be a value of `copies`: it takes whole numbers, not strings',
            '5:32 SQ404 `"not-an-address"` can never be a value of `to`: it is not a valid email',
            '6:35 SQ404 `str matching r".*" length 6000..` can never be a value of `body`: its length limits (maxLength 5000) allow none of these lengths',
            '7:38 SQ404 no element of `levels` can be a value of `priority`: `"urgent"`: it is not one of its values ("low", "normal", "high")',
            '10:37 SQ404 `"0800"` can never be a value of `number`: it does not match its pattern "^\\\\+[0-9]+$"',
            '11:35 SQ404 `str like w"*" length 200..300` can never be a value of `text`: its length limits (minLength 1, maxLength 160) allow none of these lengths',
            "12:34 SQ404 `true` can never be a value of `text`: it takes strings, not booleans",
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []
