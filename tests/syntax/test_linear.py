"""Parsing, linting and formatting do work linear in the input on pathological shapes.

No timing: the work is counted as Python lines executed inside `sqrt_tools` (a
deterministic count, the same on any machine). Each shape is run at a size and at four
times that size; linear work grows about 4x, quadratic work 16x. The shapes are the
ones `bench/parse.py` times (issue 18: `not` chains of 32k took 36 s, `sqrt check` did
not finish on 100k).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from bench import shapes
from sqrt_tools import FormatOptions, format_source, lint_source, parse
from sqrt_tools.syntax.spliced import Spliced, grow

PACKAGE = str(Path(__file__).resolve().parents[2] / "sqrt_tools")
GROWTH_LIMIT = 6.0  # for 4x the input: linear is 4, quadratic 16


def lines_executed(action: Callable[[], object]) -> int:
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(tracer)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


def growth(build: Callable[[int], str], size: int, surface: Callable[[str], object]) -> float:
    surface(build(size))  # warm caches (tables, compiled patterns) outside the count
    small = lines_executed(lambda: surface(build(size)))
    large = lines_executed(lambda: surface(build(4 * size)))
    return large / small


def format_text(text: str) -> object:
    return format_source(text, FormatOptions())


SHAPES = [
    pytest.param(shapes.not_chain, 300, id="not-chain"),
    pytest.param(shapes.not_nesting, 200, id="not-nesting"),
    pytest.param(shapes.parentheses, 200, id="parentheses"),
    pytest.param(shapes.and_chain, 100, id="and-chain"),
    pytest.param(shapes.or_chain, 150, id="or-chain"),
    pytest.param(shapes.union_chain, 100, id="union-chain"),
    pytest.param(shapes.declarations, 60, id="declarations"),
    pytest.param(shapes.members, 60, id="tool-members"),
    pytest.param(shapes.many_comments, 150, id="many-comments"),
    pytest.param(shapes.errors_one_line, 200, id="errors-on-one-line"),
    pytest.param(shapes.lone_cr_lines, 60, id="lone-cr-lines"),
]


@pytest.mark.parametrize(("build", "size"), SHAPES)
def test_parsing_work_grows_linearly(build: Callable[[int], str], size: int) -> None:
    assert growth(build, size, parse) < GROWTH_LIMIT


@pytest.mark.parametrize(("build", "size"), SHAPES[:4])
def test_linting_and_formatting_work_grows_linearly(build: Callable[[int], str], size: int) -> None:
    assert growth(build, size, lint_source) < GROWTH_LIMIT
    assert growth(build, size, format_text) < GROWTH_LIMIT


def test_twenty_thousand_nots_parse_to_one_nested_predicate() -> None:
    result = parse(shapes.not_chain(20_000))
    assert result.ok
    assert len(result.program.declarations) == 1


def test_a_list_rule_grows_its_list_in_place() -> None:
    # `{a, b, c, ...}`: copying the list at each element made 40k strings take 5.6 s.
    grown = grow(["a"])
    for index in range(1, 1_000):
        longer = grow([grown, ",", f"s{index}"])
        assert longer.items is grown.items
        grown = longer
    assert grown.as_list()[-1] == "s999"
    assert len(grown.as_list()) == 1 + 2 * 999


def test_forks_extending_the_same_list_do_not_see_each_other() -> None:
    shared = grow(["a"])
    first = grow([shared, ",", "b"])
    second = grow([shared, ",", "c"])
    assert shared.as_list() == ["a"]
    assert first.as_list() == ["a", ",", "b"]
    assert second.as_list() == ["a", ",", "c"]
    assert isinstance(grow([first, second]), Spliced)


def test_a_set_literal_of_forty_thousand_strings_keeps_every_element() -> None:
    result = parse(shapes.set_literal(40_000))
    assert result.ok
    (declaration,) = result.program.declarations
    assert len(declaration.value.elements) == 40_000  # type: ignore[attr-defined]
