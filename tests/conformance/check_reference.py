"""Measure our test inputs against the reference checker.

Not a test: a tool for whoever tunes the generator. It reports

- whether every ``examples/*.sqrt`` file is accepted by the reference,
- the share of generated programs the reference accepts, unmutated and mutated
  (the generator aims at 95% or more, and at a 30-70% mix),
- the reference's time per program, and what a corpus costs,
- the valid/invalid mix of the hand-written edge cases.

Run from the repository root (the reference is the ``sequrity`` package of the
test extras)::

    python -m tests.conformance.check_reference --count 2000 --seed 0

Exit status 1 when an example is rejected or a rate is out of its band.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.conformance.edge_cases import EDGE_CASES
from tests.conformance.generator import corpus, generate_program, mutate

ROOT = Path(__file__).resolve().parents[2]


def _reference() -> Callable[[str], bool]:
    from sequrity.sqrt.parser import parse

    def valid(src: str) -> bool:
        return bool(parse(src).valid)

    valid("let a = {};")  # the first call builds the parser: keep it out of the timings
    return valid


def _timed(valid: Callable[[str], bool], programs: Sequence[str]) -> tuple[int, float]:
    start = time.perf_counter()
    accepted = sum(valid(p) for p in programs)
    return accepted, time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--count", type=int, default=1000, help="generated programs (default 1000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", type=int, default=0, help="also time corpus(seed, N)")
    args = ap.parse_args(argv)
    valid = _reference()
    ok = True

    examples = sorted((ROOT / "examples").glob("*.sqrt"))
    rejected = [p.name for p in examples if not valid(p.read_text(encoding="utf-8"))]
    print(f"examples: {len(examples) - len(rejected)}/{len(examples)} accepted")
    for name in rejected:
        print(f"  rejected: {name}")
    ok &= not rejected

    rng = random.Random(args.seed)
    programs = [generate_program(rng) for _ in range(args.count)]
    accepted, spent = _timed(valid, programs)
    rate = accepted / len(programs)
    chars = sum(map(len, programs)) / len(programs)
    lines = sum(p.count("\n") + 1 for p in programs) / len(programs)
    print(
        f"generated: {accepted}/{len(programs)} accepted ({rate:.1%}); "
        f"{spent / len(programs) * 1000:.2f} ms/program; "
        f"{chars:.0f} characters and {lines:.1f} lines on average"
    )
    ok &= rate >= 0.95

    mutants = [mutate(p, rng) for p in programs]
    accepted, spent = _timed(valid, mutants)
    rate = accepted / len(mutants)
    print(
        f"mutated:   {accepted}/{len(mutants)} accepted ({rate:.1%}); "
        f"{spent / len(mutants) * 1000:.2f} ms/program"
    )
    ok &= 0.3 <= rate <= 0.7

    accepted = sum(valid(src) for src in EDGE_CASES)
    print(f"edge cases: {accepted} accepted, {len(EDGE_CASES) - accepted} rejected")

    if args.corpus:
        items = corpus(args.seed, args.corpus)
        accepted, spent = _timed(valid, items)
        print(
            f"corpus({args.seed}, {args.corpus}): {accepted} accepted; "
            f"{spent:.1f} s in the reference, {spent / len(items) * 1000:.2f} ms/program"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
