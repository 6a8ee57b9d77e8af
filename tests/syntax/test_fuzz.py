"""Fuzzing the parser and the linter: random and mutated text never makes them raise,
and every diagnostic points inside the text. (Linear time is `bench/parse.py`'s job;
tests/syntax/test_linear.py counts the work.)"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqrt_tools import lint_source, parse
from tests.conformance.generator import generate_program, mutate

# Fragments that reach deep into the grammar, and characters that do not belong.
FRAGMENTS = [
    "let ",
    "tool ",
    '"t" ',
    "{",
    "}",
    "(",
    ")",
    ";",
    ",",
    "not ",
    "and ",
    "or ",
    "x.tags ",
    "@result.tags ",
    "@tags ",
    "is empty",
    "overlaps ",
    "in ",
    "when ",
    "must deny ",
    "should allow ",
    "always",
    "result ",
    "session before ",
    "|=",
    '{"a", "b"}',
    'r"^a+$"',
    'w"*.pdf"',
    'd"2024-01-01"',
    "str matching ",
    "int ",
    "..",
    "1",
    "-2.5",
    "inf",
    "union ",
    "with ",
    "->",
    "[3]",
    "/* c */",
    "// c\n",
    "/// d\n",
    "\r",
    "\n",
    "\r\n",
    "\t",
    '"unterminated',
    "/* open",
    "\x00",
    "é",
    "🙂",
    "\u202e",
    "\ud800",
]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_sound(text: str) -> None:
    result = parse(text)
    assert result.source == text
    for diagnostic in result.diagnostics:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)
        assert diagnostic.message and "\n" not in diagnostic.message
    linted = lint_source(text)
    for diagnostic in linted.diagnostics:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_random_fragments_never_make_the_parser_or_linter_raise(pieces: list[str]) -> None:
    assert_sound("".join(pieces))


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_never_makes_the_parser_or_linter_raise(text: str) -> None:
    assert_sound(text)


@SETTINGS
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=4))
def test_mutated_programs_never_make_the_parser_or_linter_raise(seed: int, rounds: int) -> None:
    rng = random.Random(seed)
    text = generate_program(rng)
    for _ in range(rounds):
        text = mutate(text, rng)
    assert_sound(text)
