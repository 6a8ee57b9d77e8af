"""The `branching_meta_policy` preset, evaluated over the plan's control flow.

[doc] The preset (`sqrt_tools.presets.BranchingMetaPolicy`) holds a mode (`deny`: the
listed producers, tags and consumers are prohibited; `allow`: only the listed ones are
allowed) and three lists; it applies to the plan's control flow, and a violation stops
the program ("Control flow violation detected during program execution."). Its
default (`deny` with empty lists) prohibits nothing. [doc] The service applies it in
its `custom` policy mode.
"""

from __future__ import annotations

from sqrt_tools.evaluate.model import META_FIELDS, Meta
from sqrt_tools.evaluate.show import show_set
from sqrt_tools.presets import BranchingMetaPolicy
from sqrt_tools.sets import ElementSet


def violation(meta: Meta, policy: BranchingMetaPolicy) -> str:
    """Why branching on a value with `meta` violates `policy`, or "" when it does not.

    [ours] In `deny` mode a field violates when it holds a listed name (a universal
    set holds every name); in `allow` mode when it holds a name that is not listed
    (a universal set always does), for each field whose list is not empty.
    """
    for field in META_FIELDS:
        listed: tuple[str, ...] = getattr(policy, field)
        if not listed:
            continue
        names = meta.get(field)
        given = ElementSet(listed)
        if policy.mode == "deny" and names.overlaps(given):
            found = names.intersect(given)
            return f"its {field} {show_set(found)} are prohibited by branching_meta_policy"
        if policy.mode == "allow" and not names.is_subset(given):
            extra = names.minus(given)
            return f"its {field} {show_set(extra)} are not allowed by branching_meta_policy"
    return ""
