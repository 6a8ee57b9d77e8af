"""Which rules run: selectors (codes, code prefixes, names, categories, `ALL`) resolved
in layers, in the manner of ruff.

Each layer (the defaults, the configuration file, the command line) may `select`
(replacing what came before), `extend-select` (adding) and `ignore` (removing). Within
a layer the most specific selector wins for each rule (a full code or name beats a
prefix, which beats a category, which beats `ALL`); on a tie, `ignore` wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqrt_tools.lint.registry import RULES, SYNTAX_CODE, lookup
from sqrt_tools.lint.rule import Category

SELECTABLE: tuple[str, ...] = tuple(rule.code for rule in RULES if rule.code != SYNTAX_CODE)
DEFAULT_ENABLED: frozenset[str] = frozenset(
    rule.code for rule in RULES if rule.enabled_by_default and rule.code != SYNTAX_CODE
)
_EXACT = 100


class SelectorError(ValueError):
    """A selector that names no rule; the message says which."""


@dataclass(frozen=True, slots=True)
class Selector:
    text: str
    codes: frozenset[str]
    specificity: int


def parse_selector(text: str) -> Selector:
    """`SQ101`, `SQ1`, `unused-let`, `style` or `ALL`."""
    key = text.strip()
    if key.upper() == "ALL":
        return Selector(key, frozenset(SELECTABLE), 0)
    try:
        category = Category(key.lower())
    except ValueError:
        pass
    else:
        codes = frozenset(rule.code for rule in RULES if rule.category is category)
        return Selector(key, codes - {SYNTAX_CODE}, 1)
    rule = lookup(key)
    if rule is not None:
        return Selector(key, frozenset({rule.code}) - {SYNTAX_CODE}, _EXACT)
    upper = key.upper()
    if (upper.startswith("SQ") and upper[2:].isdigit()) or upper == "SQ":
        codes = frozenset(code for code in SELECTABLE if code.startswith(upper))
        if codes:
            return Selector(key, codes, len(upper))
    raise SelectorError(f"unknown rule selector `{text}` (use a code, a name or a category)")


def parse_selectors(texts: Iterable[str]) -> tuple[Selector, ...]:
    return tuple(parse_selector(text) for text in texts)


@dataclass(frozen=True, slots=True)
class SelectionLayer:
    """One layer of selection; `select` is None when the layer does not replace."""

    select: tuple[Selector, ...] | None = None
    extend_select: tuple[Selector, ...] = ()
    ignore: tuple[Selector, ...] = ()


def resolve(
    layers: Iterable[SelectionLayer], start: frozenset[str] = DEFAULT_ENABLED
) -> frozenset[str]:
    """The codes enabled after applying `layers` in order to `start`."""
    enabled = set(start)
    for layer in layers:
        base = set() if layer.select is not None else enabled
        chosen = (*(layer.select or ()), *layer.extend_select)
        result = set()
        for code in SELECTABLE:
            picked = max((s.specificity for s in chosen if code in s.codes), default=-1)
            dropped = max((s.specificity for s in layer.ignore if code in s.codes), default=-1)
            if picked < 0 and dropped < 0:
                if code in base:
                    result.add(code)
            elif picked > dropped:
                result.add(code)
        enabled = result
    return frozenset(enabled)
