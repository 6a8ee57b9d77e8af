"""The agent's tool definitions in the editor: diagnostics from the configured tools,
reloading when a tool file changes, completion of tool names, arguments and enum values,
hover on tool ids and arguments, and go-to-definition into the tool file."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.uris import from_fs_path

from tests.server.conftest import (
    RecordingClient,
    diagnostics_for,
    open_document,
    position_of,
    start_client,
    stop_client,
    until,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

TOOLS = {
    "tools": [
        {
            "name": "send_email",
            "description": "Send an email from the user's account.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "to": {"type": "string", "description": "The recipient."},
                    "body": {"type": "string", "description": "The text of the mail."},
                    "priority": {"type": "string", "enum": ["low", "normal", "high"]},
                },
                "required": ["to"],
            },
        },
        {
            "name": "send_sms",
            "description": "Send a text message.",
            "inputSchema": {"type": "object", "properties": {"number": {"type": "string"}}},
        },
    ]
}
POLICY = """\
tool "send_emial" { must deny always; }
tool "send_email" {
    must deny when body.tags overlaps {"secret"};
    must deny when priority.value in {"high"};
}
tool r"^send_.*$" { must deny when number.tags overlaps {"x"}; }
"""


@pytest_asyncio.fixture(loop_scope="session")
async def agent(tmp_path: Path) -> AsyncIterator[tuple[RecordingClient, str, Path]]:
    (tmp_path / "agent").mkdir()
    tool_file = tmp_path / "agent" / "mail.json"
    tool_file.write_text(json.dumps(TOOLS, indent=2), encoding="utf-8")
    (tmp_path / "sqrt.toml").write_text('tools = ["agent/"]\n', encoding="utf-8")
    client = await start_client(tmp_path)
    uri = from_fs_path(str(tmp_path / "policies" / "mail.sqrt")) or ""
    try:
        yield client, uri, tool_file
    finally:
        await stop_client(client)


def at(needle: str, nth: int = 0, *, after: bool = False, text: str = POLICY) -> types.Position:
    return position_of(text, needle, nth, after=after)


async def test_typos_are_diagnosed_and_a_tool_file_change_rechecks(
    agent: tuple[RecordingClient, str, Path],
) -> None:
    client, uri, tool_file = agent
    open_document(client, uri, POLICY)
    found = await diagnostics_for(client, uri, 1)
    assert [(d.code, d.range.start.line) for d in found] == [("SQ401", 0)]
    assert 'did you mean "send_email"' in found[0].message
    # The agent gains the tool: the open policy is checked again, without an edit.
    grown = json.loads(json.dumps(TOOLS))
    grown["tools"].append({"name": "send_emial", "inputSchema": {"type": "object"}})
    tool_file.write_text(json.dumps(grown, indent=2), encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=from_fs_path(str(tool_file)) or "", type=types.FileChangeType.Changed
                )
            ]
        )
    )
    await until(lambda: [d.code for d in client.diagnostics.get(uri, [])] == [])


async def test_completion_offers_tool_names_arguments_and_enum_values(
    agent: tuple[RecordingClient, str, Path],
) -> None:
    client, uri, _ = agent
    text = (
        'tool "se" { must deny when b.tags overlaps {}; }\n'
        'tool "send_email" { must deny when priority.value in {"n"}; }\n'
    )
    open_document(client, uri, text)

    async def labels(position: types.Position) -> dict[str, types.CompletionItem]:
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=position
            )
        )
        assert isinstance(result, types.CompletionList)
        return {item.label: item for item in result.items}

    names = await labels(at('"se', after=True, text=text))
    assert {"send_email", "send_sms", "parse_with_ai"} <= set(names)
    assert names["send_email"].detail == "Send an email from the user's account."
    edit = names["send_email"].text_edit
    assert isinstance(edit, types.TextEdit) and edit.new_text == "send_email"
    assert (edit.range.start.character, edit.range.end.character) == (6, 8)

    arguments = await labels(at("when p", after=True, text=text))
    assert {"to", "body", "priority"} <= set(arguments)
    assert arguments["body"].detail == "string argument of send_email"
    documentation = arguments["body"].documentation
    assert isinstance(documentation, types.MarkupContent)
    assert "The text of the mail." in documentation.value

    values = await labels(at('{"n', after=True, text=text))
    assert list(values)[:3] == ['"low"', '"normal"', '"high"']


async def test_hover_shows_the_definition_and_what_a_regex_matches(
    agent: tuple[RecordingClient, str, Path],
) -> None:
    client, uri, _ = agent
    open_document(client, uri, POLICY)

    async def hover(position: types.Position) -> str:
        result = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=position
            )
        )
        assert result is not None and isinstance(result.contents, types.MarkupContent)
        return result.contents.value

    tool = await hover(at("send_email"))
    assert "Send an email from the user's account." in tool
    assert "| parameter | type | required | description |" in tool
    assert "| to | string | yes | The recipient. |" in tool
    assert "Not among the 2 defined tools." in await hover(at("send_emial"))
    regex = await hover(at('r"^send'))
    assert "Matches 2 of the agent's tools: `send\\_email`, `send\\_sms`." in regex
    argument = await hover(at("priority.value"))
    assert "Argument `priority` of `send\\_email` (string, optional)" in argument
    assert '"enum": [' in argument


async def test_go_to_definition_opens_the_tool_file_at_the_line(
    agent: tuple[RecordingClient, str, Path],
) -> None:
    client, uri, tool_file = agent
    open_document(client, uri, POLICY)
    lines = tool_file.read_text(encoding="utf-8").splitlines()

    async def targets(position: types.Position) -> list[tuple[str, int]]:
        result = await client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=position
            )
        )
        found = result if isinstance(result, list) else [result] if result else []
        assert all(isinstance(item, types.Location) for item in found)
        return [(item.uri, item.range.start.line) for item in found]  # type: ignore[union-attr]

    tool_uri = from_fs_path(str(tool_file.resolve()))
    ((file, line),) = await targets(at("send_email"))
    assert file == tool_uri and lines[line].strip() == '"name": "send_email",'
    ((_, line),) = await targets(at("body.tags"))
    assert lines[line].strip() == '"body": {'
    matched = await targets(at('r"^send'))
    assert [lines[line].strip() for _, line in matched] == [
        '"name": "send_email",',
        '"name": "send_sms",',
    ]
    assert await targets(at("send_emial")) == []


async def test_a_broken_tool_file_is_one_warning_and_the_others_still_check(
    tmp_path: Path,
) -> None:
    (tmp_path / "agent").mkdir()
    (tmp_path / "agent" / "mail.json").write_text(json.dumps(TOOLS), encoding="utf-8")
    (tmp_path / "agent" / "broken.yaml").write_text("tools: [\n", encoding="utf-8")
    (tmp_path / "sqrt.toml").write_text('tools = ["agent/"]\n', encoding="utf-8")
    client = await start_client(tmp_path)
    try:
        uri = from_fs_path(str(tmp_path / "mail.sqrt")) or ""
        open_document(client, uri, POLICY)
        found = await diagnostics_for(client, uri, 1)
        assert [d.code for d in found] == ["SQ401"]
        await until(lambda: client.messages)
        warnings = [m for m in client.messages if "broken.yaml" in m.message]
        assert len(warnings) == 1 and warnings[0].type == types.MessageType.Warning
        assert "broken.yaml:2:1: invalid YAML" in warnings[0].message
    finally:
        await stop_client(client)


# An emoji (outside the Basic Multilingual Plane: two UTF-16 code units) before the
# definition on its line, as a one-line tool file has it.
WIDE_TOOLS = {
    "tools": [
        {
            "description": "\U0001f4e8 Send a message.",
            "name": "send_message",
            "inputSchema": {"type": "object", "properties": {"body": {"type": "string"}}},
        }
    ]
}
WIDE_POLICY = 'tool "send_message" { must deny when body.tags overlaps {"x"}; }\n'


@pytest.mark.parametrize(("encodings", "extra_units"), [(None, 1), (["utf-32"], 0)])
async def test_go_to_definition_counts_columns_in_the_clients_encoding(
    tmp_path: Path, encodings: list[str] | None, extra_units: int
) -> None:
    (tmp_path / "agent").mkdir()
    tool_file = tmp_path / "agent" / "wide.json"
    text = json.dumps(WIDE_TOOLS, ensure_ascii=False)  # one line, the emoji first
    tool_file.write_text(text, encoding="utf-8")
    (tmp_path / "sqrt.toml").write_text('tools = ["agent/"]\n', encoding="utf-8")
    client = await start_client(tmp_path, encodings=encodings)
    uri = from_fs_path(str(tmp_path / "policies" / "wide.sqrt")) or ""
    try:
        open_document(client, uri, WIDE_POLICY)
        for needle, target in (("send_message", '"name"'), ("body.tags", '"body"')):
            result = await client.text_document_definition_async(
                types.DefinitionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=at(needle, text=WIDE_POLICY),
                )
            )
            assert isinstance(result, list) and len(result) == 1
            start = result[0].range.start
            code_points = text.index(target)
            # UTF-16 (the default): the emoji is two units, so one more than code points.
            assert (start.line, start.character) == (0, code_points + extra_units)
    finally:
        await stop_client(client)


async def test_the_editors_tools_setting_is_read_relative_to_the_workspace_folder(
    tmp_path: Path,
) -> None:
    # No configuration file: the tools come from the editor's `sqrt.tools` setting only,
    # and the server runs elsewhere (its working directory is not the workspace).
    (tmp_path / "agent").mkdir()
    (tmp_path / "agent" / "mail.json").write_text(json.dumps(TOOLS), encoding="utf-8")
    client = await start_client(tmp_path, settings={"tools": ["agent/"]})
    uri = from_fs_path(str(tmp_path / "policies" / "mail.sqrt")) or ""
    try:
        open_document(client, uri, POLICY)
        # The document may be checked once before the editor's settings arrive (the
        # server asks for them after `initialized`); the settings then re-check it.
        await until(lambda: [d.code for d in client.diagnostics.get(uri, [])] == ["SQ401"])
        found = client.diagnostics[uri]
        assert [(d.code, d.range.start.line) for d in found] == [("SQ401", 0)]
        assert 'did you mean "send_email"' in found[0].message
    finally:
        await stop_client(client)


def test_the_vscode_extension_declares_the_tools_setting_the_server_reads() -> None:
    manifest = Path(__file__).resolve().parents[2] / "lsp" / "vscode" / "package.json"
    properties = json.loads(manifest.read_text(encoding="utf-8"))["contributes"]["configuration"][
        "properties"
    ]
    setting = properties["sqrt.tools"]
    assert setting["type"] == "array" and setting["items"] == {"type": "string"}
    assert setting["default"] == [] and "workspace folder" in setting["markdownDescription"]
