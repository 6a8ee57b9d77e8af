"""Session ids: the `X-Session-ID` header and the ones encoded in tool-call ids.

The service names tool calls `tc-<session uuid>-<call uuid>`, two 36-character UUIDs
[doc], so a tool-call turn tells which session it belongs to even without headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_TOOL_CALL_ID = re.compile(rf"tc-(?P<session>{_UUID})-(?P<call>{_UUID})")


@dataclass(frozen=True, slots=True)
class ToolCallId:
    """The two halves of a service-issued tool-call id."""

    session_id: str
    call_id: str


def parse_tool_call_id(tool_call_id: str) -> ToolCallId | None:
    """Split `tc-<session uuid>-<call uuid>`; None for ids of any other shape."""
    match = _TOOL_CALL_ID.fullmatch(tool_call_id.strip())
    if match is None:
        return None
    return ToolCallId(session_id=match["session"], call_id=match["call"])


@dataclass(frozen=True, slots=True)
class ModelPair:
    """The `model` field of a dual-LLM response: `"pllm-model,qllm-model"` [doc]."""

    planner: str
    quarantined: str | None

    @classmethod
    def from_model_field(cls, model: str) -> ModelPair:
        planner, comma, quarantined = model.partition(",")
        return cls(planner=planner.strip(), quarantined=quarantined.strip() if comma else None)
