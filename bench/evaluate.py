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

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqrt_tools.evaluate import Argument, Call, Meta, PolicySet, evaluate, load_policy
from sqrt_tools.sets import UNIVERSAL, ElementSet

GOAL = 10_000
RULES = 200
TOOLS = 25
CALLS = 1_000

LETS = """\
let sensitive = {"confidential", "pii", "secret", "internal_use"};
let trusted = {str like w"*@acme-corp.com", str like w"*@eu.acme-corp.com"};
let sizes = int 1..12;
let window = datetime d"2025-01-01T00:00:00Z"..<d"2026-01-01T00:00:00Z";
let ids = {str matching r"^[A-Z]{2}-[0-9]{4,8}$" length 7..11};
let risky = ({"untrusted", "web"} | {"__llm_blocked"}) - {"reviewed"};
"""

# Eight rule shapes, each a function of a number so that constants differ.
SHAPES: list[Callable[[int], str]] = [
    lambda n: (
        f'must deny when body.tags overlaps sensitive with "l{n}" and not to.value in trusted;'
    ),
    lambda n: f"must deny when amount.value in {{float {n * 10}.5..inf}};",
    lambda n: f"should deny when not count.value in sizes or count.value == {n};",
    lambda n: f'should allow when ref.value in ids and "step{n % 5}" in @session.tags;',
    lambda n: f'hard deny when @args.tags overlaps risky with "f{n}" and at.value in window;',
    lambda n: f'soft deny when union of producers from args overlaps {{"web", "src{n}"}};',
    lambda n: f'must deny when to.value in {{w"*@evil{n}.example", r"^spam[0-9]+@.*$"}};',
    lambda n: (
        f"should deny when body.consumers is empty or not body.producers subset of "
        f'{{"crm", "ledger", "src{n}"}};'
    ),
]


def generated_policy(every_rule_applies: bool) -> str:
    """200 rules in policies of eight: 20 exact tool ids and 5 regex ids."""
    lines = [LETS]
    rule = 0
    for index in range(RULES // 8):
        if every_rule_applies:
            tool_id = 'r"^tool_[0-9]+$"'
        elif index < 20:
            tool_id = f'"tool_{index}"'
        else:
            tool_id = f'r"^tool_[0-9]*[{index % 5}{(index + 5) % 10}]$"'
        body = [f"    priority {index};"]
        if index % 4 == 0:
            body.append('    session before { when "step1" in @tags { @tags |= {"step2"}; } }')
            body.append('    result { @tags |= {"seen"}; @consumers &= to.consumers; }')
        for shape in SHAPES:
            body.append("    " + shape(rule))
            rule += 1
        lines.append(f"tool {tool_id} {{\n" + "\n".join(body) + "\n}")
    assert rule == RULES
    return "\n".join(lines)


def generated_calls(seed: int = 8) -> list[Call]:
    rng = random.Random(seed)
    tags = ["confidential", "untrusted", "reviewed", "web", "public", "pii"]
    producers = ["crm", "ledger", "web", "src3", "mail"]
    calls = []
    for _ in range(CALLS):
        meta = Meta(
            ElementSet(rng.sample(tags, rng.randint(0, 2))),
            ElementSet(rng.sample(producers, rng.randint(0, 2))),
            UNIVERSAL if rng.random() < 0.7 else ElementSet(["bob", "carol"]),
        )
        args = {
            "body": Argument("text", meta),
            "to": Argument(rng.choice(["bob@acme-corp.com", "eve@evil3.example", "x@y.z"])),
            "amount": Argument(rng.uniform(0, 3000)),
            "count": Argument(rng.randint(0, 20)),
            "ref": Argument(rng.choice(["AB-12345", "nope", "CD-99999999"])),
            "at": Argument(rng.choice(["2025-06-01T10:00:00Z", "2024-01-01", 1767225600])),
        }
        session = Meta(ElementSet(rng.sample(["step1", "step2", "step3"], rng.randint(0, 2))))
        calls.append(Call(f"tool_{rng.randrange(TOOLS)}", args, session))
    return calls


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
