"""The `branching_meta_policy` preset: which conditions the plan may not branch on.

[doc] The preset holds a mode (`deny`: the listed producers, tags and consumers are
prohibited; `allow`: only the listed ones are allowed) and three lists, and applies
to the plan's control flow: a violation stops the program ("Control flow violation
detected during program execution."). Its default (`deny` with empty lists) prohibits
nothing. [doc] It takes effect in the `custom` policy mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqrt_tools.evaluate.model import META_FIELDS, Meta
from sqrt_tools.evaluate.show import show_set
from sqrt_tools.sets import ElementSet


class BranchingError(Exception):
    """A `branching_meta_policy` object that cannot be read; the message is one line."""


@dataclass(frozen=True, slots=True)
class BranchingPolicy:
    mode: Literal["allow", "deny"] = "deny"
    producers: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    consumers: frozenset[str] = frozenset()

    @property
    def inactive(self) -> bool:
        """The default: deny nothing."""
        return self.mode == "deny" and not (self.producers or self.tags or self.consumers)

    def listed(self, field: str) -> frozenset[str]:
        return {"producers": self.producers, "tags": self.tags, "consumers": self.consumers}[field]


def branching_from_json(data: Any, where: str = "branching_meta_policy") -> BranchingPolicy:
    """Read the preset as the X-Policy header writes it."""
    if not isinstance(data, dict):
        raise BranchingError(f"{where}: expected an object")
    unknown = sorted(set(data) - {"mode", *META_FIELDS})
    if unknown:
        raise BranchingError(f"{where}: unknown field {unknown[0]!r}")
    mode = data.get("mode", "deny")
    if mode not in ("allow", "deny"):
        raise BranchingError(f'{where}.mode: expected "allow" or "deny", not {mode!r}')
    lists: dict[str, frozenset[str]] = {}
    for field in META_FIELDS:
        names = data.get(field, [])
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise BranchingError(f"{where}.{field}: expected a list of strings")
        lists[field] = frozenset(names)
    return BranchingPolicy(mode, lists["producers"], lists["tags"], lists["consumers"])


def violation(meta: Meta, policy: BranchingPolicy) -> str:
    """Why branching on a value with `meta` violates `policy`, or "" when it does not.

    [ours] In `deny` mode a field violates when it holds a listed name (a universal
    set holds every name); in `allow` mode when it holds a name that is not listed
    (a universal set always does), for a field whose list is not empty.
    """
    if policy.inactive:
        return ""
    for field in META_FIELDS:
        listed = policy.listed(field)
        if not listed:
            continue
        names = meta.get(field)
        allowed = ElementSet(listed)
        if policy.mode == "deny" and names.overlaps(allowed):
            found = names.intersect(allowed)
            return f"its {field} {show_set(found)} are prohibited by branching_meta_policy"
        if policy.mode == "allow" and not names.is_subset(allowed):
            extra = names.minus(allowed)
            return f"its {field} {show_set(extra)} are not allowed by branching_meta_policy"
    return ""
