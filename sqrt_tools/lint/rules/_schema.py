"""Can a value test's element ever match a parameter's JSON Schema?

`why_not(element, schema)` answers with the reason it cannot, or None when it can or
when the schema does not decide it. Decided: the JSON type (`type`, also through
`anyOf`/`oneOf`), `enum`/`const`, `minimum`/`maximum` (and their exclusive forms),
`minLength`/`maxLength`, `pattern` and a few `format`s for plain strings. A regex or
wildcard element against a `pattern` is not decided (two regexes may or may not share a
string); against an `enum` it is: no listed value matches.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqrt_tools.syntax import ast

Interval = tuple[float, bool, float, bool]  # low, low inclusive, high, high inclusive
_NUMERIC = frozenset({"number", "integer"})
_FORMATS = {
    # [ours] Formats we can decide for a literal; every other one is not checked.
    "email": lambda text: "@" in text,
    "uuid": lambda text: (
        re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", text) is not None
    ),
    "uri": lambda text: re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text) is not None,
    "date": lambda text: _parses(date.fromisoformat, text),
    "date-time": lambda text: _parses(datetime.fromisoformat, text),
}


def why_not(element: ast.Node, schema: dict[str, Any]) -> str | None:
    """Why no value of `element` can satisfy `schema`; None when one may."""
    types = json_types(schema)
    if isinstance(element, ast.StringLiteral) and element.kind != "d":
        if types is not None and "string" not in types:
            return f"it takes {_describe(types)}, not strings"
        if element.kind == "":
            return _string_reason(element.value, schema)
        if _enum(schema) is None:
            return None  # only an enum decides a pattern
        return _enum_reason(schema, _pattern_of(element))
    if isinstance(element, ast.NumberLiteral):
        return _number_reason(element, types, schema)
    if isinstance(element, ast.BoolLiteral | ast.BoolDomain):
        value = element.value if isinstance(element, ast.BoolLiteral) else element.value.value
        if types is not None and "boolean" not in types:
            return f"it takes {_describe(types)}, not booleans"
        enum = _enum(schema)
        if enum is not None and value not in [v for v in enum if isinstance(v, bool)]:
            return f"it is not one of its values ({_listed(enum)})"
        return None
    if isinstance(element, ast.NumberDomain):
        return _domain_reason(element, types, schema)
    if isinstance(element, ast.StrDomain):
        return _str_domain_reason(element, types, schema)
    if (
        isinstance(element, ast.DatetimeDomain)
        and types is not None
        and not types & {"string", *_NUMERIC}
    ):
        return f"it takes {_describe(types)}, not dates"
    return None


def json_types(schema: dict[str, Any]) -> frozenset[str] | None:
    """The JSON types a schema admits; None when it does not say."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return frozenset({kind})
    if isinstance(kind, list) and all(isinstance(k, str) for k in kind):
        return frozenset(kind)
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            found: set[str] = set()
            for option in options:
                sub = json_types(option) if isinstance(option, dict) else None
                if sub is None:
                    return None
                found |= sub
            return frozenset(found)
    return None


def _enum(schema: dict[str, Any]) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    enum = schema.get("enum")
    return enum if isinstance(enum, list) else None


def _string_reason(text: str, schema: dict[str, Any]) -> str | None:
    enum = _enum(schema)
    if enum is not None and text not in [v for v in enum if isinstance(v, str)]:
        return f"it is not one of its values ({_listed(enum)})"
    length = len(text)
    if not _within(length, _length_interval(schema)):
        return f"{length} characters is outside its length limits ({_length_text(schema)})"
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        compiled = _compile(pattern)
        # JSON Schema patterns are unanchored (search), unlike SQRT's full match.
        if compiled is not None and compiled.search(text) is None:
            return f"it does not match its pattern {json.dumps(pattern)}"
    check = _FORMATS.get(str(schema.get("format")))
    if check is not None and not check(text):
        return f"it is not a valid {schema['format']}"
    return None


def _enum_reason(schema: dict[str, Any], pattern: re.Pattern[str] | None) -> str | None:
    enum = _enum(schema)
    if enum is None or pattern is None:
        return None
    if any(isinstance(v, str) and pattern.fullmatch(v) for v in enum):
        return None
    return f"none of its values ({_listed(enum)}) matches"


def _number_reason(
    element: ast.NumberLiteral, types: frozenset[str] | None, schema: dict[str, Any]
) -> str | None:
    value = element.value
    if types is not None and not types & _NUMERIC:
        return f"it takes {_describe(types)}, not numbers"
    if types is not None and "number" not in types and not _is_whole(value):
        return "it takes whole numbers only"
    enum = _enum(schema)
    if enum is not None and not any(_is_number(v) and v == value for v in enum):
        return f"it is not one of its values ({_listed(enum)})"
    if not _within(value, _number_interval(schema)):
        return f"it is outside its range ({_range_text(schema)})"
    return None


def _domain_reason(
    element: ast.NumberDomain, types: frozenset[str] | None, schema: dict[str, Any]
) -> str | None:
    if types is not None and not types & _NUMERIC:
        return f"it takes {_describe(types)}, not numbers"
    domain = _range_interval(element.range)
    if domain is None:
        return None
    enum = _enum(schema)
    if enum is not None:
        numbers = [v for v in enum if _is_number(v)]
        if not any(
            _within(v, domain) and (element.kind == "float" or _is_whole(v)) for v in numbers
        ):
            return f"none of its values ({_listed(enum)}) lies in it"
        return None
    if _disjoint(domain, _number_interval(schema)):
        return f"its range ({_range_text(schema)}) holds none of these numbers"
    return None


def _str_domain_reason(
    element: ast.StrDomain, types: frozenset[str] | None, schema: dict[str, Any]
) -> str | None:
    if types is not None and "string" not in types:
        return f"it takes {_describe(types)}, not strings"
    if element.length is not None:
        lengths = _range_interval(element.length)
        if lengths is not None and _disjoint(lengths, _length_interval(schema)):
            return f"its length limits ({_length_text(schema)}) allow none of these lengths"
    if isinstance(element.pattern, ast.StringLiteral):
        return _string_reason(element.pattern.value, schema)
    if _enum(schema) is None:
        return None  # only an enum decides a pattern
    literal = element.pattern.literal
    pattern = _compile(
        literal.value if element.pattern.kind == "matching" else _wildcard(literal.value)
    )
    return _enum_reason(schema, pattern)


# --- numbers and intervals ------------------------------------------------------------


def _number_interval(schema: dict[str, Any]) -> Interval:
    low, low_in, high, high_in = -math.inf, True, math.inf, True
    minimum, maximum = _number(schema.get("minimum")), _number(schema.get("maximum"))
    if minimum is not None:
        low = minimum
        low_in = schema.get("exclusiveMinimum") is not True  # draft 4's boolean form
    if maximum is not None:
        high = maximum
        high_in = schema.get("exclusiveMaximum") is not True
    exclusive_low = _number(schema.get("exclusiveMinimum"))
    exclusive_high = _number(schema.get("exclusiveMaximum"))
    if exclusive_low is not None and exclusive_low >= low:
        low, low_in = exclusive_low, False
    if exclusive_high is not None and exclusive_high <= high:
        high, high_in = exclusive_high, False
    return (low, low_in, high, high_in)


def _length_interval(schema: dict[str, Any]) -> Interval:
    low, high = _number(schema.get("minLength")), _number(schema.get("maxLength"))
    return (low if low is not None else 0, True, high if high is not None else math.inf, True)


def _number(value: Any) -> float | None:
    return float(value) if _is_number(value) else None


def _range_interval(range_: ast.Range) -> Interval | None:
    def number(literal: ast.Literal | None, default: float) -> float | None:
        if literal is None:
            return default
        return literal.value if isinstance(literal, ast.NumberLiteral) else None

    low = number(range_.low, -math.inf)
    high = number(range_.high if range_.op is not None else range_.low, math.inf)
    if low is None or high is None:
        return None
    return (low, range_.low_inclusive, high, range_.high_inclusive)


def _within(value: float, interval: Interval) -> bool:
    low, low_in, high, high_in = interval
    above = value > low or (low_in and value == low)
    below = value < high or (high_in and value == high)
    return above and below


def _disjoint(first: Interval, second: Interval) -> bool:
    return _before(first, second) or _before(second, first)


def _before(first: Interval, second: Interval) -> bool:
    """True when every number of `first` lies below every number of `second`."""
    high, high_in = first[2], first[3]
    low, low_in = second[0], second[1]
    return high < low or (high == low and not (high_in and low_in))


# --- small helpers --------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_whole(value: float) -> bool:
    return not math.isinf(value) and float(value).is_integer()


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def _pattern_of(element: ast.StringLiteral) -> re.Pattern[str] | None:
    text = element.value
    return _compile(text if element.kind == "r" else _wildcard(text))


@lru_cache(maxsize=1024)
def _wildcard(text: str) -> str:
    # Imported here: importing the evaluator package loads all of it (and its regex
    # engine), which `sqrt check` without tool definitions must not pay for.
    from sqrt_tools.evaluate.decisions import wildcard_regex

    return wildcard_regex(text)


def _parses(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _describe(types: frozenset[str]) -> str:
    names = {"integer": "whole numbers", "number": "numbers", "string": "strings"}
    names |= {"boolean": "booleans", "array": "lists", "object": "objects", "null": "null"}
    return " or ".join(names.get(t, t) for t in sorted(types))


def _listed(values: list[Any], limit: int = 6) -> str:
    shown = ", ".join(json.dumps(v) for v in values[:limit])
    return shown + (", ..." if len(values) > limit else "")


def _range_text(schema: dict[str, Any]) -> str:
    low, low_in, high, high_in = _number_interval(schema)
    parts = []
    if not math.isinf(low):
        parts.append(f"{'>=' if low_in else '>'} {low:g}")
    if not math.isinf(high):
        parts.append(f"{'<=' if high_in else '<'} {high:g}")
    return ", ".join(parts)


def _length_text(schema: dict[str, Any]) -> str:
    parts = []
    if _is_number(schema.get("minLength")):
        parts.append(f"minLength {schema['minLength']}")
    if _is_number(schema.get("maxLength")):
        parts.append(f"maxLength {schema['maxLength']}")
    return ", ".join(parts)
