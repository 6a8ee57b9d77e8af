"""What goes into an evaluation and what comes out: calls, metadata, verdicts.

These are plain immutable values; the JSON forms users write are read by `inputs.py`,
and the decision itself is made by `engine.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from sqrt_tools.sets import EMPTY, UNIVERSAL, ElementSet

MetaField = Literal["tags", "producers", "consumers"]
META_FIELDS: tuple[MetaField, ...] = ("tags", "producers", "consumers")


@dataclass(frozen=True, slots=True)
class Meta:
    """The three metadata sets of a value or of the session ([doc] defaults)."""

    tags: ElementSet = EMPTY
    producers: ElementSet = EMPTY
    consumers: ElementSet = UNIVERSAL

    def get(self, name: MetaField) -> ElementSet:
        if name == "tags":
            return self.tags
        if name == "producers":
            return self.producers
        return self.consumers

    def with_field(self, name: MetaField, value: ElementSet) -> Meta:
        # Built directly: `dataclasses.replace` costs twice as much, and blocks update
        # metadata on every call they run for.
        if name == "tags":
            return Meta(value, self.producers, self.consumers)
        if name == "producers":
            return Meta(self.tags, value, self.consumers)
        return Meta(self.tags, self.producers, value)


DEFAULT_META = Meta()


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a call: its value and metadata. `present` is False for an
    argument the policy names but the call does not pass."""

    value: object
    meta: Meta = DEFAULT_META
    present: bool = True


ABSENT = Argument(None, DEFAULT_META, present=False)

CombineMeta = Literal["merge", "replace", "ignore"]


@dataclass(frozen=True, slots=True)
class ToolOutput:
    """What the tool returned. `meta` is the metadata the tool set itself (None when it
    returned a plain value); `combine` says how it meets the arguments' metadata."""

    value: object
    meta: Meta | None = None
    combine: CombineMeta = "merge"


@dataclass(frozen=True, slots=True)
class Call:
    """A tool call to decide: the tool's name, its arguments and the session's metadata."""

    tool: str
    args: Mapping[str, Argument] = field(default_factory=dict)
    session: Meta = DEFAULT_META


class Verdict(StrEnum):
    HARD_DENIED = "hard_denied"
    HARD_ALLOWED = "hard_allowed"
    SOFT_DENIED = "soft_denied"
    SOFT_ALLOWED = "soft_allowed"
    DENIED_NO_ALLOW = "denied_no_allow"
    DEFAULT_ALLOWED = "default_allowed"
    DEFAULT_DENIED = "default_denied"
    # A regex match ran out of time: denied (`decisions.REGEX_TIMEOUT_VERDICT`).
    REGEX_TIMEOUT = "regex_timeout"

    @property
    def allowed(self) -> bool:
        return self in _ALLOWING


_ALLOWING = frozenset({Verdict.HARD_ALLOWED, Verdict.SOFT_ALLOWED, Verdict.DEFAULT_ALLOWED})


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is written: a display path and a 1-based line and column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    """A tool policy as written: its id (`send_email` or `r"^send_.*$"`) and priority."""

    tool_id: str
    is_regex: bool
    priority: float
    location: Location
    docs: str

    @property
    def display_id(self) -> str:
        return f'r"{self.tool_id}"' if self.is_regex else f'"{self.tool_id}"'


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A check rule as written: its text (whitespace collapsed), where, and its docs."""

    text: str
    enforcement: str
    outcome: Literal["allow", "deny"]
    location: Location
    docs: str
    policy: PolicyInfo
    # Whether the rule is hard (`must`/`hard`), known once: deciding a call asks it of
    # every rule that fired.
    hard: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hard", self.enforcement in ("must", "hard"))

    @property
    def is_hard(self) -> bool:
        return self.hard


def propagate(metas: list[Meta]) -> Meta:
    """The metadata of a value derived from several parents [doc]: the union of their
    tags and producers, the intersection of their consumers. No parents: the defaults."""
    tags, producers, consumers = EMPTY, EMPTY, UNIVERSAL
    for meta in metas:
        tags = tags.union(meta.tags)
        producers = producers.union(meta.producers)
        consumers = consumers.intersect(meta.consumers)
    return Meta(tags, producers, consumers)
