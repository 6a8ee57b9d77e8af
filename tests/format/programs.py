"""Inputs for the formatter tests: generated programs with comments between tokens."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from sqrt_tools import parse
from tests.conformance.edge_cases import EDGE_CASES
from tests.conformance.generator import corpus, generate_program, tokens

EXAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("examples").glob("*.sqrt"))

# Every kind of ordinary comment, including a multi-line block and the region markers.
COMMENTS = (
    "/* c */",
    "/**/",
    "// line\n",
    "//\n",
    "/* two\n   lines */",
    "// sqrt: fmt-off\n",
    "// sqrt: fmt-on\n",
)
_BEFORE = (" ", "", "\n", "\n\n")
_AFTER = (" ", "", "\n")


def token_ends(source: str) -> list[int]:
    """The offsets right after each token (a rough lexer: some cut a real token)."""
    ends: list[int] = []
    position = 0
    for token in tokens(source):
        start = source.index(token, position)
        position = start + len(token)
        ends.append(position)
    return ends


def with_comments(source: str, rng: random.Random, attempts: int = 4) -> str:
    """`source` with one to six random comments inserted between tokens.

    The rough lexer sometimes cuts a token in two (`@result` into `@` and `result`);
    an insertion there is a syntax error, so a few placements are tried and the
    first valid one is kept (the source itself if none is).
    """
    ends = token_ends(source)
    if not ends:
        return source
    for _ in range(attempts):
        chosen = sorted(rng.sample(ends, min(len(ends), rng.randint(1, 6))), reverse=True)
        text = source
        for cut in chosen:
            comment = rng.choice(_BEFORE) + rng.choice(COMMENTS) + rng.choice(_AFTER)
            text = text[:cut] + comment + text[cut:]
        if parse(text).ok:
            return text
    return source


def generated_with_comments(seed: int, count: int) -> Iterator[str]:
    """`count` valid generated programs, each with random comments between tokens."""
    produced = 0
    index = 0
    while produced < count:
        rng = random.Random(f"sqrt-format:{seed}:{index}")
        index += 1
        source = generate_program(rng)
        if not parse(source).ok:
            continue
        produced += 1
        yield with_comments(source, rng)


def conformance_corpus() -> list[str]:
    """The valid programs of the parser's test corpus: edge cases and a seeded sample."""
    candidates = [*EDGE_CASES, *corpus(20261121, 1000)]
    return [source for source in candidates if parse(source).ok]
