"""Server-sent events: a streamed response reassembled into the non-streamed shape.

Each API streams differently; each reassembler rebuilds the response object the API
would have returned without streaming, so the same form reader handles both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqrt_tools.results.errors import DecodeError
from sqrt_tools.results.jsontext import parse_json

_FIELD_PREFIXES = ("data:", "event:", "id:", "retry:", ":")


@dataclass(slots=True)
class ServerSentEvent:
    event: str
    data: str


@dataclass(slots=True)
class Reassembled:
    response: dict[str, Any]
    api: str  # "chat_completions" | "responses" | "anthropic_messages"
    event_count: int
    notes: list[str] = field(default_factory=list)


def looks_like_sse(text: str) -> bool:
    return text.lstrip().startswith(_FIELD_PREFIXES)


def parse_events(lines: Iterable[str]) -> list[ServerSentEvent]:
    """Split an event stream into events (the WHATWG rules, without reconnection)."""
    events: list[ServerSentEvent] = []
    event_name = ""
    data_lines: list[str] = []
    for raw_line in lines:
        line = raw_line.rstrip("\r\n")
        if not line:
            if data_lines:
                events.append(ServerSentEvent(event_name or "message", "\n".join(data_lines)))
            event_name, data_lines = "", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            data_lines.append(value)
        elif name == "event":
            event_name = value
    if data_lines:
        events.append(ServerSentEvent(event_name or "message", "\n".join(data_lines)))
    return events


def reassemble(events: list[ServerSentEvent]) -> Reassembled:
    """The response the API would have sent unstreamed, rebuilt from its events."""
    try:
        return _reassemble(events)
    except DecodeError:
        raise
    except (AttributeError, TypeError, KeyError, ValueError) as exc:
        # Events are outside data: a field of an unexpected type must not crash us.
        raise DecodeError(
            f"the event stream has an event of an unexpected shape ({type(exc).__name__})"
        ) from exc


def _reassemble(events: list[ServerSentEvent]) -> Reassembled:
    payloads: list[dict[str, Any]] = []
    for number, event in enumerate(events, start=1):
        if event.data.strip() == "[DONE]":
            continue
        payload = parse_json(event.data, where=f"event {number} of the stream")
        if not isinstance(payload, dict):
            raise DecodeError(f"event {number} of the stream is not a JSON object")
        event_type = payload.get("type")
        in_a_response = isinstance(event_type, str) and event_type.startswith("response.")
        if "error" in payload and not in_a_response:
            raise DecodeError(f"the stream reports an error: {_error_text(payload['error'])}")
        payloads.append(payload)
    if not payloads:
        raise DecodeError("the event stream holds no data events")
    first = payloads[0]
    if first.get("object") == "chat.completion.chunk":
        return _chat_completions(payloads, len(events))
    if str(first.get("type", "")).startswith("response."):
        return _responses(payloads, len(events))
    if first.get("type") in {"message_start", "ping"}:
        return _anthropic(payloads, len(events))
    raise DecodeError(
        "the event stream is not a Chat Completions, Responses or Anthropic Messages stream"
    )


def _error_text(error: Any) -> str:
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    return json.dumps(error)[:200]


def _chat_completions(chunks: list[dict[str, Any]], event_count: int) -> Reassembled:
    content: list[str] = []
    tool_calls: dict[int, dict[str, Any]] = {}
    finish_reason: str | None = None
    for chunk in chunks:
        for choice in chunk.get("choices") or []:
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta") or {}
            if isinstance(delta.get("content"), str):
                content.append(delta["content"])
            for call_delta in delta.get("tool_calls") or []:
                call = tool_calls.setdefault(
                    int(call_delta.get("index", len(tool_calls))),
                    {"id": "", "type": "function", "function": {"name": "", "arguments": ""}},
                )
                call["id"] = call_delta.get("id") or call["id"]
                function = call_delta.get("function") or {}
                call["function"]["name"] += function.get("name") or ""
                call["function"]["arguments"] += function.get("arguments") or ""
            finish_reason = choice.get("finish_reason") or finish_reason
    last = chunks[-1]
    message: dict[str, Any] = {"role": "assistant", "content": "".join(content) or None}
    if tool_calls:
        message["tool_calls"] = [tool_calls[index] for index in sorted(tool_calls)]
    response = {
        "id": last.get("id") or chunks[0].get("id"),
        "object": "chat.completion",
        "model": last.get("model") or chunks[0].get("model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
    }
    return Reassembled(response, "chat_completions", event_count)


def _responses(events: list[dict[str, Any]], event_count: int) -> Reassembled:
    final_types = {"response.completed", "response.failed", "response.incomplete"}
    for event in reversed(events):
        if event.get("type") in final_types and isinstance(event.get("response"), dict):
            response = event["response"]
            if response.get("output"):
                return Reassembled(response, "responses", event_count)
    # No usable final event (the stream was cut): rebuild from items and text deltas.
    base: dict[str, Any] = {}
    items: dict[int, dict[str, Any]] = {}
    text_deltas: list[str] = []
    for event in events:
        kind = event.get("type")
        if kind in {"response.created", "response.in_progress"} and isinstance(
            event.get("response"), dict
        ):
            base = dict(event["response"])
        elif kind == "response.output_item.done" and isinstance(event.get("item"), dict):
            items[int(event.get("output_index", len(items)))] = event["item"]
        elif kind == "response.output_text.delta" and isinstance(event.get("delta"), str):
            text_deltas.append(event["delta"])
    notes = ["the stream has no final response.completed event; rebuilt from its parts"]
    if not any(item.get("type") == "message" for item in items.values()) and text_deltas:
        message = {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "".join(text_deltas)}],
        }
        items[len(items) + 1000] = message
    base.update({"object": "response", "output": [items[key] for key in sorted(items)]})
    return Reassembled(base, "responses", event_count, notes)


def _anthropic(events: list[dict[str, Any]], event_count: int) -> Reassembled:
    message: dict[str, Any] = {"type": "message", "role": "assistant", "content": []}
    blocks: dict[int, dict[str, Any]] = {}
    partial_inputs: dict[int, list[str]] = {}
    stopped = False
    for event in events:
        kind = event.get("type")
        if kind == "message_start" and isinstance(event.get("message"), dict):
            message.update({k: v for k, v in event["message"].items() if k != "content"})
        elif kind == "content_block_start" and isinstance(event.get("content_block"), dict):
            blocks[int(event.get("index", len(blocks)))] = dict(event["content_block"])
        elif kind == "content_block_delta" and isinstance(event.get("delta"), dict):
            index = int(event.get("index", 0))
            block = blocks.setdefault(index, {"type": "text", "text": ""})
            delta = event["delta"]
            if delta.get("type") == "text_delta":
                block["text"] = str(block.get("text", "")) + str(delta.get("text", ""))
            elif delta.get("type") == "input_json_delta":
                partial_inputs.setdefault(index, []).append(str(delta.get("partial_json", "")))
        elif kind == "message_delta" and isinstance(event.get("delta"), dict):
            message.update(event["delta"])
        elif kind == "message_stop":
            stopped = True
        elif kind == "error":
            raise DecodeError(f"the stream reports an error: {_error_text(event.get('error'))}")
    for index, pieces in partial_inputs.items():
        text = "".join(pieces)
        blocks.setdefault(index, {"type": "tool_use"})["input"] = (
            parse_json(text, where="a streamed tool input") if text else {}
        )
    message["content"] = [blocks[index] for index in sorted(blocks)]
    notes = [] if stopped else ["the stream ends without message_stop (cut short?)"]
    return Reassembled(message, "anthropic_messages", event_count, notes)
