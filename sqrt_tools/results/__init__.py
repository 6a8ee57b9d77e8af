"""Dual-LLM results: decode any wire form into typed models, then explain them.

>>> from sqrt_tools.results import decode
>>> result = decode(open("response.json", "rb").read())
>>> result.outcome, result.form_description, result.document.final_return_value

Names are imported on first use, so that light modules of this package (such as
`sections`) can be imported by the command line without loading pydantic.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqrt_tools.results.decoded import (
        DecodedResult,
        Layer,
        PendingToolCall,
        Undecodable,
        WireForm,
    )
    from sqrt_tools.results.decoder import decode, decode_all, decode_stream
    from sqrt_tools.results.errors import DecodeError, MultipleResultsError
    from sqrt_tools.results.models import (
        Meta,
        MetaSet,
        ResultDocument,
        ResultError,
        ValueWithMeta,
    )
    from sqrt_tools.results.session import ModelPair, ToolCallId, parse_tool_call_id

_HOMES = {
    "decode": "decoder",
    "decode_all": "decoder",
    "decode_stream": "decoder",
    "DecodedResult": "decoded",
    "Layer": "decoded",
    "PendingToolCall": "decoded",
    "Undecodable": "decoded",
    "WireForm": "decoded",
    "DecodeError": "errors",
    "MultipleResultsError": "errors",
    "Meta": "models",
    "MetaSet": "models",
    "ResultDocument": "models",
    "ResultError": "models",
    "ValueWithMeta": "models",
    "ModelPair": "session",
    "ToolCallId": "session",
    "parse_tool_call_id": "session",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'sqrt_tools.results' has no attribute {name!r}")
    return getattr(import_module(f"sqrt_tools.results.{home}"), name)


__all__ = [
    "DecodeError",
    "DecodedResult",
    "Layer",
    "Meta",
    "MetaSet",
    "ModelPair",
    "MultipleResultsError",
    "PendingToolCall",
    "ResultDocument",
    "ResultError",
    "ToolCallId",
    "Undecodable",
    "ValueWithMeta",
    "WireForm",
    "decode",
    "decode_all",
    "decode_stream",
    "parse_tool_call_id",
]
