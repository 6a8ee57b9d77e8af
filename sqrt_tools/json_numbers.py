"""Integers in outside JSON and YAML longer than Python converts, refused in one line.

Python refuses to convert integers of more than 4,300 digits between text and `int`
(a guard against quadratic-time conversions, `sys.get_int_max_str_digits`), and
raises a bare `ValueError` from deep inside `json.loads` or a YAML loader. Every parse
of outside data passes `parse_int` instead, which raises `IntegerTooLong`, a
`ValueError` that says what happened; each reader turns it into its own one-line error
(an undecodable input for `sqrt inspect`, a refused option for `sqrt eval`, one failed
case for `sqrt test`). [ours] We refuse rather than raise the limit: no policy or
result needs such a number, and converting it would cost time quadratic in its length.
"""

from __future__ import annotations

import sys

# The limit in force (0 would mean "no limit"; then we keep Python's default).
DIGIT_LIMIT = sys.get_int_max_str_digits() or 4300


class IntegerTooLong(ValueError):
    """An integer literal with more digits than `DIGIT_LIMIT`."""

    def __init__(self, digits: int) -> None:
        self.digits = digits
        super().__init__(
            f"an integer of {digits:,} digits, longer than the {DIGIT_LIMIT:,} digits "
            "Python converts"
        )


def parse_int(text: str) -> int:
    """`int(text)` for JSON's `parse_int` hook; `IntegerTooLong` past the limit."""
    digits = len(text) - (text[:1] in "+-")
    if digits > DIGIT_LIMIT:
        raise IntegerTooLong(digits)
    return int(text)
