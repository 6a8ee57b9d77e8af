"""Builders of wire forms around a result document, shared by the results tests.

Imported as `results_builders` (pytest puts this folder on sys.path)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "results"

SESSION = "5b1c8f0e-3a4d-4e2b-9f61-0c7d2a9e4b13"
CALL = "3d8f1b27-6a4c-4e9d-b0f5-72c1e8a9d346"


def meta(
    tags: list[str] | None = None,
    consumers: list[str] | None = None,
    producers: list[str] | None = None,
) -> dict[str, list[str]]:
    return {"tags": tags or [], "consumers": consumers or ["*"], "producers": producers or []}


def success_document(value: Any = 97, **extra: Any) -> dict[str, Any]:
    return {
        "status": "success",
        "final_return_value": {"value": value, "meta": meta(["t1"])},
        **extra,
    }


def chat_completion(
    content: str | None,
    *,
    finish_reason: str = "stop",
    tool_calls: list[dict[str, Any]] | None = None,
    model: str = "pllm-x,qllm-y",
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls is not None:
        message["tool_calls"] = tool_calls
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
    }


def sse(payloads: list[Any], *, events: list[str] | None = None) -> str:
    blocks = []
    for position, payload in enumerate(payloads):
        data = payload if isinstance(payload, str) else json.dumps(payload)
        name = f"event: {events[position]}\n" if events else ""
        blocks.append(f"{name}data: {data}\n\n")
    return "".join(blocks)
