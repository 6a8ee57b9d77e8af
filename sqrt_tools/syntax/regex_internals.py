"""The one door to the standard library's private regex parser (`re._parser`).

The lexer (which characters can start a terminal) and the linter's regex checks (ReDoS,
anchors) need the structure of a pattern, which only `re._parser` gives. It is private
and changes between Python versions, so it is reached here and nowhere else: a change
shows up as one clear `RegexInternalsChanged` (and `tests/syntax/test_adapters.py`
fails), not as an `AttributeError` deep in a rule.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any


class RegexInternalsChanged(RuntimeError):
    """The running Python's `re._parser` / `re._constants` is not the one we read."""


# What we read from `re._constants`: opcodes of a parsed pattern and its categories.
_NEEDED_CONSTANTS = (
    *("ANY", "ASSERT", "ASSERT_NOT", "AT", "AT_BEGINNING", "AT_BEGINNING_STRING"),
    *("AT_END", "AT_END_STRING", "ATOMIC_GROUP", "BRANCH", "CATEGORY", "CATEGORY_DIGIT"),
    *("CATEGORY_NOT_DIGIT", "CATEGORY_NOT_SPACE", "CATEGORY_NOT_WORD", "CATEGORY_SPACE"),
    *("CATEGORY_WORD", "IN", "LITERAL", "MAXREPEAT", "MAX_REPEAT", "MIN_REPEAT", "NEGATE"),
    *("NOT_LITERAL", "POSSESSIVE_REPEAT", "RANGE", "SUBPATTERN"),
)


def _load() -> tuple[ModuleType, ModuleType]:
    try:
        parser = import_module("re._parser")
        constants = import_module("re._constants")
    except ImportError as error:
        raise RegexInternalsChanged(
            f"sqrt-tools reads regex structure through re._parser (CPython 3.11+); "
            f"this Python has none ({error})"
        ) from None
    missing = [name for name in _NEEDED_CONSTANTS if not hasattr(constants, name)]
    if missing or not callable(getattr(parser, "parse", None)):
        raise RegexInternalsChanged(
            "re._parser/re._constants changed: missing "
            + ", ".join(missing or ["re._parser.parse"])
        )
    return parser, constants


_parser, _constants = _load()

# The opcodes and categories, by their `re._constants` names (`OP.LITERAL`, ...).
OP: Any = _constants


def parse(pattern: str, flags: int = 0) -> Any:
    """The parsed form of `pattern`: a sequence of `(opcode, argument)` pairs.

    Raises `re.error` for an invalid pattern, like `re.compile`.
    """
    return _parser.parse(pattern, flags)


def _first(pattern: str) -> tuple[Any, Any]:
    items = list(parse(pattern))
    if not items:
        raise RegexInternalsChanged(f"re._parser.parse({pattern!r}) is empty")
    first: tuple[Any, Any] = items[0]
    return first


def verify() -> None:
    """Check that parsed patterns still have the shape our readers walk.

    Raises `RegexInternalsChanged` naming what differs.
    """
    for pattern, opcode in [
        ("a", OP.LITERAL),
        ("a*", OP.MAX_REPEAT),
        ("a*?", OP.MIN_REPEAT),
        ("(a)", OP.SUBPATTERN),
        ("ab|cd", OP.BRANCH),
        ("[a-c]", OP.IN),
        ("^", OP.AT),
        ("(?=a)", OP.ASSERT),
        (".", OP.ANY),
    ]:
        found = _first(pattern)[0]
        if found is not opcode:
            raise RegexInternalsChanged(
                f"re._parser.parse({pattern!r}) starts with {found!r}, not {opcode!r}"
            )
    if _first("a")[1] != ord("a"):
        raise RegexInternalsChanged("a literal no longer carries its code point")
    low, high, body = _first("a*")[1]
    if (low, high) != (0, OP.MAXREPEAT) or list(body) != [(OP.LITERAL, ord("a"))]:
        raise RegexInternalsChanged("a repeat is no longer (low, high, body)")
    if list(_first("(a)")[1][-1]) != [(OP.LITERAL, ord("a"))]:
        raise RegexInternalsChanged("a group no longer ends with its body")
    branches = [list(branch) for branch in _first("ab|cd")[1][1]]
    if len(branches) != 2 or branches[0][0] != (OP.LITERAL, ord("a")):
        raise RegexInternalsChanged("a branch no longer holds its alternatives second")
    ranges = list(_first("[a-c]")[1])
    if ranges != [(OP.RANGE, (ord("a"), ord("c")))]:
        raise RegexInternalsChanged(f"a character class reads {ranges!r}")
