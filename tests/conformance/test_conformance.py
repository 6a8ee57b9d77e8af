"""Differential tests: our parser accepts exactly what the service's reference accepts.

The reference is the `sequrity` package's syntax checker (a test dependency, our
oracle). Any disagreement fails with the program printed, so it can be reproduced.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sequrity.sqrt.parser import parse as reference_parse

from sqrt_tools import parse
from tests.conformance.edge_cases import EDGE_CASES
from tests.conformance.generator import corpus

EXAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("examples").rglob("*.sqrt"))
# The run's seed can be changed to explore: SQRT_FUZZ_SEED=123 python -m pytest ...
SEED = int(os.environ.get("SQRT_FUZZ_SEED", "20261121"))
RANDOM_PROGRAMS = 5_000
BATCHES = 10


def disagreement(source: str) -> str | None:
    ours = parse(source).ok
    theirs = reference_parse(source).valid
    if ours == theirs:
        return None
    return f"ours={ours} reference={theirs} for program:\n{source!r}"


def test_examples_exist_and_are_enough() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_agree_and_are_valid(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert disagreement(source) is None
    assert parse(source).ok


@pytest.mark.parametrize("source", EDGE_CASES, ids=range(len(EDGE_CASES)))
def test_edge_cases_agree(source: str) -> None:
    assert disagreement(source) is None, disagreement(source)


def test_edge_cases_cover_both_verdicts() -> None:
    verdicts = {reference_parse(source).valid for source in EDGE_CASES}
    assert verdicts == {True, False}


@pytest.mark.parametrize("batch", range(BATCHES))
def test_random_programs_agree(batch: int) -> None:
    size = RANDOM_PROGRAMS // BATCHES
    programs = corpus(SEED + batch, size)
    assert len(programs) == size
    failures = [found for source in programs if (found := disagreement(source))]
    assert not failures, f"{len(failures)} disagreements; first:\n" + "\n\n".join(failures[:3])


def test_random_corpus_is_a_mix_of_valid_and_invalid() -> None:
    # A corpus of only-valid or only-invalid programs would test little.
    programs = corpus(SEED, 300)
    valid = sum(parse(source).ok for source in programs)
    assert 0.3 * len(programs) < valid < 0.9 * len(programs)
