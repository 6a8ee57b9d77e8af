"""Compile set elements and value domains: regexes, wildcards, numbers, datetimes.

Each is parsed once, when the policy is compiled; a regex or datetime that does not
parse is a `CompileError` at its location.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable

import regex as regex_engine

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.bounded_regex import BoundedPattern
from sqrt_tools.evaluate.domains import (
    BoolDomain,
    DatetimeDomain,
    Matcher,
    NumberDomain,
    NumberElement,
    NumberRange,
    RegexElement,
    StrDomain,
    WildcardElement,
    wildcard_pattern,
)
from sqrt_tools.evaluate.errors import CompileError, SourceText, collapse
from sqrt_tools.syntax import ast

DOMAIN_NODES = (ast.BoolDomain, ast.NumberDomain, ast.StrDomain, ast.DatetimeDomain)

_DATETIME_EXAMPLES = '"2025-01-31", "2025-01-31T09:00:00Z" or "2025-01-31T09:00:00+02:00"'


class ElementCompiler:
    def __init__(self, text: SourceText, path: str = "<policy>") -> None:
        self.text = text
        self.path = path  # where a regex that runs out of time is said to be

    def _where(self, node: ast.Node) -> str:
        return f"{self.path}:{node.span.line}:{node.span.column}"

    def element(self, node: ast.Node) -> Hashable:
        """A set element: a plain string, or a `Matcher` for everything else."""
        if isinstance(node, ast.StringLiteral):
            if node.kind == "r":
                return RegexElement(self.regex(node), self.text(node))
            if node.kind == "w":
                return WildcardElement(node.value, self.text(node), self._where(node))
            if node.kind == "d":
                single = ast.Range(node, None, None, span=node.span)
                return DatetimeDomain(self._datetime_range(single), self.text(node))
            return node.value
        if isinstance(node, ast.NumberLiteral):
            return NumberElement(node.value, node.raw)
        if isinstance(node, DOMAIN_NODES):
            return self.domain(node)
        raise CompileError(node.span, "expected a set element")

    def domain(self, node: ast.Node) -> Matcher:
        text = self.text(node)
        if isinstance(node, ast.BoolDomain):
            return BoolDomain(node.value.value, text)
        if isinstance(node, ast.NumberDomain):
            return NumberDomain(node.kind == "int", self._number_range(node.range), text)
        if isinstance(node, ast.StrDomain):
            length = None if node.length is None else self._number_range(node.length)
            pattern = node.pattern
            if isinstance(pattern, ast.StringLiteral):
                return StrDomain(
                    exact=pattern.value,
                    pattern=None,
                    like=False,
                    pattern_key=None,
                    length=length,
                    text=text,
                )
            if pattern.kind == "matching":
                regex = self.regex(pattern.literal)
                key: Hashable = ("matching", regex.pattern)
            else:
                wildcard = pattern.literal.value
                regex = wildcard_pattern(
                    wildcard, self.text(pattern.literal), self._where(pattern.literal)
                )
                key = ("like", wildcard)
            return StrDomain(
                exact=None,
                pattern=regex,
                like=pattern.kind == "like",
                pattern_key=key,
                length=length,
                text=text,
            )
        if isinstance(node, ast.DatetimeDomain):
            return DatetimeDomain(self._datetime_range(node.range), text)
        raise CompileError(node.span, "expected a value domain")

    def regex(self, literal: ast.StringLiteral) -> BoundedPattern:
        """The regex of `literal`, checked by `re` (the language's regexes are Python's)
        and matched by the time-bounded engine."""
        try:
            re.compile(literal.value)
            return BoundedPattern(
                literal.value, text=collapse(literal.raw), where=self._where(literal)
            )
        except (re.error, regex_engine.error, OverflowError, RecursionError) as error:
            raise CompileError(
                literal.span, f"invalid regular expression {collapse(literal.raw)}: {error}"
            ) from None

    def _number_range(self, node: ast.Range) -> NumberRange:
        def bound(literal: ast.Literal | None) -> float | None:
            if literal is None:
                return None
            if isinstance(literal, ast.NumberLiteral):
                return literal.value
            raise CompileError(literal.span, "expected a number")

        return _range(node, bound)

    def _datetime_range(self, node: ast.Range) -> NumberRange:
        def bound(literal: ast.Literal | None) -> float | None:
            if literal is None:
                return None
            if isinstance(literal, ast.NumberLiteral):
                return float(literal.value)
            if isinstance(literal, ast.StringLiteral):
                instant = decisions.instant_of_text(literal.value)
                if instant is None:
                    raise CompileError(
                        literal.span,
                        f"invalid datetime {collapse(literal.raw)}: expected ISO-8601 such as "
                        + _DATETIME_EXAMPLES,
                    )
                return instant
            raise CompileError(literal.span, "expected a datetime")

        return _range(node, bound)


def _range(node: ast.Range, bound: Callable[[ast.Literal | None], float | None]) -> NumberRange:
    low, high = bound(node.low), bound(node.high)
    if node.op is None:  # a single value: exactly that
        return NumberRange(low, True, low, True)
    return NumberRange(low, node.low_inclusive, high, node.high_inclusive)
