"""Fuzzing the formatter with a unique comment around every token: no comment is lost,
duplicated or reordered, and the policy keeps its meaning; or the formatter refuses
(never a traceback, never a changed policy)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqrt_tools import format_source, parse
from sqrt_tools.format import FormatError
from sqrt_tools.format.safety import first_difference
from sqrt_tools.server.lexical import COMMENTS, scan
from tests.conformance.generator import generate_program


def commented(source: str, rng: random.Random) -> tuple[str, list[str]]:
    """`source` with a unique comment before every token (block or line comment) and
    those comments in order (the generated program may hold comments of its own)."""
    pieces: list[str] = []
    comments: list[str] = []
    position = 0
    for token in scan(source):
        if token.type in COMMENTS:
            continue
        pieces.append(source[position : token.start])
        label = f"c{len(comments)}"
        comment = rng.choice((f"/*{label}*/", f"// {label}\n", f" /* {label} */ "))
        comments.append(comment.strip().removesuffix("\n"))
        pieces.append(comment)
        position = token.start
    pieces.append(source[position:])
    return "".join(pieces), comments


def comment_texts(text: str) -> list[str]:
    return [c.text.rstrip() for c in parse(text).program.comments]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32))
def test_a_comment_around_every_token_survives_formatting(seed: int) -> None:
    rng = random.Random(seed)
    source = generate_program(rng)
    if not parse(source).ok:
        return
    text, comments = commented(source, rng)
    original = parse(text)
    if not original.ok:  # a line comment inside a construct that needs no break? never
        raise AssertionError(f"comments alone broke the program: {text!r}")
    before = comment_texts(text)
    assert [c for c in before if c in comments] == comments  # ours, each once, in order
    try:
        formatted = format_source(text)
    except FormatError:
        return  # refused: nothing written, which the promise allows
    assert comment_texts(formatted) == before
    # the same policy: trees equal but for spans and a doc line's trailing blanks
    assert first_difference(original.program, parse(formatted).program) is None
    assert format_source(formatted) == formatted
