"""Plan analysis: the time for a 500-line generated plan, and recorded runs replayed per
second.

Run: python bench/plan.py
- plan: a generated 500-line program (tool calls with literal and computed arguments,
  f-strings, dicts and lists, subscripts, method calls that mutate, comprehensions,
  `if`/`else`, `for` loops with tool calls inside, `and`/`or` guards) analysed under a
  policy with value tests, metadata tests and result and session blocks;
- replay: 1,000 recorded runs (the example runs of `examples/results`, decoded from
  their wire forms each time) replayed in one process under a new policy;
- baseline: Python's own `ast.parse` of the same program, and decoding the same 1,000
  runs without replaying them, measured in this run, so that the cost of the analysis
  itself shows on any machine.
Times are the best of five rounds of process CPU time (other work on shared cores
counts less than in wall-clock time).
Goals (issue 15): under 1 s for the 500-line plan; 100 runs per second or more.
"""

from __future__ import annotations

import ast
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqrt_tools.analysis import analyse_program  # noqa: E402
from sqrt_tools.analysis.replay import ReplaySummary, replay_document  # noqa: E402
from sqrt_tools.evaluate import load_policy  # noqa: E402
from sqrt_tools.results import DecodedResult, decode  # noqa: E402

PLAN_LINES = 500
RUNS = 1_000
PLAN_GOAL_SECONDS = 1.0
REPLAY_GOAL = 100

POLICY = """\
let trusted = {str like w"*@acme-corp.com"};
tool r"^fetch_[0-9]+$" -> @tags |= {"untrusted"};
tool r"^read_[0-9]+$" {
    result { @tags |= {"internal"}; @consumers = {"alice", "bob"}; }
}
tool r"^send_[0-9]+$" {
    session before { @tags |= {"sent"}; }
    must deny when body.tags overlaps {"internal"} and not to.value in trusted;
    should deny when @args.tags overlaps {"untrusted"};
    should allow when to.value in trusted;
}
tool "parse_with_ai" {
    should allow when not "__llm_blocked" in data.tags;
}
"""

# Blocks of statements, each a function of a number so that names and constants differ.
BLOCKS: list[Callable[[int], list[str]]] = [
    lambda n: [
        f'doc_{n} = read_{n % 7}(path="reports/{n}.pdf")',
        f'page_{n} = fetch_{n % 5}(url=f"https://site.example/{{doc_{n}}}")',
    ],
    lambda n: [
        f"summary_{n} = parse_with_ai("
        f'query="sum up", data=page_{n - 1}, output_schema={{"a": "str"}})',
        f'box_{n} = {{"body": summary_{n}, "to": "team{n}@acme-corp.com", "n": {n}}}',
        f'send_{n % 3}(to=box_{n}["to"], body=box_{n}["body"])',
    ],
    lambda n: [
        f"items_{n} = []",
        f"for row in doc_{n - 2}:",
        f'    items_{n}.append(row["x"])',
        '    if row["y"] and "z" in row:',
        f'        send_{n % 3}(to=row["to"], body=f"{{row}}")',
        f"count_{n} = len(items_{n}) + {n}",
    ],
    lambda n: [
        f"picked_{n} = [x for x in doc_{n - 3} if x != 'skip']",
        f"text_{n} = ', '.join(picked_{n}).strip()",
        f"if count_{n - 1} > 3 or text_{n}:",
        f'    send_{n % 3}(to="boss@acme-corp.com", body=text_{n})',
        "else:",
        f'    send_{n % 3}(to="x{n}@elsewhere.example", body="nothing")',
    ],
]


def generated_plan(lines: int = PLAN_LINES) -> str:
    out: list[str] = []
    number = 3
    while True:
        group = [line for block in BLOCKS for line in block(number)]
        if len(out) + len(group) > lines:
            break
        out.extend(group)
        number += 4
    # Whole blocks only (a cut `for` would not parse); simple lines make up the rest.
    out.extend(f"pad_{index} = count_{number - 3} + {index}" for index in range(lines - len(out)))
    return "\n".join(out) + "\n"


def best_of(work: Callable[[], object], rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def recorded_runs() -> list[bytes]:
    """The example runs that carry a program and a policy check history, repeated."""
    runs: list[bytes] = []
    for path in sorted((ROOT / "examples" / "results").glob("*")):
        if path.is_file() and path.suffix in (".json", ".http", ".sse"):
            try:
                decoded = decode(path.read_bytes(), source=path.name)
            except Exception:  # a malformed example is not a run to replay
                continue
            document = decoded.document
            if document is not None and document.program and document.policy_check_history:
                runs.append(path.read_bytes())
    return [runs[index % len(runs)] for index in range(RUNS)]


def main() -> None:
    policy = load_policy(POLICY, "bench.sqrt")
    program = generated_plan()
    analysis = analyse_program(program, policy)
    assert len(program.splitlines()) == PLAN_LINES and analysis.parse_error is None
    plan_seconds = best_of(lambda: analyse_program(program, policy))
    parse_seconds = best_of(lambda: ast.parse(program))
    print(
        f"plan: {PLAN_LINES} lines, {len(analysis.calls)} tool calls, "
        f"{len(analysis.control_flow)} conditions, {len(analysis.loops)} loops"
    )
    print(f"  analysis     {plan_seconds * 1000:8.1f} ms   (goal under {PLAN_GOAL_SECONDS:g} s)")
    print(
        f"  ast.parse    {parse_seconds * 1000:8.1f} ms   "
        f"(analysis = {plan_seconds / parse_seconds:.0f}x parsing)"
    )

    runs = recorded_runs()
    new_policy = load_policy(
        'tool "send_email" { must deny when body.tags overlaps {"confidential"}; }\n'
        'tool "parse_with_ai" { should allow when not "__llm_blocked" in data.tags; }\n',
        "new.sqrt",
    )

    def replay_all() -> ReplaySummary:
        summary = ReplaySummary()
        for data in runs:
            decoded = decode(data)
            assert isinstance(decoded, DecodedResult) and decoded.document is not None
            summary.add(replay_document(decoded.document, new_policy, "run"))
        return summary

    def decode_all() -> None:
        for data in runs:
            decode(data)

    summary = replay_all()
    replay_seconds = best_of(replay_all, rounds=3)
    decode_seconds = best_of(decode_all, rounds=3)
    rate = RUNS / replay_seconds
    print(
        f"replay: {RUNS} recorded runs, {summary.calls} recorded calls, {summary.changed} changed"
    )
    print(f"  replay       {rate:8.0f} runs/s  (goal {REPLAY_GOAL} runs/s or better)")
    print(
        f"  decode only  {RUNS / decode_seconds:8.0f} runs/s  "
        f"(replay = {replay_seconds / decode_seconds:.1f}x decoding)"
    )
    met = plan_seconds < PLAN_GOAL_SECONDS and rate >= REPLAY_GOAL
    print("goals met" if met else "GOALS NOT MET")


if __name__ == "__main__":
    main()
