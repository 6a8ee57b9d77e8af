"""`--json` objects: a stable, versioned schema that every output validates against."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from inline_snapshot import snapshot
from results_builders import EXAMPLES

from sqrt_tools.results import DecodedResult, Undecodable, decode, decode_all
from sqrt_tools.results.normalise import (
    ALWAYS_KEYS,
    PART_KEYS,
    inspect_json_schema,
    normalise,
    normalise_undecodable,
    select_parts,
    to_json_line,
)


def _type_of(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type_of(option) for option in schema["anyOf"])
    if "enum" in schema:
        return "enum(" + ",".join(str(value) for value in schema["enum"]) + ")"
    if "const" in schema:
        return f"const({schema['const']})"
    kind = schema.get("type")
    if kind == "array":
        return f"array[{_type_of(schema.get('items', {}))}]"
    if kind == "object" and "additionalProperties" in schema:
        return f"map[{_type_of(schema['additionalProperties'])}]"
    return str(kind or "any")


def _outline(schema: dict[str, Any]) -> dict[str, Any]:
    """Every object of the schema as {property: type}, required ones marked with '*'."""
    objects = {"InspectJSON": schema, **schema.get("$defs", {})}
    outline: dict[str, Any] = {}
    for name, definition in sorted(objects.items()):
        required = set(definition.get("required", []))
        outline[name] = {
            prop + ("*" if prop in required else ""): _type_of(prop_schema)
            for prop, prop_schema in definition["properties"].items()
        }
    return outline


def test_json_schema_is_stable() -> None:
    # A change here breaks scripts: bump SCHEMA_VERSION, or only ever add keys.
    assert _outline(inspect_json_schema()) == snapshot(
        {
            "DenialJSON": {
                "kind*": "enum(tool_call,control_flow,unrecognised)",
                "wording*": "string | null",
                "tool*": "string | null",
                "verdict*": "string | null",
                "explanation*": "string | null",
                "phase*": "string | null",
                "rules*": "array[string]",
                "found_in*": "array[string]",
                "policy_check*": "integer | null",
                "program_lines*": "array[integer]",
                "arguments*": "array[DeniedArgumentJSON] | null",
                "context_problem*": "string | null",
            },
            "DeniedArgumentJSON": {
                "name*": "string",
                "value*": "any",
                "value_type*": "string | null",
                "meta*": "any",
                "other*": "map[any]",
            },
            "ErrorJSON": {"code*": "string | integer | null", "message*": "string | null"},
            "InspectJSON": {
                "schema_version*": "integer",
                "source*": "string",
                "outcome*": "enum(success,failure,unknown,tool_calls,undecodable)",
                "problem*": "string | null",
                "form*": "string | null",
                "status": "enum(success,failure,unknown) | null",
                "form_description": "string | null",
                "layers": "array[string]",
                "session_id": "string | null",
                "session_id_source": "string | null",
                "model": "string | null",
                "models": "ModelsJSON | null",
                "finish_reason": "string | null",
                "http_status": "integer | null",
                "response_id": "string | null",
                "value_present": "boolean",
                "value": "any",
                "value_type": "string | null",
                "value_other_fields": "map[any]",
                "raw": "string | null",
                "meta": "MetaJSON | null",
                "error": "ErrorJSON | null",
                "denial": "DenialJSON | null",
                "program": "string | null",
                "namespace": "array[VariableJSON] | null",
                "session_meta": "MetaJSON | null",
                "session_other_fields": "map[any]",
                "policy_checks": "array[PolicyCheckJSON] | null",
                "tool_calls": "array[ToolCallJSON]",
                "message_history_mismatch_detected": "boolean | null",
                "unknown_fields": "map[any]",
                "notes": "array[string]",
                "trace": "array[TraceJSON] | null",
            },
            "MetaJSON": {
                "tags*": "SetJSON",
                "consumers*": "SetJSON",
                "producers*": "SetJSON",
                "other_fields*": "map[any]",
            },
            "ModelsJSON": {"planner*": "string", "quarantined*": "string | null"},
            "PolicyCheckJSON": {
                "number*": "integer",
                "tool*": "string | null",
                "verdict*": "string | null",
                "denied*": "boolean | null",
                "rules*": "array[string]",
                "arguments*": "any",
                "raw*": "any",
            },
            "SetJSON": {"universal*": "boolean", "values*": "array[string]"},
            "ToolCallJSON": {
                "id*": "string",
                "name*": "string",
                "arguments*": "any",
                "session_id*": "string | null",
                "call_id*": "string | null",
            },
            "TraceBindingJSON": {
                "line*": "integer",
                "statement*": "string",
                "kind*": "string",
                "within*": "array[string]",
                "attributions*": "map[string]",
                "inputs*": "array[TraceNodeJSON]",
            },
            "TraceJSON": {
                "variable*": "string",
                "problem*": "string | null",
                "tree*": "TraceNodeJSON | null",
            },
            "TraceNodeJSON": {
                "variable*": "string",
                "meta*": "MetaJSON | null",
                "remark*": "string | null",
                "bindings*": "array[TraceBindingJSON]",
            },
            "VariableJSON": {
                "name*": "string",
                "value*": "any",
                "meta*": "MetaJSON",
                "value_type*": "string | null",
                "other_fields*": "map[any]",
            },
        }
    )


def test_every_example_output_validates_against_the_schema() -> None:
    schema = inspect_json_schema()
    for path in sorted(p for p in EXAMPLES.iterdir() if p.is_file() and p.suffix != ".md"):
        for result in decode_all(path.read_bytes(), source=path.name):
            if isinstance(result, Undecodable):
                obj = normalise_undecodable(result)
            else:
                obj = normalise(
                    result, trace_names=("final_return_value",) if result.document else ()
                )
            jsonschema.validate(json.loads(to_json_line(obj)), schema)


def test_a_denial_normalises_to_plain_data() -> None:
    result = decode((EXAMPLES / "denial.chat.json").read_bytes(), source="denial.chat.json")
    obj = select_parts(normalise(result), ("status", "error"))
    obj["error"]["message"] = obj["error"]["message"][:60]
    assert obj == snapshot(
        {
            "schema_version": 1,
            "source": "denial.chat.json",
            "outcome": "failure",
            "problem": None,
            "form": "chat_completions",
            "status": "failure",
            "form_description": "Chat Completions response (finish_reason: error)",
            "layers": [],
            "session_id": None,
            "session_id_source": None,
            "model": "openai/gpt-5,openai/gpt-5-mini",
            "models": {"planner": "openai/gpt-5", "quarantined": "openai/gpt-5-mini"},
            "finish_reason": "error",
            "http_status": None,
            "response_id": "chatcmpl-41c07be95a2d4f18",
            "error": {
                "code": "tool_call_denied",
                "message": "Tool call send_email denied by argument checking policies. C",
            },
            "denial": {
                "kind": "tool_call",
                "wording": "tool-call",
                "tool": "send_email",
                "verdict": "hard_denied",
                "explanation": "denied by a hard rule (must/hard deny); nothing can override it",
                "phase": "argument checking",
                "rules": [
                    "policy send_email: must deny when body.tags overlaps "
                    '{"confidential"} -> deny (hard)',
                    "policy send_email: should allow when to.value in "
                    '{w"*@example.com"} -> no_match (soft)',
                ],
                "found_in": ["the error message", "policy check 3"],
                "policy_check": 3,
                "program_lines": [8],
                "arguments": None,
                "context_problem": None,
            },
        }
    )


def test_universal_sets_are_explicit_objects() -> None:
    result = decode(
        {
            "status": "success",
            "final_return_value": {"value": 1, "meta": {"consumers": ["*"], "tags": ["b", "a"]}},
        }
    )
    obj = normalise(result)
    assert obj["meta"] == {
        "tags": {"universal": False, "values": ["a", "b"]},
        "consumers": {"universal": True, "values": []},
        "producers": {"universal": False, "values": []},
        "other_fields": {},
    }


@pytest.mark.parametrize("part", sorted(PART_KEYS))
def test_only_keeps_the_identity_keys_and_the_part(part: str) -> None:
    result = decode((EXAMPLES / "success-tags.chat.json").read_bytes())
    selected = select_parts(normalise(result), (part,))
    assert set(selected) == set(ALWAYS_KEYS) | set(PART_KEYS[part])


def test_every_schema_key_belongs_to_exactly_one_part_or_the_identity() -> None:
    properties = set(inspect_json_schema()["properties"])
    grouped = [*ALWAYS_KEYS, *(key for keys in PART_KEYS.values() for key in keys)]
    assert sorted(grouped) == sorted(properties)


def test_full_object_has_every_schema_key() -> None:
    result = decode((EXAMPLES / "tool-calls.chat.json").read_bytes())
    assert isinstance(result, DecodedResult)
    assert set(normalise(result)) == set(inspect_json_schema()["properties"])


def test_json_lines_output_escapes_terminal_controls_but_keeps_the_data() -> None:
    hostile = "red \x1b[31m bell \x07 csi \x9b bidi \u202e é"
    result = decode({"status": "success", "final_return_value": {"value": hostile}})
    line = to_json_line(normalise(result))

    assert "\n" not in line
    assert not any(char in line for char in "\x1b\x07\x9b\u202e")
    assert "é" in line  # readable UTF-8 stays readable
    assert json.loads(line)["value"] == hostile
