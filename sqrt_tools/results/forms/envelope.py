"""The shape every API form is read into before its text is decoded as a result document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqrt_tools.results.decoded import PendingToolCall, WireForm
from sqrt_tools.results.errors import DecodeError
from sqrt_tools.results.jsontext import JSONValue, parse_json, type_name


@dataclass(slots=True)
class Envelope:
    """What a response said around the result document: text, model, tool calls."""

    form: WireForm
    content: str | None
    model: str | None = None
    finish_reason: str | None = None
    response_id: str | None = None
    tool_calls: list[PendingToolCall] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def require_dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DecodeError(f"{where} should be an object, got {type_name(value)}")
    return value


def require_list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise DecodeError(f"{where} should be a list, got {type_name(value)}")
    return value


def optional_str(value: Any, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise DecodeError(f"{where} should be a string, got {type_name(value)}")


def tool_arguments(raw: JSONValue) -> JSONValue:
    """Tool-call arguments as JSON when they are a JSON string, else as they came."""
    if isinstance(raw, str):
        try:
            return parse_json(raw, where="tool-call arguments")
        except DecodeError:
            return raw
    return raw


def pending_tool_call(call_id: Any, name: Any, arguments: Any, where: str) -> PendingToolCall:
    return PendingToolCall(
        id=optional_str(call_id, f"{where} id") or "",
        name=optional_str(name, f"{where} name") or "",
        arguments=tool_arguments(arguments),
    )


def join_text_parts(parts: list[str], envelope: Envelope, what: str) -> str | None:
    """The assistant text, noting when it came in several parts that had to be joined."""
    if not parts:
        return None
    if len(parts) > 1:
        envelope.notes.append(f"the assistant text came in {len(parts)} {what}; joined")
    return "".join(parts)
