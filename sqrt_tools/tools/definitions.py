"""Tool definitions: read them in any common shape, convert them to the shape a request needs.

Accepted, from JSON or YAML (section 6 of the language reference):
- OpenAI Chat Completions function tools `{"type": "function", "function": {"name",
  "description", "parameters"}}` (and the bare `function` object of the older API);
- OpenAI Responses function tools `{"type": "function", "name", "parameters"}`;
- Anthropic tools `{"name", "description", "input_schema"}`;
- MCP tool objects `{"name", "description", "inputSchema"}`;
each as a list, a `{"tools": [...]}` object (an MCP `tools/list` result), a whole
JSON-RPC response holding one, or a single tool. Anything else is refused with the
file, the line and the JSON path of the problem. Read from text, each tool keeps the
position of its definition and of each parameter (for go-to-definition).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqrt_tools.input_limits import InputTooLarge, read_bytes
from sqrt_tools.tools.errors import ToolDefinitionError
from sqrt_tools.tools.positions import PositionIndex, SourcePosition, index_text

# Values in one file, counted after YAML aliases are expanded (a file of aliases of
# aliases can otherwise stand for billions of values).
MAX_VALUES = 200_000
_YAML_SUFFIXES = (".yaml", ".yml")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ToolFormat(StrEnum):
    """The shapes a tool definition comes in."""

    OPENAI = "openai"  # Chat Completions: {"type": "function", "function": {...}}
    OPENAI_RESPONSES = "openai-responses"  # Responses API: {"type": "function", "name", ...}
    ANTHROPIC = "anthropic"  # {"name", "description", "input_schema"}
    MCP = "mcp"  # {"name", "description", "inputSchema"}


@dataclass(frozen=True, slots=True)
class Parameter:
    """One argument of a tool, as its JSON Schema describes it."""

    name: str
    schema: dict[str, Any]
    required: bool

    @property
    def description(self) -> str:
        text = self.schema.get("description")
        return " ".join(text.split()) if isinstance(text, str) else ""

    @property
    def is_sqrt_name(self) -> bool:
        """True when a policy can name this argument (`name.value`, `name.tags`)."""
        return _IDENTIFIER.fullmatch(self.name) is not None


@dataclass(frozen=True, slots=True)
class ToolDefinition:
    """A tool in a neutral form: its name, description and JSON Schema of its input."""

    name: str
    description: str
    input_schema: dict[str, Any]
    source_format: ToolFormat
    location: str = ""  # JSON path in the file it came from, for messages
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    file: str = field(default="", compare=False)  # the file it was read from, if any
    position: SourcePosition | None = field(default=None, compare=False)
    parameter_positions: Mapping[str, SourcePosition] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The parameters by name, built on first use: the linter asks for every argument a
    # rule reads (the schema is not changed after loading).
    _parameters: dict[str, Parameter] | None = field(
        default=None, init=False, compare=False, repr=False
    )

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The top-level properties of the input schema, in their written order."""
        return tuple(self._parameter_table().values())

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called `name`, if the schema lists one."""
        return self._parameter_table().get(name)

    def _parameter_table(self) -> dict[str, Parameter]:
        table = self._parameters
        if table is None:
            table = {}
            properties = self.input_schema.get("properties")
            if isinstance(properties, dict):
                required = self.input_schema.get("required")
                required_names = set(required) if isinstance(required, list) else set()
                for name, schema in properties.items():
                    table[name] = Parameter(
                        name, schema if isinstance(schema, dict) else {}, name in required_names
                    )
            object.__setattr__(self, "_parameters", table)
        return table

    def to_format(self, target: ToolFormat) -> dict[str, Any]:
        """This tool in `target`'s shape; a tool already in that shape is returned as written."""
        if target is self.source_format and self.raw:
            return _deep_copy(self.raw)
        description = {"description": self.description} if self.description else {}
        schema = _deep_copy(self.input_schema)
        if target is ToolFormat.OPENAI:
            return {
                "type": "function",
                "function": {"name": self.name, **description, "parameters": schema},
            }
        if target is ToolFormat.OPENAI_RESPONSES:
            return {"type": "function", "name": self.name, **description, "parameters": schema}
        if target is ToolFormat.ANTHROPIC:
            return {"name": self.name, **description, "input_schema": schema}
        return {"name": self.name, **description, "inputSchema": schema}


def load_tools(path: str | Path) -> tuple[ToolDefinition, ...]:
    """Read tool definitions from a JSON or YAML file. Raises `ToolDefinitionError`."""
    source = str(path)
    file = Path(path)
    try:
        data = read_bytes(file)
    except InputTooLarge as exc:
        raise ToolDefinitionError(source, "", str(exc.strerror)) from None
    except IsADirectoryError:
        raise ToolDefinitionError(
            source, "", "is a directory, not a tool definition file"
        ) from None
    except FileNotFoundError:
        raise ToolDefinitionError(source, "", "no such file") from None
    except OSError as exc:
        raise ToolDefinitionError(source, "", f"cannot read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ToolDefinitionError(source, "", f"not valid UTF-8 (at byte {exc.start})") from None
    suffix = file.suffix.lower()
    yaml = True if suffix in _YAML_SUFFIXES else False if suffix == ".json" else None
    return parse_tools_text(text, source=source, yaml=yaml)


def parse_tools_text(
    text: str, *, source: str, yaml: bool | None = None
) -> tuple[ToolDefinition, ...]:
    """Tool definitions from JSON (`yaml=False`), YAML (`yaml=True`) or either (`None`),
    each with the positions of its definition and parameters in `text`."""
    if not text.strip():
        raise ToolDefinitionError(source, "", "empty file: expected tool definitions")
    if yaml:
        document = _load_yaml(text, source)
    else:
        try:
            document = _load_json(text, source)
        except ToolDefinitionError:
            if yaml is False:
                raise
            document = _load_yaml(text, source)
    try:
        tools = parse_tools(document, source=source)
    except ToolDefinitionError as exc:
        # The JSON path says where; the line says it to an editor and to people.
        # (`$` is the whole document: its line says nothing.)
        where = index_text(text).position(exc.path) if exc.path not in ("", "$") else None
        if where is None:
            raise
        raise ToolDefinitionError(
            f"{source}:{where.line}:{where.column}", exc.path, exc.reason
        ) from None
    positions = index_text(text)
    return tuple(_with_positions(tool, positions, source) for tool in tools)


def _with_positions(tool: ToolDefinition, index: PositionIndex, source: str) -> ToolDefinition:
    # `location` is the object holding `name` and the schema (for Chat Completions tools
    # the inner `function`), so the same steps lead to both in every shape.
    schema_path = f"{tool.location}.{_SCHEMA_KEYS[tool.source_format]}.properties"
    parameters: dict[str, SourcePosition] = {}
    for parameter in tool.parameters:
        where = index.position(_child(schema_path, parameter.name), key=True)
        if where is not None:
            parameters[parameter.name] = where
    return replace(
        tool,
        file=source,
        position=index.position(f"{tool.location}.name", key=True) or index.position(tool.location),
        parameter_positions=parameters,
    )


def parse_tools(document: Any, *, source: str = "<tools>") -> tuple[ToolDefinition, ...]:
    """Tool definitions from an already-parsed JSON document. Raises `ToolDefinitionError`."""
    _check_json_values(document, source)
    items, base = _tool_list(document, source)
    tools: list[ToolDefinition] = []
    first_seen: dict[str, str] = {}
    for index, item in enumerate(items):
        location = f"{base}[{index}]" if base is not None else "$"
        tool = _one_tool(item, location, source)
        if tool.name in first_seen:
            raise ToolDefinitionError(
                source,
                location,
                f"a second tool named {json.dumps(tool.name)} (the first is at "
                f"{first_seen[tool.name]})",
            )
        first_seen[tool.name] = location
        tools.append(tool)
    if not tools:
        raise ToolDefinitionError(source, base or "$", "no tools: the list is empty")
    return tuple(tools)


# --- reading ----------------------------------------------------------------------------


def _load_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ToolDefinitionError(
            f"{source}:{exc.lineno}:{exc.colno}", "", f"invalid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise ToolDefinitionError(source, "", "invalid JSON: nested too deeply") from None


def _load_yaml(text: str, source: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise ToolDefinitionError(where, "", f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ToolDefinitionError(
            source, "", f"invalid YAML: {' '.join(str(exc).split())}"
        ) from None
    except RecursionError:
        raise ToolDefinitionError(source, "", "invalid YAML: nested too deeply") from None


def _check_json_values(document: Any, source: str) -> None:
    """Refuse what JSON cannot hold (YAML dates, non-string keys, NaN) and huge documents.

    Iterative, so neither deep nesting nor a YAML alias cycle can exhaust the stack.
    """
    pending: list[tuple[Any, str]] = [(document, "$")]
    seen = 0
    while pending:
        value, path = pending.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise ToolDefinitionError(
                source,
                "",
                f"too large: more than {MAX_VALUES} values (after expanding YAML aliases)",
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise ToolDefinitionError(
                        source, path, f"the key {key!r} is not a string; quote it"
                    )
                pending.append((item, _child(path, key)))
        elif isinstance(value, list):
            pending.extend((item, f"{path}[{index}]") for index, item in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            raise ToolDefinitionError(source, path, f"{value} is not a JSON number")
        elif value is not None and not isinstance(value, str | int | float | bool):
            kind = type(value).__name__
            raise ToolDefinitionError(
                source, path, f"a {kind} value, which JSON cannot hold; quote it to make a string"
            )


def _tool_list(document: Any, source: str) -> tuple[list[Any], str | None]:
    """The tool objects of a document, and the JSON path of their list (None: one tool)."""
    if isinstance(document, list):
        return document, "$"
    if not isinstance(document, dict):
        raise ToolDefinitionError(source, "$", _EXPECTED_DOCUMENT + f", not {_kind(document)}")
    base = "$"
    if "jsonrpc" in document:
        if "error" in document:
            raise ToolDefinitionError(
                source, "$.error", "a JSON-RPC error response, not a tools/list result"
            )
        result = document.get("result")
        if not isinstance(result, dict):
            raise ToolDefinitionError(
                source, "$.result", "a JSON-RPC response without a tools/list result"
            )
        document, base = result, "$.result"
    if "tools" in document:
        tools = document["tools"]
        if not isinstance(tools, list):
            raise ToolDefinitionError(
                source, f"{base}.tools", f"expected a list of tools, not {_kind(tools)}"
            )
        return tools, f"{base}.tools"
    if base == "$" and _looks_like_tool(document):
        return [document], None
    raise ToolDefinitionError(source, base, _EXPECTED_DOCUMENT)


_EXPECTED_DOCUMENT = (
    "expected a list of tools, an object with a `tools` list (an MCP tools/list result) "
    "or a single tool definition"
)
_EXPECTED_TOOL = (
    "not a tool definition: expected an OpenAI function tool "
    '({"type": "function", "function": {...}}), an Anthropic tool ({"name", "input_schema"}) '
    'or an MCP tool ({"name", "inputSchema"})'
)


def _looks_like_tool(document: dict[str, Any]) -> bool:
    return any(
        key in document for key in ("function", "input_schema", "inputSchema", "name", "type")
    )


# --- one tool ---------------------------------------------------------------------------


def _one_tool(item: Any, location: str, source: str) -> ToolDefinition:
    if not isinstance(item, dict):
        raise ToolDefinitionError(source, location, f"{_EXPECTED_TOOL}, not {_kind(item)}")
    kind = item.get("type")
    if kind == "function" and "function" in item:
        function = item["function"]
        where = f"{location}.function"
        if not isinstance(function, dict):
            raise ToolDefinitionError(source, where, f"expected an object, not {_kind(function)}")
        return _build(function, item, ToolFormat.OPENAI, where, source)
    if kind == "function" and "name" in item:
        return _build(item, item, ToolFormat.OPENAI_RESPONSES, location, source)
    if kind is not None and kind not in ("function", "custom"):
        raise ToolDefinitionError(
            source,
            f"{location}.type",
            f"a {json.dumps(kind)} tool is built into its provider and has no input schema; "
            "only function tools can be used",
        )
    if "input_schema" in item:
        return _build(item, item, ToolFormat.ANTHROPIC, location, source)
    if "inputSchema" in item:
        return _build(item, item, ToolFormat.MCP, location, source)
    if "name" in item and "parameters" in item:  # the bare `function` object of the older API
        wrapped = {"type": "function", "function": item}
        return _build(item, wrapped, ToolFormat.OPENAI, location, source)
    raise ToolDefinitionError(source, location, _EXPECTED_TOOL)


_SCHEMA_KEYS = {
    ToolFormat.OPENAI: "parameters",
    ToolFormat.OPENAI_RESPONSES: "parameters",
    ToolFormat.ANTHROPIC: "input_schema",
    ToolFormat.MCP: "inputSchema",
}


def _build(
    body: dict[str, Any], raw: dict[str, Any], shape: ToolFormat, location: str, source: str
) -> ToolDefinition:
    schema_key = _SCHEMA_KEYS[shape]
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        found = "missing" if name is None else f"{_kind(name)}"
        raise ToolDefinitionError(
            source, f"{location}.name", f"a tool needs a non-empty `name` string ({found})"
        )
    if _CONTROL.search(name):
        raise ToolDefinitionError(
            source, f"{location}.name", "the tool name contains control characters"
        )
    description = body.get("description")
    if description is not None and not isinstance(description, str):
        raise ToolDefinitionError(
            source, f"{location}.description", f"expected a string, not {_kind(description)}"
        )
    schema_path = f"{location}.{schema_key}"
    schema = body.get(schema_key)
    if schema is None:
        if shape in (ToolFormat.ANTHROPIC, ToolFormat.MCP):
            raise ToolDefinitionError(
                source, schema_path, 'the input schema is null; use {"type": "object"}'
            )
        schema = {"type": "object", "properties": {}}
    _check_schema(schema, schema_path, source)
    normalised = {"type": "object", **schema} if "type" not in schema else dict(schema)
    return ToolDefinition(name, description or "", normalised, shape, location, raw)


def _check_schema(schema: Any, path: str, source: str) -> None:
    if not isinstance(schema, dict):
        raise ToolDefinitionError(
            source, path, f"the input schema must be a JSON Schema object, not {_kind(schema)}"
        )
    kind = schema.get("type", "object")
    if kind != "object":
        raise ToolDefinitionError(
            source,
            f"{path}.type",
            f"the input schema must describe an object, not {json.dumps(kind)}",
        )
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        raise ToolDefinitionError(
            source, f"{path}.properties", f"expected an object, not {_kind(properties)}"
        )
    for name, prop in properties.items():
        if not isinstance(prop, dict | bool):
            raise ToolDefinitionError(
                source,
                _child(f"{path}.properties", name),
                f"expected a JSON Schema object, not {_kind(prop)}",
            )
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(name, str) for name in required):
        raise ToolDefinitionError(source, f"{path}.required", "expected a list of parameter names")


def _deep_copy(obj: dict[str, Any]) -> dict[str, Any]:
    """A copy the caller may change (the values are JSON values, checked on loading)."""
    copied: dict[str, Any] = json.loads(json.dumps(obj))
    return copied


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if _IDENTIFIER.fullmatch(key) else f"{path}[{json.dumps(key)}]"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"
