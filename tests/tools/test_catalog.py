"""The agent's tools from files, directories and globs: positions, errors, reloading."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqrt_tools.tools.catalog import load_catalog
from sqrt_tools.tools.definitions import ToolFormat, load_tools
from sqrt_tools.tools.positions import SourcePosition

RESPONSES = """\
[
  {
    "type": "function",
    "name": "get_weather",
    "description": "Weather for a city.",
    "parameters": {
      "type": "object",
      "properties": {
        "city": {"type": "string"},
        "units": {"type": "string", "enum": ["c", "f"]}
      }
    }
  }
]
"""
TOOLS_LIST_YAML = """\
jsonrpc: "2.0"
id: 1
result:
  tools:
    - name: list_files
      inputSchema:
        type: object
        properties:
          directory:
            type: string
    - name: remove_file
      inputSchema:
        type: object
        properties:
          path: {type: string}
"""


def test_responses_tools_keep_the_line_of_each_tool_and_parameter(tmp_path: Path) -> None:
    file = tmp_path / "weather.json"
    file.write_text(RESPONSES, encoding="utf-8")
    (tool,) = load_tools(file)
    assert tool.source_format is ToolFormat.OPENAI_RESPONSES
    assert tool.file == str(file)
    assert tool.position == SourcePosition(4, 5)
    assert dict(tool.parameter_positions) == {
        "city": SourcePosition(9, 9),
        "units": SourcePosition(10, 9),
    }


def test_a_yaml_tools_list_response_keeps_positions(tmp_path: Path) -> None:
    file = tmp_path / "files.yaml"
    file.write_text(TOOLS_LIST_YAML, encoding="utf-8")
    first, second = load_tools(file)
    assert (first.name, first.position) == ("list_files", SourcePosition(5, 7))
    assert first.parameter_positions["directory"] == SourcePosition(9, 11)
    assert (second.name, second.position) == ("remove_file", SourcePosition(11, 7))
    assert second.parameter_positions["path"] == SourcePosition(15, 11)


def test_a_broken_file_is_one_error_with_its_line_and_the_others_still_load(
    tmp_path: Path,
) -> None:
    (tmp_path / "good.json").write_text(RESPONSES, encoding="utf-8")
    (tmp_path / "bad.json").write_text(
        '{"tools": [\n  {"name": "x",\n   "inputSchema": {"type": "array"}}\n]}\n',
        encoding="utf-8",
    )
    (tmp_path / "invalid.yaml").write_text("tools: [\n", encoding="utf-8")
    catalog = load_catalog([str(tmp_path)])
    assert catalog.names == ("get_weather",)
    assert len(catalog.errors) == 2
    bad, invalid = sorted(catalog.errors)
    assert bad.startswith(f"{tmp_path / 'bad.json'}:3:28: $.tools[0].inputSchema.type: ")
    assert "must describe an object" in bad
    assert invalid.startswith(f"{tmp_path / 'invalid.yaml'}:2:1: invalid YAML")


def test_files_directories_and_globs_resolve_against_the_root(tmp_path: Path) -> None:
    (tmp_path / "mcp").mkdir()
    (tmp_path / "mcp" / "files.yaml").write_text(TOOLS_LIST_YAML, encoding="utf-8")
    (tmp_path / "weather.json").write_text(RESPONSES, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not tools", encoding="utf-8")
    by_glob = load_catalog(["mcp/*.yaml", "weather.json"], tmp_path)
    assert by_glob.names == ("list_files", "remove_file", "get_weather")
    assert by_glob.errors == ()
    assert load_catalog(["."], tmp_path).names == by_glob.names
    missing = load_catalog(["nowhere/*.json"], tmp_path)
    assert missing.errors == ("nowhere/*.json: no tool definition file matches",)


def test_one_tool_in_two_shapes_is_one_tool_but_two_definitions_conflict(
    tmp_path: Path,
) -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}}
    openai = [{"type": "function", "function": {"name": "w", "parameters": schema}}]
    mcp = {"tools": [{"name": "w", "inputSchema": schema}]}
    other = {"tools": [{"name": "w", "inputSchema": {"type": "object"}}]}
    for name, document in (("a.json", openai), ("b.json", mcp), ("c.json", other)):
        (tmp_path / name).write_text(json.dumps(document), encoding="utf-8")
    catalog = load_catalog(["a.json", "b.json", "c.json"], tmp_path)
    assert catalog.names == ("w",)
    (conflict,) = catalog.errors
    assert "c.json:1: a second, different tool named 'w'" in conflict


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    file = tmp_path / "tools.json"
    file.write_text(RESPONSES, encoding="utf-8")
    assert load_catalog([str(file)]).names == ("get_weather",)
    file.write_text(RESPONSES.replace("get_weather", "get_forecast!"), encoding="utf-8")
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_catalog([str(file)]).names == ("get_forecast!",)


def test_regexes_and_internal_tools() -> None:
    catalog = load_catalog([str(Path(__file__).parents[2] / "examples" / "tools")])
    assert catalog.errors == ()
    assert catalog.is_known("parse_with_ai") and not catalog.get("parse_with_ai")
    matched = [tool.name for tool in catalog.applying(r"^admin_[a-z_]+$", regex=True)]
    assert matched == ["admin_read_logs", "admin_reset_password", "admin_delete_user"]
    assert catalog.applying("(", regex=True) == ()
