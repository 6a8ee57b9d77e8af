"""How fast `sqrt` starts, against Python alone and against importing typer.

Run: python bench/startup.py [--runs N]
Prints the median of N (default 20) cold runs, each a new process, of `sqrt --version`,
`sqrt check` on a one-line file and `sqrt fmt --check` on the same file, each as a
ratio to `python -c pass` and to `python -c "import typer"`. All five commands run in
turn within each round, so every ratio compares runs made under the same machine load.
Goal (issue 17): `sqrt check` on one file within 2.5x of importing typer alone.

A further reference row, "typer app, 10 options": a typer command with ten options that
does nothing. Typer builds a pydantic adapter for every option before it runs a
command, so this is the floor any typer command line stands on, shown so that the
share of the time that is ours can be read off.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECK_GOAL = 2.5  # `sqrt check one.sqrt` / `python -c "import typer"`

# A typer command with ten options of the kinds `sqrt check` has, and no work.
TYPER_APP = """
from enum import Enum
from pathlib import Path
from typing import Annotated
import typer
class Form(str, Enum):
    TEXT = "text"
    JSON = "json"
app = typer.Typer()
@app.callback()
def root() -> None: ...
@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument()],
    output_format: Form = Form.TEXT, fix: bool = False, select: str = "", ignore: str = "",
    quiet: bool = False, exit_zero: bool = False, tools: Annotated[list[str], typer.Option()] = [],
    stdin_filename: str = "", config: str = "",
) -> None: ...
app(["check", "one.sqrt"])
"""

POLICY = '/// Calls to send_email are denied.\ntool "send_email" {\n    must deny always;\n}\n'


def commands(policy: Path) -> dict[str, list[str]]:
    python = sys.executable
    # `python -m sqrt_tools` runs what the `sqrt` console script runs (cli.app.main).
    sqrt = [python, "-m", "sqrt_tools"]
    return {
        "python -c pass": [python, "-c", "pass"],
        "import typer": [python, "-c", "import typer"],
        "typer app, 10 options": [python, "-c", TYPER_APP],
        "sqrt --version": [*sqrt, "--version"],
        "sqrt check": [*sqrt, "check", str(policy)],
        "sqrt fmt --check": [*sqrt, "fmt", "--check", str(policy)],
    }


def medians(runs: int) -> dict[str, float]:
    # With byte code, as a user's installation has it: the warm-up run writes it even
    # where the environment says not to (PYTHONDONTWRITEBYTECODE).
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as directory:
        policy = Path(directory) / "one.sqrt"
        policy.write_text(POLICY, encoding="utf-8")
        to_run = commands(policy)
        for command in to_run.values():  # warm the byte-code cache, and check they work
            subprocess.run(command, check=True, capture_output=True, cwd=directory, env=environment)
        times: dict[str, list[float]] = {label: [] for label in to_run}
        for _ in range(runs):
            for label, command in to_run.items():
                start = time.perf_counter()
                subprocess.run(
                    command, check=True, capture_output=True, cwd=directory, env=environment
                )
                times[label].append(time.perf_counter() - start)
    return {label: statistics.median(samples) for label, samples in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs: int = parser.parse_args(argv).runs
    found = medians(runs)
    bare, typer = found["python -c pass"], found["import typer"]
    print(f"median of {runs} cold runs")
    print(f"{'command':<23}{'ms':>8}{'/ python':>10}{'/ typer':>9}")
    for label, seconds in found.items():
        print(f"{label:<23}{seconds * 1000:8.1f}{seconds / bare:9.2f}x{seconds / typer:8.2f}x")
    ratio = found["sqrt check"] / typer
    verdict = "meets" if ratio <= CHECK_GOAL else "MISSES"
    print(f"goal: sqrt check within {CHECK_GOAL}x of import typer: {ratio:.2f}x ({verdict})")
    return 0 if ratio <= CHECK_GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
