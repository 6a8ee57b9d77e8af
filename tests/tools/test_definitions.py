"""Tool definitions: every accepted shape, conversions, and errors that point at the problem."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sqrt_tools.semantics.model import analyze
from sqrt_tools.syntax import parse
from sqrt_tools.tools.definitions import (
    ToolDefinition,
    ToolFormat,
    load_tools,
    parse_tools,
    parse_tools_text,
)
from sqrt_tools.tools.errors import ToolDefinitionError
from sqrt_tools.tools.internal import INTERNAL_TOOL_NAMES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "tools"
# Every file of the folder but its README, so a new example (.json, .yaml or .yml) is tested.
EXAMPLE_FILES = sorted(path for path in EXAMPLES.glob("*") if path.suffix != ".md")
SCHEMA = {
    "type": "object",
    "properties": {
        "path": {"type": "string", "description": "Where to read."},
        "limit": {"type": "integer"},
    },
    "required": ["path"],
}
OPENAI = {
    "type": "function",
    "function": {"name": "read_file", "description": "Read a file.", "parameters": SCHEMA},
}
RESPONSES = {
    "type": "function",
    "name": "read_file",
    "description": "Read a file.",
    "parameters": SCHEMA,
}
ANTHROPIC = {"name": "read_file", "description": "Read a file.", "input_schema": SCHEMA}
MCP = {"name": "read_file", "description": "Read a file.", "inputSchema": SCHEMA}


def error_of(document: Any) -> ToolDefinitionError:
    with pytest.raises(ToolDefinitionError) as caught:
        parse_tools(document, source="tools.json")
    return caught.value


@pytest.mark.parametrize(
    ("tool", "shape"),
    [
        (OPENAI, ToolFormat.OPENAI),
        (RESPONSES, ToolFormat.OPENAI_RESPONSES),
        (ANTHROPIC, ToolFormat.ANTHROPIC),
        (MCP, ToolFormat.MCP),
    ],
)
def test_each_shape_reads_as_the_same_tool(tool: dict[str, Any], shape: ToolFormat) -> None:
    (definition,) = parse_tools([tool])

    assert definition.name == "read_file"
    assert definition.description == "Read a file."
    assert definition.input_schema == SCHEMA
    assert definition.source_format is shape
    assert [(p.name, p.required) for p in definition.parameters] == [
        ("path", True),
        ("limit", False),
    ]
    assert definition.parameters[0].description == "Where to read."


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (ToolFormat.OPENAI, OPENAI),
        (ToolFormat.OPENAI_RESPONSES, RESPONSES),
        (ToolFormat.ANTHROPIC, ANTHROPIC),
        (ToolFormat.MCP, MCP),
    ],
)
@pytest.mark.parametrize("source", [OPENAI, ANTHROPIC, MCP, RESPONSES])
def test_any_shape_converts_to_any_other(
    source: dict[str, Any], target: ToolFormat, expected: dict[str, Any]
) -> None:
    (definition,) = parse_tools([source])

    assert definition.to_format(target) == expected


def test_a_tool_in_the_target_shape_keeps_its_extra_fields() -> None:
    strict = {**OPENAI, "function": {**OPENAI["function"], "strict": True}}  # type: ignore[dict-item]
    (definition,) = parse_tools([strict])

    assert definition.to_format(ToolFormat.OPENAI)["function"]["strict"] is True
    assert "strict" not in definition.to_format(ToolFormat.ANTHROPIC)


def test_converted_tools_do_not_share_state_with_the_definition() -> None:
    (definition,) = parse_tools([MCP])

    converted = definition.to_format(ToolFormat.ANTHROPIC)
    converted["input_schema"]["properties"].clear()

    assert definition.parameters


def test_mcp_schema_without_type_is_sent_as_an_object_schema() -> None:
    (definition,) = parse_tools([{"name": "ping", "inputSchema": {}}])

    assert definition.to_format(ToolFormat.ANTHROPIC) == {
        "name": "ping",
        "input_schema": {"type": "object"},
    }


def test_older_bare_function_objects_read_as_openai_tools() -> None:
    (definition,) = parse_tools([OPENAI["function"]])

    assert definition.source_format is ToolFormat.OPENAI
    assert definition.to_format(ToolFormat.OPENAI) == OPENAI


@pytest.mark.parametrize(
    "document",
    [
        {"tools": [MCP]},
        {"jsonrpc": "2.0", "id": 7, "result": {"tools": [MCP], "nextCursor": None}},
        MCP,
        [MCP],
    ],
    ids=["tools-list-result", "json-rpc-response", "single-tool", "list"],
)
def test_containers_of_tools(document: Any) -> None:
    (definition,) = parse_tools(document)

    assert definition.name == "read_file"


def test_example_files_in_three_formats_describe_the_same_email_tools() -> None:
    loaded = [
        load_tools(EXAMPLES / name)
        for name in ("email.openai.json", "email.anthropic.json", "email.mcp.json")
    ]

    neutral = [
        [(tool.name, tool.description, tool.input_schema) for tool in tools] for tools in loaded
    ]
    assert neutral[0] == neutral[1] == neutral[2]
    assert [tool.name for tool in loaded[0]] == ["read_drive_document", "send_email"]
    assert {tool.source_format for tools in loaded for tool in tools} == {
        ToolFormat.OPENAI,
        ToolFormat.ANTHROPIC,
        ToolFormat.MCP,
    }


def test_yaml_files_load_like_json(tmp_path: Path) -> None:
    path = tmp_path / "tools.yaml"
    path.write_text(
        "- name: read_file\n  description: Read a file.\n  input_schema:\n"
        "    type: object\n    properties:\n      path: {type: string}\n    required: [path]\n",
        encoding="utf-8",
    )

    (definition,) = load_tools(path)

    assert definition.source_format is ToolFormat.ANTHROPIC
    assert [p.name for p in definition.parameters] == ["path"]


def test_a_file_without_a_known_suffix_may_hold_yaml() -> None:
    tools = parse_tools_text(
        "tools:\n  - name: ping\n    inputSchema: {type: object}\n", source="t"
    )

    assert tools[0].name == "ping"


# --- errors: the file, the JSON path, what is wrong ---------------------------------------


def test_unknown_tool_shape_names_its_path_and_the_accepted_shapes() -> None:
    error = error_of({"tools": [MCP, {"title": "nope"}]})

    assert str(error).startswith(
        "tools.json: $.tools[1]: not a tool definition: expected an OpenAI"
    )
    assert "Anthropic" in str(error) and "MCP" in str(error)


def test_missing_name_points_at_the_name() -> None:
    error = error_of([{"type": "function", "function": {"parameters": SCHEMA}}])

    assert error.path == "$[0].function.name"
    assert "needs a non-empty `name` string" in error.reason


def test_schema_that_is_not_an_object_schema() -> None:
    error = error_of([{"name": "x", "input_schema": {"type": "string"}}])

    assert error.path == "$[0].input_schema.type"
    assert 'must describe an object, not "string"' in error.reason


def test_bad_property_and_required_are_located() -> None:
    prop = error_of([{"name": "x", "inputSchema": {"properties": {"my arg": 3}}}])
    required = error_of([{"name": "x", "inputSchema": {"required": "path"}}])

    assert prop.path == '$[0].inputSchema.properties["my arg"]'
    assert required.path == "$[0].inputSchema.required"


def test_duplicate_tool_names_are_refused_with_both_places() -> None:
    error = error_of([MCP, ANTHROPIC])

    assert error.path == "$[1]"
    assert 'a second tool named "read_file" (the first is at $[0])' in error.reason


def test_provider_built_in_tools_are_refused() -> None:
    error = error_of([{"type": "web_search_20250305", "name": "web_search"}])

    assert error.path == "$[0].type"
    assert "only function tools can be used" in error.reason


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ("just text", "expected a list of tools"),
        ({"tools": {"a": 1}}, "expected a list of tools, not an object"),
        ([], "no tools: the list is empty"),
        ({"jsonrpc": "2.0", "id": 1, "error": {"code": -1}}, "a JSON-RPC error response"),
        ([{"name": "x", "description": 5, "inputSchema": {}}], "expected a string, not a number"),
        ([{"name": "a\x1b[2Jb", "inputSchema": {}}], "control characters"),
        ([{"name": "x", "inputSchema": {"default": float("nan")}}], "not a JSON number"),
    ],
)
def test_other_shapes_are_refused_with_a_reason(document: Any, reason: str) -> None:
    assert reason in str(error_of(document))


def test_invalid_json_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "tools.json"
    path.write_text('[\n  {"name": "x",\n   "inputSchema": {} \n  \n', encoding="utf-8")

    with pytest.raises(ToolDefinitionError) as caught:
        load_tools(path)

    assert str(caught.value).startswith(f"{path}:5:1: invalid JSON: ")


def test_invalid_yaml_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "tools.yml"
    path.write_text("tools:\n  - name: x\n   bad: [\n", encoding="utf-8")

    with pytest.raises(ToolDefinitionError) as caught:
        load_tools(path)

    assert str(caught.value).startswith(f"{path}:3:")
    assert "invalid YAML" in str(caught.value)


def test_yaml_values_json_cannot_hold_are_located(tmp_path: Path) -> None:
    path = tmp_path / "tools.yaml"
    path.write_text(
        "- name: book\n  inputSchema:\n    properties:\n"
        "      day: {type: string, default: 2026-01-31}\n",
        encoding="utf-8",
    )

    with pytest.raises(ToolDefinitionError) as caught:
        load_tools(path)

    assert caught.value.path == "$[0].inputSchema.properties.day.default"
    assert "a date value, which JSON cannot hold; quote it" in caught.value.reason


def test_yaml_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]

    with pytest.raises(ToolDefinitionError, match="too large"):
        parse_tools_text("\n".join(lines) + "\n", source="bomb.yaml", yaml=True)


def test_deeply_nested_json_is_an_error_not_a_crash() -> None:
    with pytest.raises(ToolDefinitionError, match=r"nested too deeply"):
        parse_tools_text("[" * 100_000 + "]" * 100_000, source="deep.json", yaml=False)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"\xff\xfe[]", "not valid UTF-8"), (b"  \n", "empty file")],
)
def test_unreadable_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "tools.json"
    path.write_bytes(content)

    with pytest.raises(ToolDefinitionError, match=reason):
        load_tools(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ToolDefinitionError, match="no such file"):
        load_tools(tmp_path / "absent.json")
    with pytest.raises(ToolDefinitionError, match="is a directory"):
        load_tools(tmp_path)


def test_every_example_tool_file_loads() -> None:
    loaded = {path.name: load_tools(path) for path in EXAMPLE_FILES}

    formats = {tool.source_format for tools in loaded.values() for tool in tools}
    assert formats >= {ToolFormat.OPENAI, ToolFormat.ANTHROPIC, ToolFormat.MCP}
    assert all(isinstance(tool, ToolDefinition) for tools in loaded.values() for tool in tools)


def test_every_tool_of_the_example_policies_has_a_definition_with_its_arguments() -> None:
    parameters: dict[str, set[str]] = {}
    for path in EXAMPLE_FILES:
        for tool in load_tools(path):
            parameters.setdefault(tool.name, set()).update(p.name for p in tool.parameters)
    problems = []
    for policy_file in sorted(EXAMPLES.parent.glob("*.sqrt")):
        model = analyze(parse(policy_file.read_text(encoding="utf-8")).program)
        for scope in model.tools:
            tool_id = scope.policy.tool_id
            if tool_id.kind == "r":
                names = [name for name in parameters if re.fullmatch(tool_id.value, name)]
            elif tool_id.value in INTERNAL_TOOL_NAMES:
                continue  # the service's own tools, never in an agent's tool list
            else:
                names = [tool_id.value] if tool_id.value in parameters else []
            where = f"{policy_file.name}: {tool_id.raw}"
            if not names:
                problems.append(f"{where}: no tool definition")
                continue
            # An argument must be a parameter of the tool, or of one of the tools a regex matches.
            defined = set().union(*(parameters[name] for name in names))
            problems += [
                f"{where}: no parameter {arg!r}" for arg in model.arguments(scope) - defined
            ]

    assert problems == []


def test_json_round_trip_of_a_converted_tool_list() -> None:
    tools = parse_tools([MCP, {**ANTHROPIC, "name": "write_file"}])

    sent = json.loads(json.dumps([tool.to_format(ToolFormat.OPENAI) for tool in tools]))

    assert [tool.name for tool in parse_tools(sent)] == ["read_file", "write_file"]
