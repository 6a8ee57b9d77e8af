"""Redaction speed: linear in the text, whatever the text holds.

Run: python bench/redact.py
`redact` runs on every message and on every draft the service returns (up to the 1 MB
a draft may have). For three kinds of text (a policy corpus from examples/, random
base64, and text dense with echoed keys), it prints the time per KiB at 64 KiB and at
1 MiB and the ratio between the two: a ratio near 1 means linear time (goal: within
1.5x). Both sizes run in this same process and moment, so the ratios hold anywhere.
"""

from __future__ import annotations

import base64
import functools
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import build_corpus

KEYS = ("sk-FAKE-SECRET-7f3a9c1e5b2d4f6a8c0e", "sk-or-v1-FAKE-LLM-2b9e4d71c0a5")


def best_of(runs: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def sized(text: str, size: int) -> str:
    return (text * (size // max(len(text), 1) + 1))[:size]


def main() -> None:
    from sqrt_tools.service.redact import redact

    generator = random.Random(18)
    shapes = {
        "policies": build_corpus(),
        "base64": base64.b64encode(generator.randbytes(3 * 2**18)).decode(),
        "echoed keys": " ".join(
            generator.choice([KEYS[0], KEYS[1].upper(), "\u200b".join(KEYS[0]), "text"])
            for _ in range(2000)
        ),
    }
    redact("warm up", KEYS)
    small, large = 64 * 1024, 1024 * 1024
    print(f"{'text':<14}{'64 KiB':>12}{'1 MiB':>12}{'ratio':>8}   (ms per KiB)")
    for name, text in shapes.items():
        per_kib = []
        for size in (small, large):
            sample = sized(text, size)
            per_kib.append(best_of(3, functools.partial(redact, sample, KEYS)) / (size / 1024))
        ratio = per_kib[1] / per_kib[0]
        print(f"{name:<14}{per_kib[0] * 1000:12.3f}{per_kib[1] * 1000:12.3f}{ratio:8.2f}")


if __name__ == "__main__":
    main()
