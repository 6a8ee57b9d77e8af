"""Any document content and any request order gets an answer, never a crash: requests
for unopened documents, stale versions, out-of-range positions, deep nesting, and a
stream of random edits into a live server."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from tests.server.conftest import (
    RecordingClient,
    change_document,
    diagnostics_for,
    failures,
    new_uri,
    open_document,
    start_client,
    stop_client,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")


def ident(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def every_request(client: RecordingClient, uri: str, where: types.Position) -> list[Any]:
    """Send every request the server answers, for `uri` at `where`; return the answers."""
    span = types.Range(where, types.Position(where.line + 3, where.character + 7))
    document = ident(uri)
    options = types.FormattingOptions(tab_size=4, insert_spaces=True)
    at = {"text_document": document, "position": where}
    return [
        await client.text_document_hover_async(types.HoverParams(**at)),
        await client.text_document_completion_async(types.CompletionParams(**at)),
        await client.text_document_definition_async(types.DefinitionParams(**at)),
        await client.text_document_references_async(
            types.ReferenceParams(**at, context=types.ReferenceContext(include_declaration=True))
        ),
        await client.text_document_document_highlight_async(types.DocumentHighlightParams(**at)),
        await client.text_document_prepare_rename_async(types.PrepareRenameParams(**at)),
        await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=document)
        ),
        await client.text_document_folding_range_async(
            types.FoldingRangeParams(text_document=document)
        ),
        await client.text_document_selection_range_async(
            types.SelectionRangeParams(text_document=document, positions=[where])
        ),
        await client.text_document_semantic_tokens_full_async(
            types.SemanticTokensParams(text_document=document)
        ),
        await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=document,
                range=span,
                context=types.CodeActionContext(diagnostics=[]),
            )
        ),
        await client.text_document_formatting_async(
            types.DocumentFormattingParams(text_document=document, options=options)
        ),
        await client.text_document_range_formatting_async(
            types.DocumentRangeFormattingParams(text_document=document, range=span, options=options)
        ),
        await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=document)
        ),
    ]


async def test_requests_for_unopened_documents_get_neutral_answers(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace, "never-opened")
    answers = await every_request(client, uri, types.Position(0, 0))
    assert answers[0] is None  # no hover
    assert all(
        not answer or (isinstance(answer, types.SemanticTokens) and not answer.data)
        for answer in answers[1:-1]
    )
    report = answers[-1]
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert list(report.items) == []
    rename = await client.text_document_rename_async(
        types.RenameParams(text_document=ident(uri), position=types.Position(0, 0), new_name="b")
    )
    assert rename is None
    assert failures(client) == []


async def test_out_of_range_positions_are_clamped(client: RecordingClient, workspace: Path) -> None:
    uri = new_uri(workspace, "range")
    text = 'let secret = {"x"};\ntool "t" { must deny when a.tags overlaps secret; }\n'
    open_document(client, uri, text)
    answers = await every_request(client, uri, types.Position(999, 999))
    assert answers[0] is None
    # a change whose range lies past the end appends at the end
    change_document(client, uri, 2, [_replace((50, 0), (60, 9), "let more = {};\n")])
    found = await diagnostics_for(client, uri, 2)
    assert "SQ301" in [d.code for d in found]  # `more` is unused: the edit was applied
    assert failures(client) == []


async def test_stale_versions_and_unknown_documents(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace, "stale")
    open_document(client, uri, "let a = {};\n", version=5)
    await diagnostics_for(client, uri, 5)
    change_document(
        client, uri, 3, [types.TextDocumentContentChangeWholeDocument(text="let a = ;\n")]
    )
    stale = await diagnostics_for(client, uri, 3)
    assert [d.code for d in stale] == ["SQ000"]  # applied: it is what the client shows
    change_document(client, new_uri(workspace, "unknown"), 2, [_replace((0, 0), (0, 0), "x")])
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=ident(uri), position=types.Position(0, 0))
    )
    assert hover is not None  # still answering
    assert failures(client) == []


async def test_deep_nesting_and_hostile_text(client: RecordingClient, workspace: Path) -> None:
    depth = 3000
    deep = f"let p = {'(' * depth}a.tags is empty{')' * depth};\n"
    negated = f"let q = {'not ' * depth}a.tags is empty;\n"
    sets = "let s = " + " | ".join(f'{{"{i}"}}' for i in range(depth)) + ";\n"
    hostile = "let \x00 = \ud800 {\u202e\x1b[31m\n/* unclosed"
    for text in (deep, negated, sets, hostile):
        uri = new_uri(workspace, "hostile")
        open_document(client, uri, text)
        await diagnostics_for(client, uri, 1)
        middle = types.Position(0, min(len(text.split("\n")[0]), depth + 12))
        answers = await every_request(client, uri, middle)
        selection = answers[8]
        assert selection is not None
    assert failures(client) == []


FRAGMENTS = [
    "let ",
    "tool ",
    '"send_email"',
    'r"^a.*$"',
    " { ",
    " } ",
    "must deny when ",
    "should allow always;",
    "x.tags overlaps ",
    '{"a", "b"}',
    "@session.tags",
    "@tags |= ",
    "result { ",
    "session before { ",
    ";",
    "\n",
    "// comment 🎉\n",
    "/* block ",
    " */",
    "/// doc\n",
    "é",
    "🎉",
    "\r\n",
    "\r",  # a lone carriage return ends an LSP line too
    "\x0c",  # form feed and U+2028 do not (str.splitlines would break at them)
    "\u2028",
    "\t",
    "int 1..<5",
    "not ",
    " and ",
    "(",
    ")",
    '"unterminated',
    "\\",
    "ünïcödé_name",
]


def _replace(
    start: tuple[int, int], end: tuple[int, int], text: str
) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(*start), types.Position(*end)), text=text
    )


def _whole_line_breaks(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen `[start, end)` so that it does not cut a `\r\n` (no LSP range can)."""
    if 0 < start < len(text) and text[start - 1] == "\r" and text[start] == "\n":
        start -= 1
    if 0 < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
        end += 1
    return start, end


def _position(text: str, offset: int) -> types.Position:
    """The LSP position of `offset`: lines end at `\r\n`, `\r` or `\n` (the spec)."""
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        offset -= 1  # between `\r` and `\n` is no position; the line's end is
    breaks = list(re.finditer(r"\r\n|\r|\n", text[:offset]))
    column = text[breaks[-1].end() if breaks else 0 : offset]
    return types.Position(len(breaks), len(column.encode("utf-16-le")) // 2)


async def test_a_stream_of_random_edits_leaves_a_server_that_answers(workspace: Path) -> None:
    client = await start_client(workspace)
    rng = random.Random(20240601)
    try:
        uri = new_uri(workspace, "random")
        text = ""
        open_document(client, uri, text)
        version = 1
        for step in range(400):
            start = rng.randint(0, len(text))
            end = min(len(text), start + rng.choice([0, 0, 1, 3, 10]))
            start, end = _whole_line_breaks(text, start, end)
            inserted = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 3)))
            change = _replace(
                (_position(text, start).line, _position(text, start).character),
                (_position(text, end).line, _position(text, end).character),
                inserted,
            )
            text = text[:start] + inserted + text[end:]
            version += 1
            change_document(client, uri, version, [change])
            if step % 25 == 0:
                where = _position(text, rng.randint(0, len(text)))
                await every_request(client, uri, where)
        await diagnostics_for(client, uri, version)
        # the server's copy is exactly the client's: a fresh document with the same
        # text gets the same tokens and the same diagnostics
        copy = new_uri(workspace, "random-copy")
        open_document(client, copy, text)
        tokens = [
            await client.text_document_semantic_tokens_full_async(
                types.SemanticTokensParams(text_document=ident(document))
            )
            for document in (uri, copy)
        ]
        assert tokens[0] is not None and tokens[1] is not None
        assert list(tokens[0].data) == list(tokens[1].data)
        reports = [
            await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=ident(document))
            )
            for document in (uri, copy)
        ]
        assert isinstance(reports[0], types.RelatedFullDocumentDiagnosticReport)
        assert isinstance(reports[1], types.RelatedFullDocumentDiagnosticReport)
        assert [(d.code, d.range) for d in reports[0].items] == [
            (d.code, d.range) for d in reports[1].items
        ]
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=ident(uri), position=types.Position(0, 0))
        )
        del hover  # any answer will do: the point is that one comes
        assert failures(client) == []
    finally:
        await stop_client(client)
