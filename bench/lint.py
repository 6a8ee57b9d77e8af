"""Linter speed: throughput, and the cost of a full lint relative to parsing alone.

Run: python bench/lint.py
Prints, for a corpus of at least 5,000 lines built from examples/ (`bench/corpus.py`),
the time to parse it, to lint it with the default rules and with every rule (parse,
semantic model, one shared pass of the rules, suppressions), and the ratio of each to
parse-only time. Both sides of every ratio run in this same process and moment, so
the ratios hold on any machine. Goal (issue 3): a full lint costs less than 3x parsing.

It also lints the corpus against 300 tool definitions (the example tools and generated
ones, each with five parameters), which turns on the `tools` rules, and prints the
ratio to the same lint without tools. Goal (issue 13): under 1.3x.
Exits 1 when a goal is missed.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import build_corpus

if TYPE_CHECKING:
    from sqrt_tools.tools.catalog import ToolCatalog

RATIO_GOAL = 3.0
TOOLS_RATIO_GOAL = 1.3
TOOL_COUNT = 300
EXAMPLE_TOOLS = Path(__file__).resolve().parents[1] / "examples" / "tools"


def tool_catalog(count: int = TOOL_COUNT) -> ToolCatalog:
    """The example tools plus generated ones, `count` in all."""
    from sqrt_tools.tools.catalog import ToolCatalog, load_catalog
    from sqrt_tools.tools.definitions import parse_tools

    examples = load_catalog([str(EXAMPLE_TOOLS)])
    properties = {
        f"field_{index}": {"type": "string", "description": f"Field {index}."} for index in range(5)
    }
    generated = parse_tools(
        [
            {
                "name": f"generated_tool_{index:03d}",
                "description": "A generated tool.",
                "input_schema": {"type": "object", "properties": properties},
            }
            for index in range(count - len(examples.tools))
        ],
        source="generated.json",
    )
    return ToolCatalog((*examples.tools, *generated))


def measure(corpus: str, runs: int = 7) -> dict[str, float]:
    """Seconds (best of `runs`) to parse, build the model, lint with defaults, lint
    with every rule, and lint with defaults and the tool definitions. All are timed in
    turn within each round, so that load from other processes falls on all of them
    alike, and each starts after a collection."""
    from dataclasses import replace

    from sqrt_tools import parse
    from sqrt_tools.lint import LintSettings, lint_source
    from sqrt_tools.lint.selection import SELECTABLE
    from sqrt_tools.semantics import analyze

    every_rule = LintSettings(enabled=frozenset(SELECTABLE))
    with_tools = replace(LintSettings(), tools=tool_catalog())
    lint_source(corpus, every_rule)  # warm up: imports, regex caches
    lint_source(corpus, with_tools)
    parsed = parse(corpus)
    actions: dict[str, Callable[[], object]] = {
        "parse": lambda: parse(corpus),
        "model": lambda: analyze(parsed.program),
        "lint": lambda: lint_source(corpus),
        "lint_all": lambda: lint_source(corpus, every_rule),
        "lint_tools": lambda: lint_source(corpus, with_tools),
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
    tools_ratio = times["lint_tools"] / times["lint"]
    row(
        f"lint, {TOOL_COUNT} tool definitions",
        times["lint_tools"],
        f"{lines / times['lint_tools']:9,.0f} lines/s  {tools_ratio:5.2f}x lint without tools",
    )
    worst = times["lint_all"] / times["parse"]
    verdict = "met" if worst < RATIO_GOAL else "MISSED"
    print(f"goal: full lint < {RATIO_GOAL:.0f}x parse-only: {verdict} ({worst:.2f}x)")
    tools_verdict = "met" if tools_ratio < TOOLS_RATIO_GOAL else "MISSED"
    print(
        f"goal: lint with {TOOL_COUNT} tools < {TOOLS_RATIO_GOAL}x lint without: "
        f"{tools_verdict} ({tools_ratio:.2f}x)"
    )
    return 0 if worst < RATIO_GOAL and tools_ratio < TOOLS_RATIO_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
