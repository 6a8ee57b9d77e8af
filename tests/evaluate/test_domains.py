"""Values against set elements and value domains: every element and domain form."""

from __future__ import annotations

import math

import pytest

from tests.evaluate.helpers import decide, meta


def member(elements: str, value: object, *, lets: str = "") -> bool:
    """Whether `x.value in ELEMENTS` holds for `value`, decided by a real policy."""
    source = f'{lets}\ntool "t" {{ must deny when x.value in {elements}; }}'
    return decide(source, "t", {"x": value}).verdict == "hard_denied"


@pytest.mark.parametrize(
    ("elements", "value", "inside"),
    [
        # plain strings: that exact string, nothing else
        ('{"a", "b"}', "a", True),
        ('{"a", "b"}', "A", False),
        ('{"5"}', 5, False),
        ('{"a"}', ["a"], False),
        ('{"a"}', None, False),
        # regexes match the whole value
        ('{r"ab+"}', "abbb", True),
        ('{r"ab+"}', "xabb", False),
        ('{r"ab+"}', "abbx", False),
        ('{r"^[0-9]{3}$"}', "123", True),
        ('{r"a\\.b"}', "a.b", True),
        ('{r"a\\.b"}', "axb", False),
        ('{r"a+"}', 5, False),
        # wildcards: * any run (also empty, also across /), ? exactly one character
        ('{w"*.txt"}', "notes.txt", True),
        ('{w"*.txt"}', ".txt", True),
        ('{w"*.txt"}', "notes.txt.bak", False),
        ('{w"/srv/*"}', "/srv/docs/a/b.md", True),
        ('{w"f?o"}', "foo", True),
        ('{w"f?o"}', "fo", False),
        ('{w"f?o"}', "fooo", False),
        ('{w"*@acme.com"}', "bob@acme.com.evil.example", False),
        ('{w"a.c"}', "abc", False),  # a dot is a dot, not "any character"
        ('{w"a\\*b"}', "a*b", True),  # a backslash makes the star literal
        ('{w"a\\*b"}', "axb", False),
        # numbers written in a set
        ("{1, 2.5}", 1, True),
        ("{1, 2.5}", 1.0, True),
        ("{1, 2.5}", 2.5, True),
        ("{1, 2.5}", 3, False),
        ("{1}", True, False),  # booleans are not numbers
        ("{1}", "1", False),
        # booleans
        ("{bool true}", True, True),
        ("{bool true}", False, False),
        ("{bool true}", 1, False),
        ("{bool false}", False, True),
        # the universal set holds every value; everything-but holds the rest
        ('{"*"}', "anything", True),
        ('{"*"}', 42, True),
        ('{"*"}', None, True),
        ('{"*"} - {"a"}', "b", True),
        ('{"*"} - {"a"}', "a", False),
        ('{"*"} - {str like w"*.exe"}', "setup.exe", False),
        ('{"*"} - {str like w"*.exe"}', "notes.txt", True),
        # with / without
        ('{"a"} with "b"', "b", True),
        ('{"a", "b"} without "a"', "a", False),
        ('{"a", "b"} without "a"', "b", True),
    ],
)
def test_set_elements(elements: str, value: object, inside: bool) -> None:
    assert member(elements, value) is inside


@pytest.mark.parametrize(
    ("domain", "inside", "outside"),
    [
        ("int 1..3", [1, 2, 3], [0, 4, 2.0, True, "2"]),
        ("int 1<..3", [2, 3], [1, 4]),
        ("int 1..<3", [1, 2], [3, 0]),
        ("int 1<..<3", [2], [1, 3]),
        ("int 5..", [5, 6, 10**15], [4]),
        ("int 5<..", [6], [5]),
        ("int ..5", [5, -(10**15)], [6]),
        ("int ..<5", [4], [5]),
        ("int 5", [5], [4, 6]),
        ("int -3<..<50", [-2, 49], [-3, 50]),
        ("float 0.01..500.0", [0.01, 500, 250.5], [0.0, 500.01, "3.0", False]),
        ("float 500.0<..<25000.0", [500.5, 24999.99], [500.0, 25000.0]),
        ("float -inf..<0.01", [-1e300, 0.0], [0.01, 1]),
        ("float 25000.0..inf", [25000, 1e300], [24999.9]),
        ("float -inf<..<inf", [0.0, -5, 1e308], ["x", None]),
        ("float -40.5..+inf", [-40.5, 100], [-41]),
        ('str "single"', ["single"], ["double", "Single", 1]),
        ('str matching r"^BK-[0-9]{6}$" length 9', ["BK-123456"], ["BK-1234567", "bk-123456"]),
        ('str like w"?*" length 1..80', ["a", "x" * 80], ["", "x" * 81, 5]),
        ('str like w"*" length ..<3', ["", "ab", "éé"], ["abc"]),
        ('str matching r"[a-z]+" length 2', ["ab"], ["a", "abc", "AB"]),
        ("bool true", [True], [False, "true", 1]),
    ],
)
def test_value_domains(domain: str, inside: list[object], outside: list[object]) -> None:
    for value in inside:
        assert member(f"{{{domain}}}", value), value
    for value in outside:
        assert not member(f"{{{domain}}}", value), value


@pytest.mark.parametrize(
    ("domain", "inside", "outside"),
    [
        (
            'datetime d"2025-01-06T00:00:00Z"..d"2025-12-19T23:59:59Z"',
            ["2025-06-01T12:00:00+02:00", "2025-01-06T00:00:00Z", 1750000000],
            ["2025-01-05T23:59:59Z", "2026-01-01", "not a date", True, None],
        ),
        (
            'datetime d"2025-12-19T23:59:59Z"<..',
            ["2025-12-20T00:00:00Z"],
            ["2025-12-19T23:59:59Z", "2025-12-20T00:59:59+01:00"],
        ),
        (
            'datetime ..<d"2025-03-01T00:00:00Z"',
            ["2025-02-28T23:59:59Z"],
            ["2025-03-01T00:00:00Z"],
        ),
        (
            'datetime ..d"2025-06-30T12:00:00+02:00"',
            ["2025-06-30T10:00:00Z", "2025-06-30T12:00:00+02:00"],
            ["2025-06-30T10:00:01Z"],
        ),
        (
            'datetime d"2025-07-01"..',
            ["2025-07-01T00:00:00Z", "2030-01-01"],
            ["2025-06-30T23:59:59Z"],
        ),
        (
            'datetime d"2025-04-01"<..<d"2025-07-01"',
            ["2025-05-01"],
            ["2025-04-01", "2025-07-01T00:00:00Z"],
        ),
        (
            'datetime d"2025-03-01"',  # one instant, whatever its zone is written as
            ["2025-03-01T00:00:00Z", "2025-03-01T01:00:00+01:00", "2025-03-01"],
            ["2025-03-01T00:00:01Z"],
        ),
        ("datetime 0", [0, 0.0, "1970-01-01T00:00:00Z"], [1, "1970-01-01T00:00:01Z"]),
        (
            'datetime "2023-01-01T00:00:00Z"',  # a plain string bound
            ["2023-01-01T00:00:00+00:00"],
            ["2023-01-02"],
        ),
        (
            'datetime d"2025-06-01T12:00:00Z"',  # a value without a zone is UTC
            ["2025-06-01T12:00:00"],
            ["2025-06-01T12:00:00+02:00"],
        ),
    ],
)
def test_datetime_ranges(domain: str, inside: list[object], outside: list[object]) -> None:
    for value in inside:
        assert member(f"{{{domain}}}", value), value
    for value in outside:
        assert not member(f"{{{domain}}}", value), value


def test_a_nan_value_lies_in_no_number_range() -> None:
    assert not member("{float -inf..inf}", math.nan)
    assert member("{float -inf..inf}", math.inf)  # the bounds are inclusive


def test_a_let_bound_domain_is_a_one_element_set() -> None:
    lets = 'let party_size = int 1..12;\nlet rooms = {str "single", str "double"};'
    assert member("party_size", 12, lets=lets)
    assert not member("party_size", 13, lets=lets)
    assert member('rooms | {"suite"}', "suite", lets=lets)


def test_a_missing_argument_is_in_no_set_and_has_default_metadata() -> None:
    source = 'tool "t" { must deny when x.value in {"*"}; must deny when x.tags is empty; }'
    decision = decide(source, "t", {})
    assert [rule.text for rule in decision.fired] == ["must deny when x.tags is empty"]
    negated = 'tool "t" { must deny when not x.value in {"a"}; }'
    assert decide(negated, "t", {}).verdict == "hard_denied"
    universal = 'tool "t" { must deny when x.consumers is universal; }'
    assert decide(universal, "t", {}).verdict == "hard_denied"


@pytest.mark.parametrize(
    ("condition", "args", "holds"),
    [
        ('x.value == "a"', {"x": "a"}, True),
        ('x.value == "a"', {"x": "b"}, False),
        ("x.value == 1", {"x": 1.0}, True),
        ("x.value == true", {"x": True}, True),
        ("x.value == true", {"x": 1}, False),
        ("x.value == y.value", {"x": [1, {"k": "v"}], "y": [1, {"k": "v"}]}, True),
        ("x.value == y.value", {"x": [1], "y": [True]}, False),
        ("x.value == y.value", {"x": {"a": 1}, "y": {"a": 1, "b": 2}}, False),
        ("x.value == y.value", {"x": None, "y": None}, True),
        ("x.value == y.value", {"x": None}, False),  # y is missing
        ('x.value == d"2025-01-01T00:00:00Z"', {"x": "2025-01-01T01:00:00+01:00"}, True),
        ('x.value == d"2025-01-01T00:00:00Z"', {"x": "2025-01-01"}, True),
        ('x.value == d"2025-01-01T00:00:00Z"', {"x": "soon"}, False),
        ('"a" == "a"', {}, True),
    ],
)
def test_value_equality(condition: str, args: dict[str, object], holds: bool) -> None:
    decision = decide(f'tool "t" {{ must deny when {condition}; }}', "t", args)
    assert (decision.verdict == "hard_denied") is holds


def test_values_in_metadata_sets_are_names() -> None:
    session = meta(tags=["attempt1", "5"])
    source = 'tool "t" { must deny when "attempt1" in @session.tags; }'
    assert decide(source, "t", session=session).verdict == "hard_denied"
    numbers = 'tool "t" { must deny when x.value in @session.tags; }'
    assert decide(numbers, "t", {"x": 5}, session=session).verdict == "default_allowed"
    assert decide(numbers, "t", {"x": "5"}, session=session).verdict == "hard_denied"
