"""Fixtures for the language server's end-to-end tests.

Every test talks to a real `python -m sqrt_tools lsp` subprocess over JSON-RPC
(pytest-lsp). One server is shared by the whole session (each test opens documents
under its own URIs); tests that need other client capabilities, settings or a server
of their own start one with `start_client`.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER_COMMAND = [sys.executable, "-m", "sqrt_tools", "lsp"]
TIMEOUT = 10.0

WORKSPACE_POLICY = """\
/// Shared recipients.
let shared_recipients = {"a@example.com"};
tool "archive_mail" {
    must deny when to.value in shared_recipients;
}
"""


class RecordingClient(LanguageClient):
    """A test client that keeps every `publishDiagnostics` (with its version) and
    every capability the server registers."""

    published: list[types.PublishDiagnosticsParams]
    registrations: list[types.Registration]
    server_capabilities: types.ServerCapabilities


def _publish(ls: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    ls.published.append(params)
    ls.diagnostics[params.uri] = params.diagnostics


def _register(ls: RecordingClient, params: types.RegistrationParams) -> None:
    ls.registrations.extend(params.registrations)


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    client.published = []
    client.registrations = []
    features: dict[str, Any] = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _publish
    features[types.CLIENT_REGISTER_CAPABILITY] = _register
    register_lsp_features(client, features)
    return client


def capabilities(
    *, pull: bool = False, encodings: list[str] | None = None, resolve: bool = True
) -> types.ClientCapabilities:
    """What a full-featured editor (VS Code-like) declares."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings]
            if encodings
            else None
        ),
        workspace=types.WorkspaceClientCapabilities(
            configuration=True,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(
                dynamic_registration=True
            ),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
            if pull
            else None,
        ),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(),
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(snippet_support=True)
            ),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=True,
                version_support=True,
                code_description_support=True,
                data_support=True,
                tag_support=types.ClientDiagnosticsTagOptions(
                    value_set=[types.DiagnosticTag.Unnecessary, types.DiagnosticTag.Deprecated]
                ),
            ),
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
            rename=types.RenameClientCapabilities(prepare_support=True),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(
                        value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.Source]
                    )
                ),
                is_preferred_support=True,
                data_support=True,
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
                if resolve
                else None,
            ),
        ),
    )


async def start_client(
    root: Path | None,
    *,
    pull: bool = False,
    encodings: list[str] | None = None,
    settings: dict[str, Any] | None = None,
    resolve: bool = True,
) -> RecordingClient:
    """A server subprocess and an initialised client connected to it."""
    config = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)
    client = await config.start()
    assert isinstance(client, RecordingClient)
    if settings is not None:
        client.set_configuration(settings, section="sqrt")
    folders = (
        [types.WorkspaceFolder(uri=from_fs_path(str(root)) or "", name=root.name)]
        if root is not None
        else None
    )
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(pull=pull, encodings=encodings, resolve=resolve),
            workspace_folders=folders,
        )
    )
    client.server_capabilities = result.capabilities
    return client


async def stop_client(client: LanguageClient) -> None:
    await client.shutdown_session()
    await client.stop()


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    (root / "policies").mkdir()
    (root / "policies" / "mail.sqrt").write_text(WORKSPACE_POLICY, encoding="utf-8")
    return root


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client),
    scope="session",
)
async def client(lsp_client: RecordingClient, workspace: Path) -> AsyncIterator[None]:
    """The shared server: push diagnostics, UTF-16, a workspace with one policy."""
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(),
            workspace_folders=[
                types.WorkspaceFolder(uri=from_fs_path(str(workspace)) or "", name="workspace")
            ],
        )
    )
    lsp_client.server_capabilities = result.capabilities
    yield
    await lsp_client.shutdown_session()


_counter = itertools.count()


def new_uri(workspace: Path, stem: str = "policy") -> str:
    """A URI no other test uses, inside the workspace (not written to disk)."""
    return from_fs_path(str(workspace / f"{stem}-{next(_counter)}.sqrt")) or ""


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="sqrt", version=version, text=text
            )
        )
    )


def change_document(
    client: LanguageClient,
    uri: str,
    version: int,
    changes: list[types.TextDocumentContentChangeEvent],
) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=changes,
        )
    )


def replace(
    start: tuple[int, int], end: tuple[int, int], text: str
) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(*start), types.Position(*end)), text=text
    )


async def until(predicate: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    """Wait until `predicate()` is truthy and return its value."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the server")
        await asyncio.sleep(0.01)


async def diagnostics_for(
    client: RecordingClient, uri: str, version: int | None
) -> list[types.Diagnostic]:
    """The diagnostics published for `uri` at `version` (waits for them)."""
    found = await until(
        lambda: next(
            (
                params
                for params in reversed(client.published)
                if params.uri == uri and params.version == version
            ),
            None,
        )
    )
    return list(found.diagnostics)


def position_of(text: str, needle: str, nth: int = 0, *, after: bool = False) -> types.Position:
    """The UTF-16 LSP position of the `nth` occurrence of `needle` in `text`."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    if after:
        offset += len(needle)
    line = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    prefix = text[line_start:offset]
    return types.Position(line, len(prefix.encode("utf-16-le")) // 2)


def offset_of(text: str, position: types.Position) -> int:
    """The character offset of a UTF-16 LSP position (lines end at `\\n`)."""
    lines = text.split("\n")
    offset = sum(len(line) + 1 for line in lines[: position.line])
    units = lines[position.line].encode("utf-16-le")[: 2 * position.character]
    return offset + len(units.decode("utf-16-le"))


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """`text` after LSP edits (non-overlapping, positions in the original text)."""
    spans = sorted(
        ((offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def edits_of(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    """The edits a workspace edit makes to `uri`."""
    assert edit is not None
    found: list[types.TextEdit] = []
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        if change.text_document.uri == uri:
            found.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    found.extend((edit.changes or {}).get(uri, []))
    return found


def failures(client: LanguageClient) -> list[str]:
    """The handler failures the server logged (see `sqrt_tools.server.guard`)."""
    return [m.message for m in client.log_messages if " failed with " in m.message]
