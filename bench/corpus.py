"""A large SQRT corpus built from the bundled examples, for the benchmarks."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def example_sources() -> list[str]:
    """The text of every example policy, in a stable order."""
    return [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.sqrt"))]


def build_corpus(min_lines: int = 5_000) -> str:
    """The examples concatenated, repeated until the text has at least `min_lines` lines.

    Repeating declarations is valid SQRT (a `let` bound twice is a lint finding, not a
    syntax error), so the corpus parses cleanly and exercises every construct.
    """
    sources = example_sources()
    if not sources:
        raise SystemExit("no examples found under examples/")
    pieces: list[str] = []
    lines = 0
    while lines < min_lines:
        for source in sources:
            text = source if source.endswith("\n") else source + "\n"
            pieces.append(text)
            lines += text.count("\n")
    return "".join(pieces)
