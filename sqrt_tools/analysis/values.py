"""The abstract values the analysis computes: metadata, a value when the program fixes
it, the elements of containers the program builds, and where the value came from."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqrt_tools.analysis import propagation
from sqrt_tools.evaluate.model import Meta


class Unknown:
    """A value the program does not fix (a tool's result, a parse): every value test of
    the evaluator is false for it, and the analysis asks both ways instead."""

    __slots__ = ("label",)

    def __init__(self, label: str) -> None:
        self.label = label

    def __repr__(self) -> str:
        return f"<unknown {self.label}>"


@dataclass(frozen=True, slots=True)
class Value:
    """One abstract value.

    `meta` is the metadata of the value read whole (a container's own and each
    element's). `known` says whether `constant` holds the value. `items` are the
    elements of a list, tuple or dict the program built, by index or key, so that
    `config["to"]` can still know its value. `origins` are the dataflow nodes (see
    `model.FlowNode`) the value was computed from. `recorded` names where the run
    recorded the metadata (and value), when it did.
    """

    meta: Meta = propagation.LITERAL_META
    known: bool = False
    constant: object = None
    items: tuple[tuple[object, Value], ...] | None = None
    origins: frozenset[str] = frozenset()
    recorded: str | None = None

    def item(self, key: object) -> Value | None:
        """The element at `key` when the program built this container, else None."""
        if self.items is None:
            return None
        for item_key, value in self.items:
            if type(item_key) is type(key) and item_key == key:
                return value
        return None

    def with_meta(self, meta: Meta) -> Value:
        return replace(self, meta=meta)


UNKNOWN_LITERAL = Value()


def constant(value: object) -> Value:
    return Value(known=True, constant=value)


def derived(parts: list[Value], *, extra: tuple[Meta, ...] = ()) -> Value:
    """A value computed from `parts`, whose value the analysis does not compute."""
    meta = propagation.combine([*(part.meta for part in parts), *extra])
    origins: frozenset[str] = frozenset().union(*(part.origins for part in parts))
    return Value(meta=meta, origins=origins)


def join_values(first: Value, second: Value) -> Value:
    """A value that is `first` on one path and `second` on another."""
    if first is second:
        return first
    same_value = (
        first.known
        and second.known
        and type(first.constant) is type(second.constant)
        and first.constant == second.constant
    )
    return Value(
        meta=propagation.join(first.meta, second.meta),
        known=same_value,
        constant=first.constant if same_value else None,
        items=first.items if first.items == second.items else None,
        origins=first.origins | second.origins,
        recorded=first.recorded if first.recorded == second.recorded else None,
    )
