"""The set algebra over finite and co-finite sets, against a brute-force model.

The model universe is a small pool of names plus two names no finite set ever holds:
they stand for the infinitely many other strings, which every co-finite set contains.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sqrt_tools.sets import EMPTY, UNIVERSAL, ElementSet

POOL = ("a", "b", "c", "d")
REST = ("rest-1", "rest-2")
MODEL_UNIVERSE = frozenset(POOL + REST)

sets = st.builds(
    lambda elements, cofinite: ElementSet(elements, cofinite=cofinite),
    st.frozensets(st.sampled_from(POOL)),
    st.booleans(),
)
elements = st.sampled_from(POOL)
FAST = settings(max_examples=200, deadline=None)


def model(value: ElementSet) -> frozenset[object]:
    inside = frozenset(value.elements)
    return MODEL_UNIVERSE - inside if value.cofinite else inside


@FAST
@given(sets, sets)
def test_operations_agree_with_the_brute_force_model(a: ElementSet, b: ElementSet) -> None:
    assert model(a.union(b)) == model(a) | model(b)
    assert model(a.intersect(b)) == model(a) & model(b)
    assert model(a.minus(b)) == model(a) - model(b)
    assert model(a.xor(b)) == model(a) ^ model(b)
    assert model(a.complement()) == MODEL_UNIVERSE - model(a)


@FAST
@given(sets, sets)
def test_comparisons_agree_with_the_brute_force_model(a: ElementSet, b: ElementSet) -> None:
    assert a.overlaps(b) == bool(model(a) & model(b))
    assert a.is_subset(b) == (model(a) <= model(b))
    assert a.is_superset(b) == (model(a) >= model(b))
    assert (a == b) == (model(a) == model(b))
    assert a.is_empty == (not model(a))
    assert a.is_universal == (model(a) == MODEL_UNIVERSE)


@FAST
@given(sets, elements)
def test_with_without_and_membership_agree_with_the_model(a: ElementSet, name: str) -> None:
    assert model(a.with_element(name)) == model(a) | {name}
    assert model(a.without_element(name)) == model(a) - {name}
    assert (name in a) == (name in model(a))
    assert ("never-in-a-finite-set" in a) == a.cofinite


@FAST
@given(sets, sets, sets)
def test_union_and_intersection_laws(a: ElementSet, b: ElementSet, c: ElementSet) -> None:
    assert a.union(b) == b.union(a)
    assert a.intersect(b) == b.intersect(a)
    assert a.union(b).union(c) == a.union(b.union(c))
    assert a.intersect(b).intersect(c) == a.intersect(b.intersect(c))
    assert a.intersect(b.union(c)) == a.intersect(b).union(a.intersect(c))
    assert a.union(b.intersect(c)) == a.union(b).intersect(a.union(c))
    assert a.union(a.intersect(b)) == a  # absorption
    assert a.intersect(a.union(b)) == a
    assert a.union(EMPTY) == a and a.intersect(UNIVERSAL) == a
    assert a.union(UNIVERSAL) == UNIVERSAL and a.intersect(EMPTY) == EMPTY


@FAST
@given(sets, sets, sets)
def test_difference_and_complement_laws(a: ElementSet, b: ElementSet, c: ElementSet) -> None:
    assert a.complement().complement() == a
    assert a.union(b).complement() == a.complement().intersect(b.complement())  # De Morgan
    assert a.intersect(b).complement() == a.complement().union(b.complement())
    assert a.minus(b) == a.intersect(b.complement())
    assert a.minus(b.union(c)) == a.minus(b).minus(c)
    assert a.xor(b) == a.minus(b).union(b.minus(a))
    assert a.xor(a) == EMPTY and a.xor(EMPTY) == a
    assert a.xor(UNIVERSAL) == a.complement()
    assert a.union(a.complement()) == UNIVERSAL and a.intersect(a.complement()) == EMPTY
    assert a.minus(b).is_subset(a) and not a.minus(b).overlaps(b)


def test_the_universal_set_is_never_empty_and_two_cofinite_sets_always_meet() -> None:
    everyone_but_bob = UNIVERSAL.without_element("bob")
    everyone_but_eve = UNIVERSAL.without_element("eve")
    assert not everyone_but_bob.is_empty and not everyone_but_bob.is_universal
    assert everyone_but_bob.overlaps(everyone_but_eve)
    assert not everyone_but_bob.is_subset(ElementSet(["alice", "carol"]))
    assert ElementSet(["alice"]).is_subset(everyone_but_bob)
    assert not ElementSet(["bob"]).is_subset(everyone_but_bob)


def test_unhashable_values_are_never_members() -> None:
    assert [1] not in ElementSet(["a"])
    assert [1] in UNIVERSAL
