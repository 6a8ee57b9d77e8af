"""How metadata moves through the planner's program: every decision in one place.

The service documents the propagation rules for a value derived from several parents
(producers and tags: the union; consumers: the intersection) and how a tool result
starts (its arguments' metadata combined, then the `result` blocks) [doc]. It does not
document how its interpreter treats containers, comprehensions, branches and loops;
those choices are made here [ours], each with the reason, so that they can change in
one place when the service says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqrt_tools.evaluate.model import Meta, propagate

# [doc] A value computed from several values gets the union of their tags and producers
# and the intersection of their consumers; a value computed from none (a literal) gets
# the defaults: no tags, no producers, anyone may consume it.
LITERAL_META = Meta()


def combine(metas: Iterable[Meta]) -> Meta:
    """[doc] The metadata of a value derived from `metas` (the propagation rules)."""
    return propagate(list(metas))


# [ours] Reading a container reads it whole: its own metadata and each element's. A
# subscript (`emails[-1]`, `config["to"]`) and a `for` loop over it read the container
# whole too, so that a label on the container (a tool result's) is never lost when an
# element is taken out of it, and a label on one element reaches whatever reads the
# container. This over-approximates: an element taken out of a list may carry a tag
# that only a sibling had. (`values.Value.meta` is the metadata of the value read whole;
# `interpreter._element_of` gives an element taken out that metadata.)

# [ours] Methods that change their object in place: after `x.append(y)` the container
# `x` holds `y`, so it carries `y`'s metadata from then on (and the index's, for
# `x.insert(i, y)`; the key's, for `x[k] = y`).
MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "update",
        "add",
        "setdefault",
        "__setitem__",
        "appendleft",
        "extendleft",
    }
)

# [ours] A comprehension's filter (`[e for e in emails if e["urgent"]]`) decides which
# elements the result holds: the result carries the filter's metadata too.
FILTER_FLOWS_INTO_RESULT = True

# [ours] The metadata of an `if`/`while` condition, a `for` loop's iterable and the left
# side of `and`/`or` is the control-flow context of what runs under it. The context is
# checked against the `branching_meta_policy` preset; it is NOT added to the metadata
# of values assigned under it (the service documents no implicit flow).
CONTEXT_FLOWS_INTO_VALUES = False

# [ours] After an `if` whose condition the program does not fix, a variable holds what
# either branch gave it: the analysis joins the two by the propagation rules (tags and
# producers united, consumers intersected), a state that covers both.
# [ours] Loops: the body is analysed as one abstract iteration over a widened state:
# the state before the loop joined with the state after each pass, until it stops
# changing (or MAX_LOOP_PASSES passes, after which the last state stands).
MAX_LOOP_PASSES = 4


def join(first: Meta, second: Meta) -> Meta:
    """[ours] The metadata a value may have after two paths that give it `first` or
    `second` (see above)."""
    if first == second:
        return first
    return propagate([first, second])
