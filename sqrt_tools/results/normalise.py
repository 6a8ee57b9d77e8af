"""`sqrt inspect --json`: one normalised JSON object per input, with a stable schema.

The schema is versioned (`schema_version`); keys are only ever added within a version.
Every input gives one object, undecodable ones included (`outcome: "undecodable"`), so a
script can zip the output with its inputs. Metadata sets are objects
`{"universal": bool, "values": [...]}` rather than the wire's `["*"]`, so a script never
has to know the convention.
"""

from __future__ import annotations

import json
from typing import (
    Any,
    Literal,
    Required,  # pydantic needs it on 3.11
)

from typing_extensions import TypedDict

from sqrt_tools.results.decoded import DecodedResult, Undecodable
from sqrt_tools.results.glossary import explain_verdict
from sqrt_tools.results.history import find_denial, read_policy_checks
from sqrt_tools.results.models import Meta, MetaSet
from sqrt_tools.results.program import find_call_sites
from sqrt_tools.results.trace import VariableTrace, trace_variable
from sqrt_tools.safe_text import escape_json_text

SCHEMA_VERSION = 1


class SetJSON(TypedDict):
    universal: bool
    values: list[str]


class MetaJSON(TypedDict):
    tags: SetJSON
    consumers: SetJSON
    producers: SetJSON
    other_fields: dict[str, Any]  # fields beside the three sets, as sent


class ModelsJSON(TypedDict):
    planner: str
    quarantined: str | None


class ErrorJSON(TypedDict):
    code: str | int | None
    message: str | None


class DeniedArgumentJSON(TypedDict):
    name: str
    value: Any
    value_type: str | None
    meta: Any  # the quoted metadata as it came (lists of names), or null
    other: dict[str, Any]


class DenialJSON(TypedDict):
    kind: Literal["tool_call", "control_flow", "unrecognised"]
    wording: str | None
    tool: str | None
    verdict: str | None
    explanation: str | None
    phase: str | None
    rules: list[str]
    found_in: list[str]
    policy_check: int | None
    program_lines: list[int]
    arguments: list[DeniedArgumentJSON] | None
    context_problem: str | None


class VariableJSON(TypedDict):
    name: str
    value: Any
    meta: MetaJSON
    value_type: str | None
    other_fields: dict[str, Any]  # fields beside value, meta and value_type


class PolicyCheckJSON(TypedDict):
    number: int
    tool: str | None
    verdict: str | None
    denied: bool | None
    rules: list[str]
    arguments: Any
    raw: Any


class ToolCallJSON(TypedDict):
    id: str
    name: str
    arguments: Any
    session_id: str | None
    call_id: str | None


class TraceBindingJSON(TypedDict):
    line: int
    statement: str
    kind: str
    within: list[str]
    attributions: dict[str, str]
    inputs: list[TraceNodeJSON]


class TraceNodeJSON(TypedDict):
    variable: str
    meta: MetaJSON | None
    remark: str | None
    bindings: list[TraceBindingJSON]


class TraceJSON(TypedDict):
    variable: str
    problem: str | None
    tree: TraceNodeJSON | None


class InspectJSON(TypedDict, total=False):
    # Present in every object, whatever --only says:
    schema_version: Required[int]
    source: Required[str]
    outcome: Required[Literal["success", "failure", "unknown", "tool_calls", "undecodable"]]
    problem: Required[str | None]
    form: Required[str | None]
    # --only status
    status: Literal["success", "failure", "unknown"] | None
    form_description: str | None
    layers: list[str]
    session_id: str | None
    session_id_source: str | None
    model: str | None
    models: ModelsJSON | None
    finish_reason: str | None
    http_status: int | None
    response_id: str | None
    # --only value
    value_present: bool
    value: Any
    value_type: str | None
    value_other_fields: dict[str, Any]
    raw: str | None  # status "unknown": the content that was not a result document
    # --only meta
    meta: MetaJSON | None
    # --only error
    error: ErrorJSON | None
    denial: DenialJSON | None
    # --only program
    program: str | None
    # --only namespace
    namespace: list[VariableJSON] | None
    # --only session
    session_meta: MetaJSON | None
    session_other_fields: dict[str, Any]  # fields of session_meta beside its meta
    # --only history
    policy_checks: list[PolicyCheckJSON] | None
    # --only tools
    tool_calls: list[ToolCallJSON]
    # --only extra
    message_history_mismatch_detected: bool | None
    unknown_fields: dict[str, Any]
    notes: list[str]
    # --only trace (filled only when --trace is given)
    trace: list[TraceJSON] | None


ALWAYS_KEYS = ("schema_version", "source", "outcome", "problem", "form")

PART_KEYS: dict[str, tuple[str, ...]] = {
    "status": (
        "status",
        "form_description",
        "layers",
        "session_id",
        "session_id_source",
        "model",
        "models",
        "finish_reason",
        "http_status",
        "response_id",
    ),
    "value": ("value_present", "value", "value_type", "value_other_fields", "raw"),
    "meta": ("meta",),
    "error": ("error", "denial"),
    "program": ("program",),
    "namespace": ("namespace",),
    "session": ("session_meta", "session_other_fields"),
    "history": ("policy_checks",),
    "tools": ("tool_calls",),
    "extra": ("message_history_mismatch_detected", "unknown_fields", "notes"),
    "trace": ("trace",),
}


def set_json(names: MetaSet) -> SetJSON:
    return {"universal": names.is_universal, "values": names.sorted_names()}


def meta_json(meta: Meta) -> MetaJSON:
    return {
        "tags": set_json(meta.tags),
        "consumers": set_json(meta.consumers),
        "producers": set_json(meta.producers),
        "other_fields": meta.unknown_fields,
    }


def normalise(decoded: DecodedResult, *, trace_names: tuple[str, ...] = ()) -> InspectJSON:
    """The normalised object for one decoded input (every key of the schema present)."""
    document = decoded.document
    models = decoded.models
    obj: InspectJSON = {
        "schema_version": SCHEMA_VERSION,
        "source": decoded.source,
        "outcome": decoded.outcome,
        "problem": None,
        "form": decoded.form.value,
        "status": document.status if document else None,
        "form_description": decoded.form_description,
        "layers": [layer.value for layer in decoded.layers],
        "session_id": decoded.session_id,
        "session_id_source": decoded.session_id_source,
        "model": decoded.model,
        "models": {"planner": models.planner, "quarantined": models.quarantined}
        if models
        else None,
        "finish_reason": decoded.finish_reason,
        "http_status": decoded.http_status,
        "response_id": decoded.response_id,
        "value_present": bool(document and document.final_return_value is not None),
        "value": None,
        "value_type": None,
        "value_other_fields": {},
        "raw": None,
        "meta": None,
        "error": None,
        "denial": None,
        "program": None,
        "namespace": None,
        "session_meta": None,
        "session_other_fields": {},
        "policy_checks": None,
        "tool_calls": [
            {
                "id": call.id,
                "name": call.name,
                "arguments": call.arguments,
                "session_id": call.session_id,
                "call_id": call.call_id,
            }
            for call in decoded.tool_calls
        ],
        "message_history_mismatch_detected": None,
        "unknown_fields": {},
        "notes": list(decoded.notes),
        "trace": None,
    }
    if document is None:
        return obj
    if document.final_return_value is not None:
        obj["value"] = document.final_return_value.value
        obj["value_type"] = document.final_return_value.value_type
        obj["value_other_fields"] = document.final_return_value.unknown_fields
        obj["meta"] = meta_json(document.final_return_value.meta)
    obj["raw"] = document.raw
    if document.error is not None:
        obj["error"] = {"code": document.error.code, "message": document.error.message}
    denial = find_denial(document) if document.status == "failure" else None
    if denial is not None:
        lines = (
            list(find_call_sites(document.program, denial.tool).lines)
            if document.program and denial.tool
            else []
        )
        obj["denial"] = {
            "kind": denial.kind.value,
            "wording": denial.wording,
            "tool": denial.tool,
            "verdict": denial.verdict,
            "explanation": explain_verdict(denial.verdict) if denial.verdict else None,
            "phase": denial.phase,
            "rules": list(denial.rules),
            "found_in": list(denial.found_in),
            "policy_check": denial.history_number,
            "program_lines": lines,
            "arguments": None
            if denial.arguments is None
            else [
                {
                    "name": argument.name,
                    "value": argument.value,
                    "value_type": argument.value_type,
                    "meta": argument.meta,
                    "other": argument.other,
                }
                for argument in denial.arguments
            ],
            "context_problem": denial.context_problem,
        }
    obj["program"] = document.program
    if document.namespace_snapshot is not None:
        obj["namespace"] = [
            {
                "name": name,
                "value": entry.value,
                "meta": meta_json(entry.meta),
                "value_type": entry.value_type,
                "other_fields": entry.unknown_fields,
            }
            for name, entry in document.namespace_snapshot.items()
        ]
    if document.session_meta is not None:
        obj["session_meta"] = meta_json(document.session_meta.meta)
        obj["session_other_fields"] = document.session_meta.fields_beside_meta
    if document.policy_check_history is not None:
        obj["policy_checks"] = [
            {
                "number": check.number,
                "tool": check.tool,
                "verdict": check.verdict,
                "denied": check.denied,
                "rules": list(check.rules),
                "arguments": check.arguments,
                "raw": check.raw,
            }
            for check in read_policy_checks(document.policy_check_history)
        ]
    obj["message_history_mismatch_detected"] = document.message_history_mismatch_detected
    obj["unknown_fields"] = document.unknown_fields
    if trace_names:
        obj["trace"] = [_trace_json(decoded, name) for name in trace_names]
    return obj


def normalise_undecodable(undecodable: Undecodable) -> InspectJSON:
    """The object for an input that could not be decoded: identity keys and the problem."""
    return {
        "schema_version": SCHEMA_VERSION,
        "source": undecodable.source,
        "outcome": "undecodable",
        "problem": undecodable.message,
        "form": None,
    }


def select_parts(obj: InspectJSON, parts: tuple[str, ...]) -> dict[str, Any]:
    """Keep the always-present keys and those of the chosen `--only` parts."""
    wanted = set(ALWAYS_KEYS).union(*(PART_KEYS[part] for part in parts))
    return {key: value for key, value in obj.items() if key in wanted}


def to_json_line(obj: InspectJSON | dict[str, Any]) -> str:
    """One line of JSON, UTF-8 text kept readable, terminal-unsafe characters escaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return escape_json_text(text)


def inspect_json_schema() -> dict[str, Any]:
    """The JSON Schema of one `--json` object (derived from the TypedDicts above)."""
    from pydantic import TypeAdapter

    schema: dict[str, Any] = TypeAdapter(InspectJSON).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"sqrt inspect --json, schema version {SCHEMA_VERSION}"
    return schema


def _trace_json(decoded: DecodedResult, name: str) -> TraceJSON:
    assert decoded.document is not None  # callers trace documents only
    tree = trace_variable(decoded.document, name)
    if isinstance(tree, str):
        return {"variable": name, "problem": tree, "tree": None}
    return {"variable": name, "problem": None, "tree": _trace_node_json(tree)}


def _trace_node_json(node: VariableTrace) -> TraceNodeJSON:
    return {
        "variable": node.name,
        "meta": meta_json(node.meta) if node.meta else None,
        "remark": node.remark,
        "bindings": [
            {
                "line": step.binding.line,
                "statement": step.binding.text,
                "kind": step.binding.kind,
                "within": list(step.binding.within),
                "attributions": {item.field: item.summary for item in step.attributions},
                "inputs": [_trace_node_json(child) for child in step.inputs],
            }
            for step in node.bindings
        ],
    }
