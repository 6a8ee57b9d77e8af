"""Counting the hidden characters of a result, for the inspector's summary.

Every hidden character (`safe_text.is_hidden`: controls, format and bidi characters,
tag characters, private use, separators, lone surrogates) is shown escaped, but an
escape in the middle of a long value is easy to miss, and hidden text is how a prompt
injection travels. So the headline says where such characters are and how many:
"the final value holds 28 invisible characters".
"""

from __future__ import annotations

from typing import Any

from sqrt_tools.results.models import Meta, ResultDocument, ValueWithMeta
from sqrt_tools.safe_text import count_hidden


def count_in_value(value: Any) -> int:
    """Hidden characters in every string of a JSON value, keys included (no recursion)."""
    total = 0
    pending: list[Any] = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            total += count_hidden(node)
        elif isinstance(node, dict):
            for key, item in node.items():
                if isinstance(key, str):
                    total += count_hidden(key)
                pending.append(item)
        elif isinstance(node, list):
            pending.extend(node)
    return total


def _count_in_meta(meta: Meta) -> int:
    fields = (meta.tags, meta.consumers, meta.producers)
    return sum(count_hidden(name) for names in fields for name in names)


def _count_with_meta(entry: ValueWithMeta) -> int:
    return count_in_value(entry.value) + _count_in_meta(entry.meta)


def hidden_places(document: ResultDocument) -> list[tuple[str, int]]:
    """Each part of `document` that holds hidden characters, and how many, in the order
    the report shows the parts."""
    places: list[tuple[str, int]] = []

    def add(place: str, count: int) -> None:
        if count:
            places.append((place, count))

    if document.error is not None and isinstance(document.error.message, str):
        add("the error message", count_hidden(document.error.message))
    if document.final_return_value is not None:
        add("the final value", _count_with_meta(document.final_return_value))
    if document.program is not None:
        add("the program", count_hidden(document.program))
    for name, entry in (document.namespace_snapshot or {}).items():
        add(f"namespace entry {name}", count_hidden(name) + _count_with_meta(entry))
    if document.session_meta is not None:
        add("the session metadata", _count_with_meta(document.session_meta))
    if document.policy_check_history:
        add("the policy check history", count_in_value(document.policy_check_history))
    add("the fields the service did not document", count_in_value(document.unknown_fields))
    return places


def describe_places(places: list[tuple[str, int]]) -> str:
    """`the final value holds 28 invisible characters, the program 1`."""
    first, *others = places
    words = [f"{first[0]} holds {_characters(first[1])}"]
    words.extend(f"{place} {count:,}" for place, count in others)
    return ", ".join(words)


def _characters(count: int) -> str:
    return f"{count:,} invisible character{'s' if count != 1 else ''}"
