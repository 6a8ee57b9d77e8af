"""Settings from `workspace/configuration` and from `sqrt.toml` / `pyproject.toml`,
the same as the CLI's, applied at once when they change."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path

from tests.server.conftest import (
    RecordingClient,
    apply_edits,
    diagnostics_for,
    new_uri,
    open_document,
    start_client,
    stop_client,
    until,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

POLICY = (
    'let unused = {"x"};\n'
    'tool "t" { must deny when a.tags overlaps {"averyveryverylongtag", "another"}; }\n'
)


def codes_of(items: list[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in items]


async def latest_codes(client: RecordingClient, uri: str) -> list[str]:
    return codes_of(list(client.diagnostics.get(uri, [])))


async def test_editor_settings_apply_and_change_without_restart(tmp_path: Path) -> None:
    client = await start_client(tmp_path, settings={"ignore": ["unused-let"]})
    try:
        await until(lambda: client.registrations)
        methods = {r.method for r in client.registrations}
        assert types.WORKSPACE_DID_CHANGE_CONFIGURATION in methods
        assert types.WORKSPACE_DID_CHANGE_WATCHED_FILES in methods
        uri = from_fs_path(str(tmp_path / "a.sqrt")) or ""
        open_document(client, uri, POLICY)
        await until(lambda: any(p.uri == uri for p in client.published))
        await until(lambda: "SQ301" not in codes_of(list(client.diagnostics[uri])))
        assert "SQ301" not in await latest_codes(client, uri)
        client.set_configuration({"ignore": []}, section="sqrt")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await until(lambda: "SQ301" in codes_of(list(client.diagnostics[uri])))
    finally:
        await stop_client(client)


async def test_configuration_files_apply_and_are_watched(tmp_path: Path) -> None:
    config = tmp_path / "sqrt.toml"
    config.write_text('ignore = ["SQ301"]\n[format]\nline-width = 40\n', encoding="utf-8")
    client = await start_client(tmp_path)
    try:
        uri = from_fs_path(str(tmp_path / "nested" / "b.sqrt")) or ""
        open_document(client, uri, POLICY)
        assert "SQ301" not in codes_of(await diagnostics_for(client, uri, 1))
        edits = await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                options=types.FormattingOptions(tab_size=4, insert_spaces=True),
            )
        )
        formatted = apply_edits(POLICY, edits or [])
        assert max(len(line) for line in formatted.splitlines()) <= 40
        # the file changes: the server reads it again when told
        config.write_text('select = ["unused-let"]\n', encoding="utf-8")
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(
                        uri=from_fs_path(str(config)) or "", type=types.FileChangeType.Changed
                    )
                ]
            )
        )
        await until(lambda: codes_of(list(client.diagnostics[uri])) == ["SQ301"])
    finally:
        await stop_client(client)


async def test_an_unusable_setting_is_reported_once_and_defaults_apply(tmp_path: Path) -> None:
    client = await start_client(tmp_path, settings={"select": "not-a-list"})
    try:
        uri = from_fs_path(str(tmp_path / "c.sqrt")) or ""
        open_document(client, uri, POLICY)
        await until(lambda: "SQ301" in codes_of(list(client.diagnostics.get(uri, []))))
        await until(lambda: client.messages)
        warnings = [m for m in client.messages if "`select` must be a list" in m.message]
        assert len(warnings) == 1
        assert warnings[0].type == types.MessageType.Warning
    finally:
        await stop_client(client)


async def test_pyproject_tool_sqrt_applies(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.sqrt]\nignore = ["unused-let"]\n', encoding="utf-8"
    )
    client = await start_client(tmp_path)
    try:
        uri = from_fs_path(str(tmp_path / "d.sqrt")) or ""
        open_document(client, uri, POLICY + "let other = {};\n")
        assert "SQ301" not in codes_of(await diagnostics_for(client, uri, 1))
        outside = new_uri(tmp_path.parent, "outside")  # no configuration applies there
        open_document(client, outside, POLICY)
        assert "SQ301" in codes_of(await diagnostics_for(client, outside, 1))
    finally:
        await stop_client(client)
