"""Dual-LLM results: decode any wire form into typed models, then explain them.

>>> from sqrt_tools.results import decode
>>> result = decode(open("response.json", "rb").read())
>>> result.outcome, result.form_description, result.document.final_return_value
"""

from sqrt_tools.results.decode import decode, decode_all, decode_stream
from sqrt_tools.results.decoded import (
    DecodedResult,
    Layer,
    PendingToolCall,
    Undecodable,
    WireForm,
)
from sqrt_tools.results.errors import DecodeError, MultipleResultsError
from sqrt_tools.results.models import Meta, MetaSet, ResultDocument, ResultError, ValueWithMeta
from sqrt_tools.results.session import ModelPair, ToolCallId, parse_tool_call_id

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
