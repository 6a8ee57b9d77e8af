"""The JSON forms of metadata, arguments, sessions and tool results, both ways.

Input comes from command-line options and policy test files; every mistake is an
`InputError` whose message names where it is (`args.body.meta.tags: expected a list of
strings`). Metadata sets are written as the wire writes them: a list of names, with
`["*"]` for the universal set; a co-finite set other than the universal one ("anyone
but bob", after `@consumers -= {"bob"}`) has no wire form, so it is written
`{"all_except": ["bob"]}` and read back the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.model import (
    META_FIELDS,
    Argument,
    CombineMeta,
    Meta,
    ToolOutput,
)
from sqrt_tools.sets import UNIVERSAL, ElementSet

ALL_EXCEPT = "all_except"
_COMBINE_MODES: tuple[CombineMeta, ...] = ("merge", "replace", "ignore")


class InputError(Exception):
    """Input that cannot be read; the message is one line and says where."""


def _kind(data: object) -> str:
    if data is None:
        return "null"
    if isinstance(data, bool):
        return "a boolean"
    if isinstance(data, int | float):
        return "a number"
    if isinstance(data, str):
        return "a string"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, dict):
        return "an object"
    return type(data).__name__


def _names(data: object, where: str) -> list[str]:
    if not isinstance(data, list):
        raise InputError(f"{where}: expected a list of strings, found {_kind(data)}")
    for index, name in enumerate(data):
        if not isinstance(name, str):
            raise InputError(f"{where}[{index}]: expected a string, found {_kind(name)}")
    return list(data)


def meta_set_from_json(data: object, where: str) -> ElementSet:
    if isinstance(data, dict):
        if set(data) != {ALL_EXCEPT}:
            raise InputError(f'{where}: expected a list of strings or {{"{ALL_EXCEPT}": [...]}}')
        excluded = _names(data[ALL_EXCEPT], f"{where}.{ALL_EXCEPT}")
        return ElementSet(excluded, cofinite=True)
    names = _names(data, where)
    return UNIVERSAL if decisions.universal_mark(names) else ElementSet(names)


def meta_set_to_json(elements: ElementSet) -> list[str] | dict[str, list[str]]:
    names = sorted(str(name) for name in elements.elements)
    if not elements.cofinite:
        return names
    return ["*"] if not names else {ALL_EXCEPT: names}


def meta_from_json(data: object, where: str, base: Meta | None = None) -> Meta:
    """Metadata from `{"tags": [...], "producers": [...], "consumers": [...]}`; fields
    not given keep their defaults (or `base`'s)."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected an object with tags, producers, consumers")
    unknown = [key for key in data if key not in META_FIELDS]
    if unknown:
        raise InputError(
            f"{where}: unknown field {unknown[0]!r} (expected tags, producers, consumers)"
        )
    meta = base or Meta()
    for name in META_FIELDS:
        if name in data:
            meta = meta.with_field(name, meta_set_from_json(data[name], f"{where}.{name}"))
    return meta


def meta_to_json(meta: Meta) -> dict[str, Any]:
    return {name: meta_set_to_json(meta.get(name)) for name in META_FIELDS}


def check_value(data: object, where: str) -> object:
    """A JSON value as a call may carry it (no NaN or infinities, which JSON lacks)."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise InputError(f"{where}: {item} is not a JSON number")
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            if not all(isinstance(key, str) for key in item):
                raise InputError(f"{where}: object keys must be strings")
            pending.extend(item.values())
        elif item is not None and not isinstance(item, str | int | float | bool):
            raise InputError(f"{where}: {_kind(item)} is not a JSON value")
    return data


def argument_from_json(data: object, where: str) -> Argument:
    """A plain value (default metadata) or `{"value": ..., "meta": {...}}`
    (`decisions.is_wrapped_value`)."""
    if decisions.is_wrapped_value(data):
        assert isinstance(data, dict)
        meta = meta_from_json(data.get("meta", {}), f"{where}.meta")
        return Argument(check_value(data["value"], f"{where}.value"), meta)
    return Argument(check_value(data, where))


def args_from_json(data: object, where: str) -> dict[str, Argument]:
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected an object of argument names, found {_kind(data)}")
    return {str(name): argument_from_json(value, f"{where}.{name}") for name, value in data.items()}


def session_from_json(data: object, where: str) -> Meta:
    """Session metadata: `{"tags": [...], ...}`, or the result document's
    `session_meta` form `{"value": null, "meta": {...}}`."""
    if isinstance(data, dict) and "meta" in data and set(data) <= {"value", "meta"}:
        return meta_from_json(data["meta"], f"{where}.meta")
    return meta_from_json(data, where)


def output_from_json(data: object, where: str) -> ToolOutput:
    """What a tool returned: a plain value, or `{"value": ..., "meta": {...},
    "is_sequrity_var": true, "combine_meta": "merge"|"replace"|"ignore"}`."""
    if not decisions.is_wrapped_value(data):
        return ToolOutput(check_value(data, where))
    assert isinstance(data, dict)
    combine = data.get("combine_meta", "merge")
    if combine not in _COMBINE_MODES:
        raise InputError(f"{where}.combine_meta: expected merge, replace or ignore")
    meta = meta_from_json(data["meta"], f"{where}.meta") if "meta" in data else None
    return ToolOutput(check_value(data["value"], f"{where}.value"), meta, combine)


def argument_to_json(argument: Argument) -> dict[str, Any]:
    return {"value": argument.value, "meta": meta_to_json(argument.meta)}


def args_to_json(args: Mapping[str, Argument]) -> dict[str, Any]:
    return {name: argument_to_json(argument) for name, argument in args.items()}
