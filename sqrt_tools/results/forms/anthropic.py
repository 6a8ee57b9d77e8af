"""Anthropic Messages: the result is the `text` blocks of `content` [doc]."""

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


def is_anthropic_message(response: dict[str, Any]) -> bool:
    return response.get("type") == "message" and "content" in response


def read_anthropic_message(response: dict[str, Any]) -> Envelope:
    blocks = require_list(response.get("content"), "Anthropic Messages response: content")
    envelope = Envelope(
        form=WireForm.ANTHROPIC_MESSAGES,
        content=None,
        model=optional_str(response.get("model"), "model"),
        response_id=optional_str(response.get("id"), "id"),
        finish_reason=optional_str(response.get("stop_reason"), "stop_reason"),
    )
    if envelope.finish_reason:
        envelope.details.append(f"stop_reason: {envelope.finish_reason}")
    texts: list[str] = []
    for index, block in enumerate(blocks):
        block_dict = require_dict(block, f"content[{index}]")
        if block_dict.get("type") == "text" and isinstance(block_dict.get("text"), str):
            texts.append(block_dict["text"])
        elif block_dict.get("type") == "tool_use":
            envelope.tool_calls.append(
                pending_tool_call(
                    block_dict.get("id"),
                    block_dict.get("name"),
                    block_dict.get("input"),
                    f"content[{index}]",
                )
            )
    envelope.content = join_text_parts(texts, envelope, "text blocks")
    return envelope
