"""Sets with a universal element: finite (`S`) or co-finite ("everything except `S`").

Metadata sets (`tags`, `producers`, `consumers`) and the sets written in policies are
both `ElementSet`s. The universe is infinite (any string may be a tag), so a co-finite
set is never empty and two co-finite sets always overlap; union, intersection,
difference and symmetric difference are closed over the two forms, which is what lets
`{"*"}` (the universal set) take part in the algebra like any other set.

Elements are plain strings or value patterns (`r"..."`, `w"..."`, numbers, domains,
see `sqrt_tools.evaluate.domains`); the algebra works on elements as written, never on the values a
pattern would match.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Final


class ElementSet:
    """An immutable finite or co-finite set of hashable elements.

    `elements` are the members of a finite set, or the excluded elements of a
    co-finite one. The representation is canonical: two sets are equal exactly when
    they have the same form and the same `elements`.
    """

    __slots__ = ("cofinite", "elements")

    elements: frozenset[Hashable]
    cofinite: bool

    def __init__(self, elements: Iterable[Hashable] = (), *, cofinite: bool = False) -> None:
        self.elements = elements if isinstance(elements, frozenset) else frozenset(elements)
        self.cofinite = cofinite

    # --- tests ---------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        return not self.cofinite and not self.elements

    @property
    def is_universal(self) -> bool:
        return self.cofinite and not self.elements

    def __contains__(self, element: object) -> bool:
        """Element membership (as written: no pattern matching, see `domains`)."""
        try:
            inside = element in self.elements
        except TypeError:  # an unhashable value is never an element
            inside = False
        return inside != self.cofinite

    def is_subset(self, other: ElementSet) -> bool:
        a, b = self.elements, other.elements
        if not self.cofinite:
            return a.isdisjoint(b) if other.cofinite else a <= b
        # A co-finite set is infinite: it fits only inside another co-finite set.
        return other.cofinite and b <= a

    def is_superset(self, other: ElementSet) -> bool:
        return other.is_subset(self)

    def overlaps(self, other: ElementSet) -> bool:
        a, b = self.elements, other.elements
        if not self.cofinite and not other.cofinite:
            return not a.isdisjoint(b)
        if self.cofinite and other.cofinite:
            return True  # two co-finite sets of an infinite universe always meet
        finite, excluded = (a, b) if not self.cofinite else (b, a)
        return not finite <= excluded

    # --- algebra -------------------------------------------------------------------

    def union(self, other: ElementSet) -> ElementSet:
        a, b = self.elements, other.elements
        if not self.cofinite and not other.cofinite:
            return ElementSet(a | b)
        if self.cofinite and other.cofinite:
            return ElementSet(a & b, cofinite=True)
        finite, excluded = (a, b) if not self.cofinite else (b, a)
        return ElementSet(excluded - finite, cofinite=True)

    def intersect(self, other: ElementSet) -> ElementSet:
        a, b = self.elements, other.elements
        if not self.cofinite and not other.cofinite:
            return ElementSet(a & b)
        if self.cofinite and other.cofinite:
            return ElementSet(a | b, cofinite=True)
        finite, excluded = (a, b) if not self.cofinite else (b, a)
        return ElementSet(finite - excluded)

    def minus(self, other: ElementSet) -> ElementSet:
        return self.intersect(other.complement())

    def xor(self, other: ElementSet) -> ElementSet:
        # (A ^ B) excludes/contains exactly the elements on which A and B disagree.
        return ElementSet(self.elements ^ other.elements, cofinite=self.cofinite != other.cofinite)

    def complement(self) -> ElementSet:
        return ElementSet(self.elements, cofinite=not self.cofinite)

    def with_element(self, element: Hashable) -> ElementSet:
        return self.union(ElementSet((element,)))

    def without_element(self, element: Hashable) -> ElementSet:
        return self.minus(ElementSet((element,)))

    # --- identity ------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ElementSet):
            return NotImplemented
        return self.cofinite == other.cofinite and self.elements == other.elements

    def __hash__(self) -> int:
        return hash((self.cofinite, self.elements))

    def __repr__(self) -> str:
        inner = ", ".join(sorted(repr(element) for element in self.elements))
        if self.cofinite:
            return f"ElementSet({{{inner}}}, cofinite=True)"
        return f"ElementSet({{{inner}}})"


EMPTY: Final = ElementSet()
UNIVERSAL: Final = ElementSet(cofinite=True)
