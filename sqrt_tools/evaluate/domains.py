"""Set elements that match values: patterns, numbers and value domains.

A set written in a policy holds plain strings and these matchers. `V in SET` is true
when V equals a plain string element or a matcher accepts it. Matchers are hashable
by what they mean (two `int 1..3` elements are one element), so they take part in the
set algebra like strings, and each keeps its source text for when a set holding it is
read as metadata (see `decisions.pattern_metadata_name`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.bounded_regex import BoundedPattern


@dataclass(frozen=True, slots=True)
class NumberRange:
    """An interval of numbers (datetimes become epoch seconds); None is unbounded."""

    low: float | None
    low_inclusive: bool
    high: float | None
    high_inclusive: bool

    def __contains__(self, number: float) -> bool:
        if math.isnan(number):
            return False
        low, high = self.low, self.high
        if low is not None and (number < low or (number == low and not self.low_inclusive)):
            return False
        return high is None or not (number > high or (number == high and not self.high_inclusive))


class Matcher:
    """Base of every element that matches values; equal when `key`s are equal."""

    __slots__ = ("key", "text")

    def __init__(self, key: Hashable, text: str) -> None:
        self.key = key
        self.text = text  # as written in the policy, whitespace collapsed

    @property
    def name(self) -> str:
        """The element read as a metadata name."""
        return decisions.pattern_metadata_name(None, self.text)

    def matches(self, value: object) -> bool:
        raise NotImplementedError

    def fast(self) -> Callable[[object], bool]:
        """`matches` as a function, for a set compiled once and tested on every call:
        the same decision, with fewer calls where the element allows it."""
        return self.matches

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Matcher) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r})"


class RegexElement(Matcher):
    """`r"..."`: strings the regular expression matches (whole value)."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: BoundedPattern, text: str) -> None:
        super().__init__(("regex", pattern.pattern), text)
        self.pattern = pattern

    @property
    def name(self) -> str:
        return decisions.pattern_metadata_name(self.pattern.pattern, self.text)

    def matches(self, value: object) -> bool:
        return decisions.regex_matches(self.pattern, value)

    def fast(self) -> Callable[[object], bool]:
        return partial(decisions.regex_matches, self.pattern)


class WildcardElement(Matcher):
    """`w"..."`: strings the wildcard pattern matches (whole value)."""

    __slots__ = ("pattern", "wildcard")

    def __init__(self, wildcard: str, text: str, where: str = "<policy>") -> None:
        super().__init__(("wildcard", wildcard), text)
        self.wildcard = wildcard
        self.pattern = wildcard_pattern(wildcard, text, where)

    @property
    def name(self) -> str:
        return decisions.pattern_metadata_name(self.wildcard, self.text)

    def matches(self, value: object) -> bool:
        return decisions.wildcard_matches(self.pattern, value)

    def fast(self) -> Callable[[object], bool]:
        return partial(decisions.wildcard_matches, self.pattern)


def wildcard_pattern(wildcard: str, text: str, where: str) -> BoundedPattern:
    """The bounded regex of a `w"..."` pattern (`decisions.wildcard_regex`)."""
    return BoundedPattern(
        decisions.wildcard_regex(wildcard), flags=re.DOTALL, text=text, where=where
    )


class NumberElement(Matcher):
    """A number written in a set: `{1, 2.5}`."""

    __slots__ = ("number",)

    def __init__(self, number: float, text: str) -> None:
        super().__init__(("number", number), text)
        self.number = number

    def matches(self, value: object) -> bool:
        return decisions.number_element_matches(self.number, value)


class BoolDomain(Matcher):
    """`bool true` / `bool false`."""

    __slots__ = ("truth",)

    def __init__(self, truth: bool, text: str) -> None:
        super().__init__(("bool", truth), text)
        self.truth = truth

    def matches(self, value: object) -> bool:
        return type(value) is bool and value is self.truth


class NumberDomain(Matcher):
    """`int R` / `float R`."""

    __slots__ = ("integer", "range")

    def __init__(self, integer: bool, bounds: NumberRange, text: str) -> None:
        super().__init__(("int" if integer else "float", bounds), text)
        self.integer = integer
        self.range = bounds

    def matches(self, value: object) -> bool:
        if self.integer:
            return decisions.in_int_domain(value) and value in self.range  # type: ignore[operator]
        return decisions.in_float_domain(value) and value in self.range  # type: ignore[operator]


class StrDomain(Matcher):
    """`str "x"`, `str matching r"..."`, `str like w"..."`, each with `length R`."""

    __slots__ = ("exact", "length", "like", "pattern")

    def __init__(
        self,
        *,
        exact: str | None,
        pattern: BoundedPattern | None,
        like: bool,
        pattern_key: Hashable,
        length: NumberRange | None,
        text: str,
    ) -> None:
        super().__init__(("str", exact, pattern_key, length), text)
        self.exact = exact
        self.pattern = pattern  # from `matching r"..."`, or `like w"..."` when `like`
        self.like = like
        self.length = length

    def matches(self, value: object) -> bool:
        if type(value) is not str:
            return False
        if self.exact is not None and value != self.exact:
            return False
        pattern = self.pattern
        if pattern is not None:
            fits = decisions.wildcard_matches if self.like else decisions.regex_matches
            if not fits(pattern, value):
                return False
        return self.length is None or decisions.string_length(value) in self.length


class DatetimeDomain(Matcher):
    """`datetime D`: instants in a range of epoch seconds."""

    __slots__ = ("range",)

    def __init__(self, bounds: NumberRange, text: str) -> None:
        super().__init__(("datetime", bounds), text)
        self.range = bounds

    def matches(self, value: object) -> bool:
        instant = decisions.instant_of_value(value)
        return instant is not None and instant in self.range
