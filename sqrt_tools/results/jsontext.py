"""Turning outside bytes and text into JSON values, with limits a hostile input cannot pass.

Every JSON parse in the inspector goes through `parse_json`, so the guards live in one
place: invalid UTF-8, truncated or invalid JSON, and nesting too deep for the rest of the
toolkit (and Python's own recursion limit) all become one-line `DecodeError`s.
"""

from __future__ import annotations

import codecs
import json
from typing import TypeAlias

from sqrt_tools.json_numbers import IntegerTooLong, parse_int
from sqrt_tools.results.errors import DecodeError

# Deeper than any real response needs, shallow enough that re-encoding a value
# (json.dumps, rendering) stays far from Python's recursion limit [ours].
MAX_JSON_DEPTH = 256

# A document (or one JSON Lines record) is read into memory whole. Past this size it is
# refused with a one-line explanation rather than risking memory and time; a caller
# that really has larger results raises the limit (`max_bytes`, `--max-size`) [ours].
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024

# What `json.loads` returns. Recursive, so a type checker follows a value all the way
# down and a caller narrows (`isinstance`) before it indexes.
JSONValue: TypeAlias = "dict[str, JSONValue] | list[JSONValue] | str | int | float | bool | None"


def text_from_bytes(data: bytes, *, where: str = "the input") -> str:
    """Decode `data` as UTF-8 (UTF-16 with a byte-order mark, as PowerShell writes it)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"{where} starts like UTF-16 but is not valid UTF-16") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_byte = data[exc.start]
        raise DecodeError(
            f"{where} is not valid UTF-8 (byte 0x{bad_byte:02x} at offset {exc.start})"
        ) from exc


def parse_json(text: str, *, where: str = "the input") -> JSONValue:
    """Parse `text` as one JSON value, or raise a `DecodeError` that says why not."""
    try:
        value: JSONValue = json.loads(text, parse_int=parse_int)
    except IntegerTooLong as exc:
        raise DecodeError(f"{where} holds {exc}") from None
    except RecursionError as exc:
        raise DecodeError(
            f"{where} is nested too deeply to read (more than {MAX_JSON_DEPTH} levels)"
        ) from exc
    except json.JSONDecodeError as exc:
        raise DecodeError(f"{where} is not valid JSON: {describe_json_error(exc)}") from exc
    check_depth(value, where=where)
    return value


def describe_json_error(exc: json.JSONDecodeError) -> str:
    """`json`'s message, with a hint when the text simply stops (a truncated file)."""
    position = f"line {exc.lineno} column {exc.colno}"
    message = exc.msg[:1].lower() + exc.msg[1:]
    located = f"{message} {position}" if message.endswith(" at") else f"{message} at {position}"
    if exc.pos >= len(exc.doc.rstrip()) or message.startswith("unterminated string"):
        return f"it ends too early ({located}); was it truncated?"
    return located


def check_depth(value: JSONValue, *, where: str = "the input") -> None:
    """Refuse values nested deeper than `MAX_JSON_DEPTH` (iteratively: no recursion)."""
    pending: list[tuple[JSONValue, int]] = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict):
            children: list[JSONValue] = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise DecodeError(
                f"{where} is nested too deeply to read (more than {MAX_JSON_DEPTH} levels)"
            )
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def type_name(value: JSONValue) -> str:
    """The JSON name of a value's type, for messages such as 'expected a list, got a string'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
