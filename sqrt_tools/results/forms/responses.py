"""Responses API: the result is the `output_text` of the `message` items in `output` [doc]."""

from __future__ import annotations

from typing import Any

from sqrt_tools.results.decoded import WireForm
from sqrt_tools.results.forms.envelope import (
    Envelope,
    join_text_parts,
    optional_str,
    pending_tool_call,
    require_dict,
    require_list,
)


def is_responses_response(response: dict[str, Any]) -> bool:
    # A result document has `status` too, but never an `output` list.
    return response.get("object") == "response" or isinstance(response.get("output"), list)


def read_responses_response(response: dict[str, Any]) -> Envelope:
    output = require_list(response.get("output"), "Responses API response: output")
    envelope = Envelope(
        form=WireForm.RESPONSES,
        content=None,
        model=optional_str(response.get("model"), "model"),
        response_id=optional_str(response.get("id"), "id"),
    )
    response_status = response.get("status")
    if isinstance(response_status, str):
        envelope.details.append(f"status: {response_status}")
        envelope.finish_reason = response_status
    texts: list[str] = []
    for index, item in enumerate(output):
        item_dict = require_dict(item, f"output[{index}]")
        if item_dict.get("type") == "message":
            content = require_list(item_dict.get("content") or [], f"output[{index}].content")
            texts.extend(
                part["text"]
                for part in content
                if isinstance(part, dict)
                and part.get("type") == "output_text"
                and isinstance(part.get("text"), str)
            )
        elif item_dict.get("type") == "function_call":
            envelope.tool_calls.append(
                pending_tool_call(
                    item_dict.get("call_id") or item_dict.get("id"),
                    item_dict.get("name"),
                    item_dict.get("arguments"),
                    f"output[{index}]",
                )
            )
    if envelope.tool_calls:
        envelope.details.append(f"{len(envelope.tool_calls)} function call(s)")
    envelope.content = join_text_parts(texts, envelope, "output_text parts")
    return envelope
