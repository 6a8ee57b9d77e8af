"""Formatting twice equals formatting once, on every kind of input we have.

`format_source` itself proves each result is the same policy with the same comments
(it raises otherwise), so these tests also check the safety net never fires on valid
input: a formatter bug shows up here as an `UnsafeFormatError`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sqrt_tools import parse
from sqrt_tools.format import FormatOptions, SourceSyntaxError, format_source
from tests.format.programs import EXAMPLES, conformance_corpus, generated_with_comments

# Policy files kept by other test suites (the editor grammar's fixtures, ...).
TEST_FILES = sorted(Path(__file__).resolve().parents[1].rglob("*.sqrt"))

SEED = int(os.environ.get("SQRT_FUZZ_SEED", "20261121"))
GENERATED = 2_000
BATCHES = 4


def assert_idempotent(source: str, options: FormatOptions | None = None) -> None:
    once = format_source(source, options)
    twice = format_source(once, options)
    assert twice == once, f"not idempotent for:\n{source!r}\nfirst:\n{once}\nsecond:\n{twice}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_examples(path: Path) -> None:
    assert_idempotent(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_examples_with_canonical_spellings_and_a_narrow_width(path: Path) -> None:
    options = FormatOptions(line_width=40, enforcement="must", set_operators="keyword")
    assert_idempotent(path.read_text(encoding="utf-8"), options)


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda path: path.name)
def test_policy_files_of_the_test_suites(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    if parse(source).ok:
        assert_idempotent(source)
    else:
        with pytest.raises(SourceSyntaxError):
            format_source(source)


def test_conformance_corpus() -> None:
    sources = conformance_corpus()
    assert len(sources) > 600  # edge cases and generated programs that parse
    for source in sources:
        assert_idempotent(source)


@pytest.mark.parametrize("batch", range(BATCHES))
def test_generated_programs_with_comments_between_tokens(batch: int) -> None:
    size = GENERATED // BATCHES
    sources = list(generated_with_comments(SEED + batch, size))
    assert len(sources) == size
    assert sum("/*" in source or "//" in source for source in sources) > size * 0.9
    for source in sources:
        assert_idempotent(source)


def test_generated_programs_at_a_narrow_width() -> None:
    # At 30 columns nearly every chain and set breaks: the broken layouts must be
    # fixed points too.
    options = FormatOptions(line_width=30, enforcement="hard", set_operators="symbol")
    for source in generated_with_comments(SEED + 100, 300):
        assert_idempotent(source, options)
