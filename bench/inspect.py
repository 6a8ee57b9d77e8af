"""`sqrt inspect` on many JSON Lines records: the text report against `--json`.

Run: python bench/inspect.py [--records N] [--runs R]
Writes N records (default 5,000; the issue measured 50,000) cycled from
examples/results/runs.jsonl, then runs `sqrt inspect FILE --color never` and
`sqrt inspect FILE --json` R times each (default 3), in turn, output to /dev/null, and
prints the best CPU time (user + system, of the child process: load from other
processes on the machine does not count) of each, and the ratio text / json measured
in this same run. Goal (issue 18): the text report within 3x of `--json`. Exits 1 when
the goal is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "examples" / "results" / "runs.jsonl"
RATIO_GOAL = 3.0


def write_records(count: int, directory: Path) -> Path:
    lines = [line for line in RECORDS.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = directory / "runs.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            out.write(lines[index % len(lines)] + "\n")
    return path


def cpu_seconds(command: list[str]) -> float:
    """CPU time of one run of `command` (its children's rusage before and after)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    sqrt = [sys.executable, "-m", "sqrt_tools", "inspect"]
    with tempfile.TemporaryDirectory() as directory:
        path = write_records(options.records, Path(directory))
        commands = {
            "text": [*sqrt, str(path), "--color", "never"],
            "json": [*sqrt, str(path), "--json"],
        }
        best = dict.fromkeys(commands, float("inf"))
        for _ in range(options.runs):
            for name, command in commands.items():
                best[name] = min(best[name], cpu_seconds(command))
    ratio = best["text"] / best["json"]
    print(
        f"records: {options.records:,} (examples/results/runs.jsonl cycled); best of {options.runs}"
    )
    for name in commands:
        per_record = best[name] / options.records * 1000
        print(f"{name:<6}{best[name]:9.2f} s CPU  {per_record:7.2f} ms per record")
    verdict = "met" if ratio <= RATIO_GOAL else "MISSED"
    print(f"text / json: {ratio:.2f}x; goal within {RATIO_GOAL:.0f}x: {verdict}")
    return 0 if ratio <= RATIO_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
