"""Formatter options: defaults, the `[format]` table, and what bad values say."""

from __future__ import annotations

from typing import Any

import pytest

from sqrt_tools.format import FormatOptions, FormatOptionsError


def test_defaults_keep_every_spelling_at_width_100() -> None:
    assert FormatOptions() == FormatOptions(
        line_width=100, enforcement="keep", set_operators="keep"
    )


def test_configuration_table_uses_dashed_keys() -> None:
    table = {"line-width": 80, "enforcement": "must", "set-operators": "symbol"}
    assert FormatOptions.from_config(table) == FormatOptions(
        line_width=80, enforcement="must", set_operators="symbol"
    )
    assert FormatOptions.from_config({}) == FormatOptions()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"line_width": 80}, "unknown format option 'line_width' (the options are: line-width,"),
        ({"line-width": "80"}, "`line-width` must be an integer, not '80'"),
        ({"line-width": True}, "`line-width` must be an integer, not True"),
        ({"line-width": 5}, "`line-width` must be between 20 and 1000, not 5"),
        ({"enforcement": "strict"}, '`enforcement` must be one of "keep", "must", "hard", not'),
        ({"set-operators": 1}, "`set-operators` must be a string, not 1"),
        ({"set-operators": "words"}, '`set-operators` must be one of "keep", "symbol",'),
    ],
)
def test_bad_values_are_refused_with_the_option_named(table: dict[str, Any], message: str) -> None:
    with pytest.raises(FormatOptionsError) as error:
        FormatOptions.from_config(table)
    assert str(error.value).startswith(message)
