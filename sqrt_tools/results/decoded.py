"""What the decoder hands back: the result document plus everything the wire form told."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from sqrt_tools.results.jsontext import JSONValue
from sqrt_tools.results.models import ResultDocument
from sqrt_tools.results.session import ModelPair, parse_tool_call_id

Outcome = Literal["success", "failure", "unknown", "tool_calls"]


class WireForm(StrEnum):
    """The response format that carried the result (the innermost one)."""

    CHAT_COMPLETIONS = "chat_completions"
    RESPONSES = "responses"
    ANTHROPIC_MESSAGES = "anthropic_messages"
    DOCUMENT = "document"

    @property
    def label(self) -> str:
        return _FORM_TITLES[self]


_FORM_TITLES = {
    WireForm.CHAT_COMPLETIONS: "Chat Completions response",
    WireForm.RESPONSES: "Responses API response",
    WireForm.ANTHROPIC_MESSAGES: "Anthropic Messages response",
    WireForm.DOCUMENT: "bare result document",
}


class Layer(StrEnum):
    """A wrapping around the response: how it was saved or transported."""

    JSON_LINES = "json_lines"
    HTTP_EXCHANGE = "http_exchange"
    SSE_STREAM = "sse_stream"
    JSON_STRING = "json_string"


@dataclass(frozen=True, slots=True)
class PendingToolCall:
    """A tool call the planner asked the application to run (a `tool_calls` turn)."""

    id: str
    name: str
    arguments: JSONValue  # parsed JSON arguments, or the raw string when they are not JSON

    @property
    def session_id(self) -> str | None:
        parsed = parse_tool_call_id(self.id)
        return parsed.session_id if parsed else None

    @property
    def call_id(self) -> str | None:
        parsed = parse_tool_call_id(self.id)
        return parsed.call_id if parsed else None


@dataclass(frozen=True, slots=True)
class DecodedResult:
    """One decoded input: the result document (if any) and what its wire form said.

    `document` is None only for a tool-call turn, which carries no result yet.
    """

    form: WireForm
    layers: tuple[Layer, ...]  # outermost first
    form_details: tuple[str, ...]  # e.g. "finish_reason: stop", "42 events"
    document: ResultDocument | None
    source: str = "<input>"
    session_id: str | None = None
    session_id_source: str | None = None
    model: str | None = None
    finish_reason: str | None = None
    http_status: int | None = None
    response_id: str | None = None
    tool_calls: tuple[PendingToolCall, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def outcome(self) -> Outcome:
        if self.document is not None:
            return self.document.status
        return "tool_calls"

    @property
    def models(self) -> ModelPair | None:
        return ModelPair.from_model_field(self.model) if self.model else None

    @property
    def form_description(self) -> str:
        """How the input was read, in words: 'Chat Completions response (...) in ...'."""
        text = self.form.label
        if self.form_details:
            text += f" ({', '.join(self.form_details)})"
        wrappers = {
            Layer.JSON_STRING: "encoded as a JSON string",
            Layer.SSE_STREAM: "reassembled from a server-sent events stream",
            Layer.HTTP_EXCHANGE: "in a saved HTTP exchange",
            Layer.JSON_LINES: "one record of JSON Lines",
        }
        for layer in reversed(self.layers):
            text += f", {wrappers[layer]}"
        return text


@dataclass(frozen=True, slots=True)
class Undecodable:
    """An input (or one JSON Lines record) that could not be decoded, and why."""

    source: str
    message: str
