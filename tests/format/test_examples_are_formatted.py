"""The bundled examples are in the canonical layout, so they show what `sqrt fmt` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqrt_tools.format import format_source

EXAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("examples").glob("*.sqrt"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_example_is_already_formatted(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert format_source(source) == source, f"run `sqrt fmt {path.name}`"
