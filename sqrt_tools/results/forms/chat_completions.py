"""Chat Completions: the result is `choices[0].message.content` [doc]."""

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


def is_chat_completion(response: dict[str, Any]) -> bool:
    return response.get("object") == "chat.completion" or "choices" in response


def read_chat_completion(response: dict[str, Any]) -> Envelope:
    choices = require_list(response.get("choices"), "Chat Completions response: choices")
    envelope = Envelope(
        form=WireForm.CHAT_COMPLETIONS,
        content=None,
        model=optional_str(response.get("model"), "model"),
        response_id=optional_str(response.get("id"), "id"),
    )
    if not choices:
        envelope.notes.append("the response has no choices")
        return envelope
    if len(choices) > 1:
        envelope.notes.append(f"the response has {len(choices)} choices; showing the first")
    choice = require_dict(choices[0], "choices[0]")
    envelope.finish_reason = optional_str(choice.get("finish_reason"), "finish_reason")
    if envelope.finish_reason:
        envelope.details.append(f"finish_reason: {envelope.finish_reason}")
    message = require_dict(choice.get("message"), "choices[0].message")
    envelope.content = _message_text(message.get("content"), envelope)
    for index, call in enumerate(require_list(message.get("tool_calls") or [], "tool_calls")):
        where = f"choices[0].message.tool_calls[{index}]"
        call_dict = require_dict(call, where)
        function = require_dict(call_dict.get("function"), f"{where}.function")
        envelope.tool_calls.append(
            pending_tool_call(
                call_dict.get("id"), function.get("name"), function.get("arguments"), where
            )
        )
    return envelope


def _message_text(content: Any, envelope: Envelope) -> str | None:
    # Some providers send content as a list of typed parts instead of one string.
    if content is None or isinstance(content, str):
        return content
    parts = require_list(content, "choices[0].message.content")
    texts = [
        part["text"]
        for part in parts
        if isinstance(part, dict) and isinstance(part.get("text"), str)
    ]
    return join_text_parts(texts, envelope, "content parts")
