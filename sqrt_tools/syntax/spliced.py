"""Growing lists on the parser stack without copying them at every element."""

from __future__ import annotations

from typing import Any


class Spliced:
    """The children of a spliced rule (`_name`): the first `count` items of `items`.

    Left-recursive list rules (`__star: __star item`) grow one element at a time, and
    copying the list at every element is quadratic. Appending in place is wrong when
    forked configurations share the frame that holds the list, so the buffer only ever
    grows and each value owns a prefix of it: the value whose prefix is the whole buffer
    appends in place; any other copies its prefix first (only when two forks extend
    the same list, which the grammar makes rare).
    """

    __slots__ = ("count", "items")

    def __init__(self, items: list[Any], count: int) -> None:
        self.items = items
        self.count = count

    def as_list(self) -> list[Any]:
        items = self.items
        return items if len(items) == self.count else items[: self.count]

    def __repr__(self) -> str:
        return f"Spliced({self.as_list()!r})"


def grow(popped: list[Any]) -> Spliced:
    """The value of a spliced rule over `popped`, reusing the buffer of a leading list."""
    first = popped[0] if popped else None
    if first.__class__ is Spliced:
        items = first.items
        if len(items) != first.count:
            items = items[: first.count]
        rest = popped[1:]
    else:
        items = []
        rest = popped
    for value in rest:
        if value.__class__ is Spliced:
            items.extend(value.as_list())
        elif value.__class__ is list:
            items.extend(value)
        else:
            items.append(value)
    return Spliced(items, len(items))


def plain(value: Any) -> Any:
    """A stack value with any spliced list as a plain list (for error reporting)."""
    return value.as_list() if value.__class__ is Spliced else value
