"""Which matches may run on `re` without the time limit (`evaluate.regex_cost`).

A pattern that can backtrack catastrophically must always keep the limit; a pattern
proved short must match exactly as the bounded engine does, since only the cost of the
match may change, never its answer.
"""

from __future__ import annotations

import re
import sys

import pytest

from sqrt_tools.evaluate.bounded_regex import BoundedPattern
from sqrt_tools.evaluate.regex_cost import STEP_BUDGET, linear_up_to

CATASTROPHIC = [
    r"^(a+)+$",  # nested quantifier
    r"^(a|a)*$",  # quantified alternation
    r"(a?){25}a{25}",  # fixed repeat of an optional part
    r"^(.*?,){11}P",  # quantified group holding a quantifier
    r"(x+x+)+y",
    r"(a)\1*",  # backreference
    r"(?=a+)a*",  # lookaround
]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_pattern_that_can_backtrack_without_bound_keeps_the_limit(pattern: str) -> None:
    assert linear_up_to(pattern) == -1


@pytest.mark.parametrize("pattern", ["send_email", "abc|def", "(read|get)_file", "a{3}"])
def test_a_pattern_without_variable_repeats_is_bounded_for_any_input(pattern: str) -> None:
    assert linear_up_to(pattern) == sys.maxsize


def test_more_sequential_quantifiers_allow_shorter_inputs() -> None:
    one, two, three = linear_up_to("a.*"), linear_up_to("a.*b.*"), linear_up_to(".*.*.*")
    assert one > two > three > 0
    # The bound holds at the longest input allowed and is exceeded just past it.
    paths, length = 1, len(".*.*.*")
    assert (three + 1) ** 3 * (length + 1) * paths + three <= STEP_BUDGET
    assert (three + 2) ** 3 * (length + 1) * paths + three + 1 > STEP_BUDGET


def test_a_long_input_to_a_repeated_pattern_goes_to_the_bounded_engine() -> None:
    pattern = BoundedPattern(".*.*.*x", text='r".*.*.*x"', where="t:1:1")
    limit = linear_up_to(".*.*.*x")
    assert 0 < limit < 1000
    assert not pattern.fullmatch("a" * 5000)  # still answered, by the bounded engine


VALUES = ["", "a", "send_email", "send_", "SEND_x", "read_file", "a,b,c", "x" * 300, "é_ü\n"]
PATTERNS = [
    "send_.*",
    "(read|get)_file",
    "[a-z]+_[a-z]+",
    "(?i)send_.*",
    r"\w+",
    "a.*b.*c?",
    "(ab)*c",
    ".*",
    "[[:alpha:]]+",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_fast_path_answers_as_the_bounded_engine(pattern: str) -> None:
    for flags in (0, re.DOTALL):
        fast = BoundedPattern(pattern, flags=flags, text=pattern, where="t:1:1")
        assert linear_up_to(pattern, flags) > 0  # these take the fast path
        for value in VALUES:
            # `re` is the language's reference; the bounded engine must agree with it.
            assert fast.fullmatch(value) == (re.fullmatch(pattern, value, flags) is not None)
