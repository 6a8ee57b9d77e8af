"""Which regexes cannot backtrack catastrophically, and up to what input length.

`bounded_regex` runs every match under a time limit, and the `regex` module's
`timeout=` costs five to ten times a plain `re` match (it was most of the evaluation
time of the 200-rule worst case). The limit only matters where a match can run long.
This module bounds the work of Python's backtracking engine from the parsed pattern, so
that a match proved short runs on `re` (the language's own engine, [ours] in
`decisions.regex_matches`) and every other match keeps the fail-closed limit.

The bound. A backtracking match explores at most one path per choice of repetition
counts and alternatives, and each path costs at most one pass over the pattern. A
quantifier whose body is a fixed run of single characters (`.*`, `[a-z]+`, `(ab)*`)
chooses among at most n + 1 counts on an input of n characters; an alternation chooses
among its alternatives. So a pattern built only of such parts, with k variable
quantifiers and c paths through its alternations, does at most
c * (n + 1) ** k * (len(pattern) + 1) + n steps. A quantifier over anything else (a
nested quantifier, an alternation: `(a+)+`, `(a|a)*`, `(.*?,){11}`), a backreference, a
lookaround, an atomic group or a possessive quantifier is not bounded here: those
patterns always keep the time limit.
"""

from __future__ import annotations

import sys
import warnings
from importlib import import_module
from typing import Any

# The standard library's regex parser is private; reached through `Any`, and any
# failure to read its tree counts as "not bounded" (the time limit stays).
_sre: Any = import_module("re._parser")
_const: Any = import_module("re._constants")

# [ours] Steps of `re` allowed without a time limit: at the tens of nanoseconds a step
# of `re`'s C engine costs, a few hundredths of a second, far under
# `decisions.REGEX_TIME_LIMIT_SECONDS`.
STEP_BUDGET = 1_000_000

_SINGLE_CHARACTER = frozenset({"LITERAL", "NOT_LITERAL", "ANY", "IN", "CATEGORY"})


class _Unbounded(Exception):
    """The pattern has a part this analysis does not bound."""


def linear_up_to(pattern: str, flags: int = 0) -> int:
    """The longest input (in characters) on which `re` matching `pattern` provably
    stays within `STEP_BUDGET` steps; -1 when no bound is proved (always keep the
    time limit)."""
    try:
        with warnings.catch_warnings():  # "Possible nested set": `bounded_regex` handles it
            warnings.simplefilter("ignore", FutureWarning)
            tree = list(_sre.parse(pattern, flags))
        quantifiers, paths = _shape(tree)
    except _Unbounded:
        return -1
    except Exception:  # a changed private parser must fail closed
        return -1
    per_path = paths * (len(pattern) + 1)
    if per_path > STEP_BUDGET:
        return -1
    if quantifiers == 0:
        return sys.maxsize  # a fixed number of paths, each one pass: linear in the input
    longest = int((STEP_BUDGET / per_path) ** (1 / quantifiers))
    while longest >= 0 and per_path * (longest + 1) ** quantifiers + longest > STEP_BUDGET:
        longest -= 1
    return longest


def _shape(items: list[tuple[Any, Any]]) -> tuple[int, int]:
    """(variable quantifiers, paths through alternations) of a sequence of parts."""
    quantifiers, paths = 0, 1
    for op, av in items:
        name = str(op)
        if name in _SINGLE_CHARACTER or name == "AT":
            continue
        if name == "SUBPATTERN":
            inner_quantifiers, inner_paths = _shape(list(av[3]))
        elif name == "BRANCH":
            shapes = [_shape(list(alternative)) for alternative in av[1]]
            inner_quantifiers = max(q for q, _ in shapes)
            inner_paths = sum(p for _, p in shapes)
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, body = av
            if not _fixed_run(list(body)):
                raise _Unbounded
            inner_quantifiers, inner_paths = (0 if low == high else 1), 1
        else:  # backreferences, lookarounds, atomic groups, possessive repeats, ...
            raise _Unbounded
        quantifiers += inner_quantifiers
        paths *= inner_paths
    return quantifiers, paths


def _fixed_run(items: list[tuple[Any, Any]]) -> bool:
    """Whether the parts match a fixed run of single characters (no choice inside)."""
    for op, av in items:
        name = str(op)
        if name == "SUBPATTERN":
            if not _fixed_run(list(av[3])):
                return False
        elif name not in _SINGLE_CHARACTER:
            return False
    return True
