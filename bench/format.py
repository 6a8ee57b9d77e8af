"""Formatter speed: throughput, and its cost relative to parsing the same text.

Run: python bench/format.py
Prints, for a corpus of at least 5,000 lines built from examples/, the time to parse it,
to format it (`format_source`: parse, lay out, re-parse and compare), and the share of
each step, with throughput and the ratio to parse time. Both sides of every ratio run
in this same process and moment, so the ratios hold on any machine. Formatting can
never be cheaper than two parses: the safety check re-parses its own output.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import build_corpus


def best_of(runs: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    from sqrt_tools import parse
    from sqrt_tools.format import FormatOptions, format_source
    from sqrt_tools.format.engine import print_program
    from sqrt_tools.format.safety import verify

    options = FormatOptions()
    corpus = build_corpus()
    lines = corpus.count("\n")
    kilobytes = len(corpus.encode()) / 1024
    parsed = parse(corpus)
    assert parsed.ok, "the corpus must be valid SQRT"
    formatted = format_source(corpus)  # warms up every module
    assert format_source(formatted) == formatted, "formatting must be idempotent"

    parse_time = best_of(5, lambda: parse(corpus))
    format_time = best_of(5, lambda: format_source(corpus))
    layout_time = best_of(5, lambda: print_program(parsed, options, "\n"))
    verify_time = best_of(5, lambda: verify(parsed, formatted, options))
    steady_time = best_of(5, lambda: format_source(formatted))

    def row(label: str, seconds: float, note: str = "") -> None:
        print(f"{label:<27}{seconds * 1000:8.1f} ms   {note}".rstrip())

    print(f"corpus: {lines:,} lines, {kilobytes:,.0f} KiB (examples/ repeated)")
    row("parse", parse_time, f"{lines / parse_time:9,.0f} lines/s")
    throughput = f"{lines / format_time:9,.0f} lines/s  {kilobytes / format_time:6,.0f} KiB/s"
    row("format_source", format_time, throughput)
    row("  of which: layout", layout_time)
    row("            safety check", verify_time, "(re-parse and compare)")
    row("format_source, formatted", steady_time, "(what `sqrt fmt --check` pays)")
    print(f"ratio format / parse       {format_time / parse_time:8.2f}x")
    print(f"ratio layout / parse       {layout_time / parse_time:8.2f}x")


if __name__ == "__main__":
    main()
