"""Policies that cannot be evaluated are refused with located errors, never a crash."""

from __future__ import annotations

import pytest

from sqrt_tools import parse
from sqrt_tools.evaluate import PolicyError, Verdict, load_policy
from tests.evaluate.helpers import arg, decide


def problems(source: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policy(source, "p.sqrt")
    return caught.value.lines()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            'tool "t" { must deny when x.value in {r"(unclosed"}; }',
            'p.sqrt:1:39: invalid regular expression r"(unclosed": missing ), unterminated '
            "subpattern at position 0",
        ),
        (
            'tool "t" { must deny when x.value in {str matching r"[a-"}; }',
            'p.sqrt:1:52: invalid regular expression r"[a-": unterminated character set at '
            "position 0",
        ),
        (
            'tool r"^(send" { must deny always; }',
            'p.sqrt:1:6: invalid regular expression r"^(send": missing ), unterminated '
            "subpattern at position 1",
        ),
        (
            'tool "t" { must deny when x.value in {datetime d"2025-13-01"}; }',
            'p.sqrt:1:48: invalid datetime d"2025-13-01": expected ISO-8601 such as '
            '"2025-01-31", "2025-01-31T09:00:00Z" or "2025-01-31T09:00:00+02:00"',
        ),
        (
            'let window = datetime "tomorrow";\ntool "t" { must deny when x.value in window; }',
            'p.sqrt:1:23: invalid datetime "tomorrow": expected ISO-8601 such as '
            '"2025-01-31", "2025-01-31T09:00:00Z" or "2025-01-31T09:00:00+02:00"',
        ),
        (
            'tool "t" { must deny when x.value in undefined; }',
            "p.sqrt:1:38: `undefined` is not defined: add `let undefined = ...;`",
        ),
        (
            'tool "t" { must deny when x.value in later; }\nlet later = {"a"};',
            "p.sqrt:1:38: `later` is used before it is defined (its `let` is on line 2); "
            "move the `let` above its first use",
        ),
        (
            'let s = {"a"};\ntool "t" { must deny when s; }',
            "p.sqrt:2:27: `s` is a set (line 1), but a predicate is needed here",
        ),
        (
            'let p = x.tags is empty;\ntool "t" { must deny when y.tags overlaps p; }',
            "p.sqrt:2:43: `p` is a predicate (line 1), but a set is needed here",
        ),
        (
            'tool "t" { must deny when @tags overlaps {"x"}; }',
            "p.sqrt:1:27: `@tags` has no subject in a check rule: write `@session.tags` or "
            "an argument's `ARG.tags`",
        ),
        (
            'tool "t" { session before { @result.tags |= {"x"}; } }',
            "p.sqrt:1:29: `@result.tags` cannot be updated in a session before block: the "
            "tool has not run yet, so there is no result",
        ),
    ],
)
def test_each_problem_is_reported_with_its_location(source: str, expected: str) -> None:
    assert problems(source) == [expected]


def test_every_problem_is_reported_not_only_the_first() -> None:
    source = """
    tool "a" { must deny when x.value in {r"("}; must deny when y.value in nope; }
    tool "b" { result { @tags |= {datetime d"never"}; } }
    """
    lines = problems(source)
    assert len(lines) == 3
    assert [line.split(":")[1] for line in lines] == ["2", "2", "3"]
    with pytest.raises(PolicyError) as caught:
        load_policy(source, "p.sqrt")
    assert str(caught.value).endswith("(and 2 more problems)")


def test_a_let_with_a_problem_is_reported_once_however_often_it_is_used() -> None:
    source = 'let bad = {r"("};\ntool "a" { must deny when x.value in bad; }\n'
    source += 'tool "b" { must deny when y.value in bad; }'
    assert len(problems(source)) == 1


def test_syntax_errors_are_refused_with_the_parser_message() -> None:
    source = 'tool "t" { must deny when }'
    (diagnostic,) = parse(source).diagnostics
    assert problems(source) == [f"p.sqrt:1:27: {diagnostic.message}"]


def test_long_chains_of_one_operator_evaluate_without_recursion() -> None:
    names = [f"x{i}" for i in range(3000)]
    either = " or ".join(f'{name}.value == "hit"' for name in names)
    source = f'tool "t" {{ must deny when {either}; }}'
    assert decide(source, "t", {"x2999": "hit"}).verdict is Verdict.HARD_DENIED
    assert decide(source, "t", {"x1": "miss"}).verdict is Verdict.DEFAULT_ALLOWED
    union = " | ".join(f'{{"{name}"}}' for name in names)
    sets = f'tool "t" {{ must deny when x.tags overlaps {union} - {{"x1"}}; }}'
    assert decide(sets, "t", {"x": arg(1, tags=["x2000"])}).verdict is Verdict.HARD_DENIED
    assert decide(sets, "t", {"x": arg(1, tags=["x1"])}).verdict is Verdict.DEFAULT_ALLOWED


def test_deep_parentheses_and_negations_evaluate() -> None:
    deep = "(" * 3000 + 'x.value == "a"' + ")" * 3000
    assert decide(f'tool "t" {{ must deny when {deep}; }}', "t", {"x": "a"}).allowed is False
    nots = "not " * 3001 + 'x.value == "a"'
    assert decide(f'tool "t" {{ must deny when {nots}; }}', "t", {"x": "b"}).allowed is False


def test_deeply_alternating_nesting_is_refused_with_a_location_not_a_crash() -> None:
    condition = 'x.value == "a"'
    for depth in range(2000):
        operator = "and" if depth % 2 else "or"
        condition = f'y{depth}.value == "b" {operator} ({condition})'
    lines = problems(f'tool "t" {{ must deny when {condition}; }}')
    assert len(lines) == 1 and "nested more than 120 levels deep" in lines[0]
    assert lines[0].startswith("p.sqrt:1:")
