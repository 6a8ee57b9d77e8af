"""Regular-expression matching bounded in time, for every match evaluation runs.

A policy's regexes meet values an LLM or a tool wrote (`sqrt inspect --policy` passes
every value of a run through them), and Python's `re` backtracks without limit:
`r"^(a+)+$"` against 30 `a`s and a `!` runs for tens of seconds, `^(.*?,){11}P`
against 40 commas for hours. So every match here runs under a time limit and raises
`RegexTimeout` when it is reached; what that means for the call is
`decisions.regex_timeout_verdict`.

The engine is the `regex` module (mrab-regex, maintained since 2010), in its
`VERSION0` mode, which is compatible with `re`, through its `timeout=` argument. We
chose it over a linear-time engine (RE2): RE2 would change which values match, since
its `\\d`, `\\w`, `\\s` and `\\b` are ASCII-only and it has no lookaround or
backreference, while the language's regexes are Python's ([ours], see
`decisions.regex_matches`). `regex` in `VERSION0` reads what `re` reads, with one
difference: inside a character class, `[:alpha:]` is a POSIX class to `regex` but the
characters `[`, `:`, `a`, ... to `re` (which warns: "Possible nested set"). Such a `[`
is escaped first, which changes nothing for `re`, so both engines read the same
pattern.

The limit costs five to ten times a plain `re` match, and most policy regexes cannot
backtrack catastrophically: where `regex_cost.linear_up_to` proves a match short (a
pattern with no quantifier over a choice, and an input short enough for its bound),
the match runs on `re` itself, without a limit; every other match keeps it.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import regex

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.regex_cost import linear_up_to

_NESTED_SET_AT = re.compile(r"Possible nested set at position (\d+)")


@dataclass(frozen=True, slots=True)
class RegexTimeout(Exception):
    """A match that did not finish within `decisions.REGEX_TIME_LIMIT_SECONDS`."""

    pattern: str  # as written in the policy: `r"^(a+)+$"`
    where: str  # `policy.sqrt:3:24`
    value: str
    seconds: float

    def __str__(self) -> str:
        return f"regex {self.pattern} at {self.where} took too long (over {self.seconds:g} s)"


class BoundedPattern:
    """A compiled regex whose `fullmatch` is bounded in time. Equal by pattern text."""

    __slots__ = ("_bounded", "_engine", "_plain", "flags", "pattern", "text", "where")

    def __init__(self, pattern: str, *, flags: int = 0, text: str, where: str) -> None:
        """`pattern` must already compile with `re` (the language's reference); `text`
        and `where` say what the policy wrote and where, for `RegexTimeout`."""
        self.pattern = pattern
        self.flags = flags
        self.text = text
        self.where = where
        engine_flags = regex.VERSION0 | (regex.DOTALL if flags & re.DOTALL else 0)
        self._engine = regex.compile(unambiguous(pattern), engine_flags)
        with warnings.catch_warnings():  # "Possible nested set": `unambiguous` handles it
            warnings.simplefilter("ignore", FutureWarning)
            self._plain = re.compile(pattern, flags & re.DOTALL)
        # Inputs up to this length match on `re` without a limit (-1: none do).
        self._bounded = linear_up_to(pattern, flags & re.DOTALL)

    def fullmatch(self, value: str) -> bool:
        """Whether the whole of `value` matches; `RegexTimeout` when that takes too long."""
        if len(value) <= self._bounded:  # proved short: see `regex_cost`
            return self._plain.fullmatch(value) is not None
        limit = decisions.REGEX_TIME_LIMIT_SECONDS
        try:
            return self._engine.fullmatch(value, timeout=limit) is not None
        except TimeoutError:
            raise RegexTimeout(self.text, self.where, value, limit) from None

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, BoundedPattern)
            and other.pattern == self.pattern
            and other.flags == self.flags
        )

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"BoundedPattern({self.pattern!r})"


def unambiguous(pattern: str) -> str:
    """`pattern` with every `[` inside a character class escaped that `re` reads as a
    literal and `regex` may read as the start of a POSIX class (`re` warns at each:
    "Possible nested set at position N"), so that the two engines mean the same."""
    if "[" not in pattern:
        return pattern
    for _ in range(len(pattern) + 1):
        re.purge()  # a cached pattern would not warn again
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            re.compile(pattern)
        positions = [
            int(found.group(1))
            for warning in caught
            if (found := _NESTED_SET_AT.search(str(warning.message))) is not None
        ]
        if not positions:
            return pattern
        position = positions[0]
        pattern = pattern[:position] + "\\" + pattern[position:]
    return pattern
