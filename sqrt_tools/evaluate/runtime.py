"""What compiled expressions read while a call is decided, and the value tests on sets."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.decisions import plain_string_key
from sqrt_tools.evaluate.domains import Matcher
from sqrt_tools.evaluate.model import Argument, Meta
from sqrt_tools.sets import ElementSet


class Env:
    """The state one call is evaluated in. Blocks replace `session`, `result` and
    entries of `args` (all immutable values), so a copy of an `Env` is a snapshot."""

    __slots__ = ("args", "memo", "result", "session", "truths")

    def __init__(self, args: dict[str, Argument], session: Meta, result: Argument | None) -> None:
        self.args = args
        self.session = session
        self.result = result  # None until the tool has run
        # Aggregates over the arguments (`@args.tags`), which many rules of one call may
        # read; whatever updates an argument clears it.
        self.memo: dict[tuple[str, bool], ElementSet] = {}
        # Truths of atoms that several rules share (`compiler.Linker`), by slot: they
        # hold for this state only, so every update clears them.
        self.truths: dict[int, bool] = {}

    def updated(self) -> None:
        """Forget what was computed from the state: an update has just changed it."""
        self.memo.clear()
        self.truths.clear()

    def copy(self) -> Env:
        return Env(dict(self.args), self.session, self.result)


def patterns_of(elements: frozenset[Hashable]) -> tuple[Matcher, ...]:
    return tuple(element for element in elements if isinstance(element, Matcher))


def membership(elements: ElementSet, *, fast: bool = True) -> Callable[[object], bool]:
    """A fast test of `value in elements` for a set known when the policy is compiled.

    The common shapes (only plain strings, or a single pattern) get a closure of their
    own, and patterns test values through `Matcher.fast`; they decide exactly as the
    general closure with `Matcher.matches` (`fast=False`, the reference) does.
    """
    strings = frozenset(element for element in elements.elements if type(element) is str)
    patterns = patterns_of(elements.elements)
    cofinite = elements.cofinite
    if not fast:

        def reference(value: object) -> bool:
            key = plain_string_key(value)
            hit = key is not None and key in strings
            if not hit:
                for pattern in patterns:
                    if pattern.matches(value):
                        hit = True
                        break
            return decisions.matched_by_cofinite(hit) if cofinite else hit

        return reference
    tests = tuple(pattern.fast() for pattern in patterns)
    if not cofinite and not patterns:

        def only_strings(value: object) -> bool:
            key = plain_string_key(value)
            return key is not None and key in strings

        return only_strings
    if not cofinite and not strings and len(tests) == 1:
        return tests[0]
    if not cofinite and not strings and len(tests) == 2:
        first, second = tests  # `{w"...", r"..."}`: no string to look up, no loop

        def either_pattern(value: object) -> bool:
            return first(value) or second(value)

        return either_pattern

    def contains(value: object) -> bool:
        key = plain_string_key(value)
        hit = key is not None and key in strings
        if not hit:
            for test in tests:
                if test(value):
                    hit = True
                    break
        return decisions.matched_by_cofinite(hit) if cofinite else hit

    return contains


def contains_value(elements: ElementSet, value: object) -> bool:
    """`value in elements` for a set computed during the call (usually metadata)."""
    key = plain_string_key(value)
    members = elements.elements
    hit = key is not None and key in members
    if not hit:
        for element in members:  # metadata sets seldom hold patterns: no tuple of them
            if isinstance(element, Matcher) and element.matches(value):
                hit = True
                break
    return decisions.matched_by_cofinite(hit) if elements.cofinite else hit


def as_metadata(elements: ElementSet) -> ElementSet:
    """The set as metadata names: pattern elements become their text
    (`decisions.PATTERN_AS_METADATA_TEXT`)."""
    patterns = patterns_of(elements.elements)
    if not patterns:
        return elements
    names = frozenset(
        element.name if isinstance(element, Matcher) else element for element in elements.elements
    )
    return ElementSet(names, cofinite=elements.cofinite)
