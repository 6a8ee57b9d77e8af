"""Parser speed against the service's reference parser, and `sqrt check` cold start.

Run: python bench/parse.py
Prints, for a corpus of at least 5,000 lines built from examples/, the time our parser
and the reference (`sequrity.sqrt.parser.parse`) take, the ratio, and our throughput;
then the median cold start of `sqrt check` on a one-line file against `python -c pass`;
then, for each pathological shape of `bench/shapes.py` (forks at every token, deep
nesting, long lists and chains, many declarations, long tokens, many errors), the time
per KB of parsing, linting and formatting at two sizes (the larger four times the
smaller) and the ratio between them: 1.0 is linear, 4.0 would be quadratic.
Both measurements of each pair run in this same process and moment, so the ratios hold
on any machine. Goals: our parser at least 30 times faster than the reference (issue 2);
every shape's ratio within 1.5x on every surface (issue 18).
"""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import build_corpus
from bench.shapes import SHAPES

SPEED_GOAL = 30.0
LINEAR_GOAL = 1.5


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


def surfaces() -> dict[str, Callable[[str], object]]:
    from sqrt_tools import FormatOptions, format_source, lint_source
    from sqrt_tools.format import FormatError

    def format_or_refuse(text: str) -> object:
        try:
            return format_source(text, FormatOptions())
        except FormatError as error:  # the error shapes: refusing is the answer
            return error

    return {"parse": parse_only, "lint": lint_source, "format": format_or_refuse}


def parse_only(text: str) -> object:
    from sqrt_tools import parse

    return parse(text)


def time_per_kb(action: Callable[[str], object], text: str, runs: int = 5) -> float:
    """Best of `runs`, in ms of this process's CPU time per KB.

    CPU time rather than wall time: the machine is shared, and another process taking
    the core half-way through would otherwise read as a super-linear slope. Each run
    starts after a collection so garbage left by the previous one is not charged to it.
    """
    kilobytes = len(text.encode()) / 1024
    timings = []
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        action(text)
        timings.append(time.process_time() - start)
    return min(timings) * 1000 / kilobytes


def linearity() -> float:
    """Print each shape's time per KB at two sizes; return the worst ratio."""
    actions = surfaces()
    header = "".join(f"{name:>22}" for name in actions)
    print(f"linearity: ms/KB at n and 4n, ratio (goal within {LINEAR_GOAL}x)")
    print(f"{'shape':<20}{'n':>7}{'KB':>6}{header}")
    worst = 0.0
    for shape, (build, size) in SHAPES.items():
        small, large = build(size), build(4 * size)
        cells = []
        for action in actions.values():
            before = time_per_kb(action, small)
            after = time_per_kb(action, large)
            ratio = after / before
            worst = max(worst, ratio)
            cells.append(f"{before:6.2f} {after:6.2f} {ratio:5.2f}x")
        kilobytes = len(large.encode()) / 1024
        print(f"{shape:<20}{size:>7}{kilobytes:>6.0f}" + "".join(f"{c:>22}" for c in cells))
    verdict = "meets" if worst <= LINEAR_GOAL else "MISSES"
    print(f"worst ratio: {worst:.2f}x (goal within {LINEAR_GOAL}x: {verdict})")
    return worst


def main() -> int:
    ratio = parse_speed()
    table_loading()
    cold_start()
    worst = linearity()
    return 0 if ratio >= SPEED_GOAL and worst <= LINEAR_GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
