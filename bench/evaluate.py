"""Decisions per second of `sqrt_tools.evaluate` on a generated 200-rule policy.

Run: python bench/evaluate.py
Builds a policy of exactly 200 check rules (exact and regex tool ids, value domains,
regexes, wildcards, let sets, session tags, aggregates over arguments, `session
before` and `result` blocks) and 1,000 varied calls, then decides the calls in a loop:
- typical: calls spread over 25 tools, each call meeting the policies for its tool;
- worst case: every one of the 200 rules applies to every call;
- baseline: the same calls against a policy with no rules, measured in this run, so
  the cost of the rules themselves shows on any machine;
- reference: the worst case compiled with `optimize=False` (every rule its own
  closures, nothing shared), so the gain of the optimizations shows on any machine.
Times are the best of five rounds of process CPU time, so that a busy machine (other
processes on shared cores) disturbs the figures less than wall-clock time would.
Goal (issue 8): over 10,000 decisions per second for the 200-rule policy.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqrt_tools.evaluate import Call, PolicySet, evaluate, load_policy
from tests.evaluate.worst_case import RULES, TOOLS, generated_calls, generated_policy

GOAL = 10_000


def decisions_per_second(policy: PolicySet, calls: list[Call], rounds: int = 5) -> float:
    for call in calls[:50]:  # warm the per-tool cache outside the timing
        evaluate(policy, call)
    best = float("inf")
    for _ in range(rounds):
        # CPU time of this process: other work on the machine does not count against it.
        start = time.process_time()
        for call in calls:
            evaluate(policy, call)
        best = min(best, time.process_time() - start)
    return len(calls) / best


def rules_met(policy: PolicySet, calls: list[Call]) -> float:
    met = sum(len(p.rules) for call in calls for p in policy.applying(call.tool))
    return met / len(calls)


def main() -> None:
    calls = generated_calls()
    baseline_policy = load_policy('tool "no_such_tool" { must deny always; }')
    baseline = decisions_per_second(baseline_policy, calls)
    print(f"calls: {len(calls)} over {TOOLS} tools; policy: {RULES} check rules")
    print(f"baseline (no rule applies): {baseline:10,.0f} decisions/s")
    speeds: dict[str, float] = {}
    for label, every in (("typical", False), ("worst case", True)):
        source = generated_policy(every)
        start = time.perf_counter()
        policy = load_policy(source, "generated.sqrt")
        compile_ms = (time.perf_counter() - start) * 1000
        speed = speeds[label] = decisions_per_second(policy, calls)
        verdict = "meets" if speed >= GOAL else "MISSES"
        print(
            f"{label + ':':<12}{speed:10,.0f} decisions/s, {rules_met(policy, calls):5.1f} rules "
            f"per call, compiled in {compile_ms:.0f} ms; {speed / baseline:.2f}x the baseline; "
            f"{speed / GOAL:.2f}x the goal of {GOAL:,}/s ({verdict})"
        )
    reference = load_policy(generated_policy(True), "generated.sqrt", optimize=False)
    unoptimized = decisions_per_second(reference, calls)
    gain = speeds["worst case"] / unoptimized
    print(
        f"{'reference:':<12}{unoptimized:10,.0f} decisions/s, the worst case compiled with "
        f"optimize=False; the optimized worst case is {gain:.2f}x that"
    )


if __name__ == "__main__":
    main()
