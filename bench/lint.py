"""Linter speed: throughput, and the cost of a full lint relative to parsing alone.

Run: python bench/lint.py
Prints, for a corpus of at least 5,000 lines built from examples/ (`bench/corpus.py`),
the time to parse it, to lint it with the default rules and with every rule (parse,
semantic model, one shared pass of the rules, suppressions), and the ratio of each to
parse-only time. Both sides of every ratio run in this same process and moment, so
the ratios hold on any machine. Goal (issue 3): a full lint costs less than 3x parsing.
Exits 1 when the goal is missed.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import build_corpus

RATIO_GOAL = 3.0


def measure(corpus: str, runs: int = 7) -> dict[str, float]:
    """Seconds (best of `runs`) to parse, build the model, lint with defaults, and lint
    with every rule. The four are timed in turn within each round, so that load from
    other processes falls on all of them alike, and each starts after a collection."""
    from sqrt_tools import parse
    from sqrt_tools.lint import LintSettings, lint_source
    from sqrt_tools.lint.selection import SELECTABLE
    from sqrt_tools.semantics import analyze

    every_rule = LintSettings(enabled=frozenset(SELECTABLE))
    lint_source(corpus, every_rule)  # warm up: imports, regex caches
    parsed = parse(corpus)
    actions: dict[str, Callable[[], object]] = {
        "parse": lambda: parse(corpus),
        "model": lambda: analyze(parsed.program),
        "lint": lambda: lint_source(corpus),
        "lint_all": lambda: lint_source(corpus, every_rule),
    }
    best = dict.fromkeys(actions, float("inf"))
    for _ in range(runs):
        for name, action in actions.items():
            gc.collect()
            start = time.perf_counter()
            action()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> int:
    from sqrt_tools.lint import lint_source

    corpus = build_corpus()
    lines = corpus.count("\n")
    findings = len(lint_source(corpus).diagnostics)
    times = measure(corpus)

    def row(label: str, seconds: float, note: str = "") -> None:
        print(f"{label:<28}{seconds * 1000:8.1f} ms   {note}".rstrip())

    print(f"corpus: {lines:,} lines (examples/ repeated; {findings:,} findings at defaults)")
    row("parse", times["parse"], f"{lines / times['parse']:9,.0f} lines/s")
    row("semantic model", times["model"], f"{times['model'] / times['parse']:5.2f}x parse")
    for key, label in (("lint", "lint, default rules"), ("lint_all", "lint, every rule")):
        ratio = times[key] / times["parse"]
        row(label, times[key], f"{lines / times[key]:9,.0f} lines/s  {ratio:5.2f}x parse")
    worst = times["lint_all"] / times["parse"]
    verdict = "met" if worst < RATIO_GOAL else "MISSED"
    print(f"goal: full lint < {RATIO_GOAL:.0f}x parse-only: {verdict} ({worst:.2f}x)")
    return 0 if worst < RATIO_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
