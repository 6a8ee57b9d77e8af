"""Text edits for the editor: the toolkit's edits in LSP form, and workspace edits."""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from sqrt_tools.server.positions import Positions
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.syntax.diagnostics import TextEdit


def to_lsp(edit: TextEdit, positions: Positions) -> types.TextEdit:
    return types.TextEdit(
        range=positions.range(edit.span.start, edit.span.end), new_text=edit.new_text
    )


def minimal_edit(old: str, new: str, positions: Positions) -> types.TextEdit | None:
    """One edit turning `old` into `new`, covering only what differs (None if equal).

    Editors keep the cursor and folds where the text did not change, so a formatter
    result is sent as the changed middle, not as a whole new document.
    """
    if old == new:
        return None
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    # Never cut a `\r\n` pair: a position between them cannot be named in LSP.
    if 0 < prefix < len(old) and old[prefix - 1] == "\r" and old[prefix] == "\n":
        prefix -= 1
    end = len(old) - suffix
    if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
        suffix -= 1
    return types.TextEdit(
        range=positions.range(prefix, len(old) - suffix),
        new_text=new[prefix : len(new) - suffix],
    )


def workspace_edit(
    server: SqrtServer, uri: str, version: int | None, edits: Iterable[types.TextEdit]
) -> types.WorkspaceEdit:
    """Edits of one document; versioned when the client takes document changes, so
    that a client whose text moved on refuses them instead of misapplying them."""
    listed = list(edits)
    capabilities = server.client_capabilities
    workspace = capabilities.workspace if capabilities else None
    edit_support = workspace.workspace_edit if workspace else None
    if edit_support is not None and edit_support.document_changes:
        document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=document, edits=list(listed))]
        )
    return types.WorkspaceEdit(changes={uri: listed})
