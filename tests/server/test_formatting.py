"""Formatting the whole document or a range, with the toolkit's formatter; no edit
while the document has syntax errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from sqrt_tools.format import format_source
from tests.server.conftest import RecordingClient, apply_edits, failures, new_uri, open_document

pytestmark = pytest.mark.asyncio(loop_scope="session")

MESSY = """\
let a={"x","y"};  // keep me
tool "t"{must deny when x.tags overlaps a;}
let   b = {"🎉"} ;
"""


def ident(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


OPTIONS = types.FormattingOptions(tab_size=4, insert_spaces=True)


async def test_whole_document(client: RecordingClient, workspace: Path) -> None:
    uri = new_uri(workspace, "format")
    open_document(client, uri, MESSY)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=ident(uri), options=OPTIONS)
    )
    assert edits
    formatted = apply_edits(MESSY, edits)
    assert formatted == format_source(MESSY)  # the same text `sqrt fmt` writes
    assert formatted.startswith('let a = {"x", "y"}; // keep me\n')
    assert "    must deny when x.tags overlaps a;\n" in formatted
    assert formatted.endswith('let b = {"🎉"};\n')


async def test_formatted_document_needs_no_edit(client: RecordingClient, workspace: Path) -> None:
    uri = new_uri(workspace, "format")
    open_document(client, uri, format_source(MESSY))
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=ident(uri), options=OPTIONS)
    )
    assert list(edits or []) == []


async def test_range_formats_only_the_declarations_it_touches(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace, "format")
    open_document(client, uri, MESSY)
    edits = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(
            text_document=ident(uri),
            range=types.Range(types.Position(1, 2), types.Position(1, 4)),
            options=OPTIONS,
        )
    )
    assert edits
    result = apply_edits(MESSY, edits)
    lines = result.splitlines()
    assert lines[0] == 'let a={"x","y"};  // keep me'  # untouched
    assert lines[-1] == 'let   b = {"🎉"} ;'  # untouched
    assert 'tool "t" {\n    must deny when x.tags overlaps a;\n}' in result


async def test_no_edit_while_the_text_has_syntax_errors(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace, "format")
    broken = MESSY.replace("a;}", "a}")
    open_document(client, uri, broken)
    whole = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=ident(uri), options=OPTIONS)
    )
    assert list(whole or []) == []
    part = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(
            text_document=ident(uri),
            range=types.Range(types.Position(0, 0), types.Position(0, 3)),
            options=OPTIONS,
        )
    )
    assert list(part or []) == []
    assert failures(client) == []  # refused, not crashed
