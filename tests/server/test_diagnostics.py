"""Diagnostics: pushed on open and change (debounced), pulled on request, with rule
codes, documentation links, related locations and tags."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.server.conftest import (
    RecordingClient,
    change_document,
    diagnostics_for,
    new_uri,
    open_document,
    position_of,
    replace,
    start_client,
    stop_client,
    until,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

BROKEN = 'let a = {"x"}\ntool "t" { must deny when x.tags overlaps a; }\n'
DUPLICATE = 'let a = {"x"};\nlet a = {"y"};\ntool "t" { must deny when x.tags overlaps a; }\n'


async def test_syntax_error_is_pushed_on_open(client: RecordingClient, workspace: Path) -> None:
    uri = new_uri(workspace)
    open_document(client, uri, BROKEN)
    found = await diagnostics_for(client, uri, 1)
    assert [(d.code, d.source, d.severity) for d in found] == [
        ("SQ000", "sqrt", types.DiagnosticSeverity.Error)
    ]
    assert found[0].message.startswith("expected `;`")
    # the error sits at the end of line 0, after `{"x"}`
    assert found[0].range.start == types.Position(0, 13)
    assert found[0].code_description is not None
    assert found[0].code_description.href.endswith("docs/rules.md#sq000-syntax-error")


async def test_lint_findings_carry_related_information(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace)
    open_document(client, uri, DUPLICATE)
    found = await diagnostics_for(client, uri, 1)
    duplicate = next(d for d in found if d.code == "SQ103")
    assert duplicate.range.start == types.Position(1, 4)
    assert duplicate.related_information is not None
    first = duplicate.related_information[0]
    assert first.location.uri == uri
    assert first.location.range.start == types.Position(0, 4)
    assert duplicate.code_description is not None
    assert duplicate.code_description.href.endswith("#sq103-duplicate-let")


async def test_unused_let_is_tagged_unnecessary(client: RecordingClient, workspace: Path) -> None:
    uri = new_uri(workspace)
    open_document(client, uri, 'let unused = {"x"};\ntool "t" { must deny always; }\n')
    found = await diagnostics_for(client, uri, 1)
    unused = next(d for d in found if d.code == "SQ301")
    assert list(unused.tags or ()) == [types.DiagnosticTag.Unnecessary]
    assert all(not d.tags for d in found if d.code != "SQ301")


async def test_change_republishes_for_the_new_version(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace)
    open_document(client, uri, BROKEN)
    assert await diagnostics_for(client, uri, 1)
    change_document(client, uri, 2, [replace((0, 13), (0, 13), ";")])
    assert [d.code for d in await diagnostics_for(client, uri, 2)] == []


async def test_a_burst_of_edits_ends_with_the_final_texts_diagnostics(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace)
    open_document(client, uri, "")
    await diagnostics_for(client, uri, 1)
    text = 'let abc = {"x"};\n'
    for index, char in enumerate(text):
        change_document(client, uri, index + 2, [replace((0, index), (0, index), char)])
    final = len(text) + 1
    await diagnostics_for(client, uri, final)
    published = [p for p in client.published if p.uri == uri]
    versions = [p.version for p in published]
    # However the edits are batched: never an older version after a newer one, and the
    # last publication is the final text's own findings (no syntax error left over).
    assert versions == sorted(set(versions))
    assert versions[-1] == final
    assert [d.code for d in published[-1].diagnostics] == ["SQ301"]


async def test_positions_count_utf16_units_after_emoji_and_accents(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace)
    text = '// café ☕ 🎉 policy\nlet s = {"naïve 🎉🎉"} | undefined_name;\n'
    open_document(client, uri, text)
    found = await diagnostics_for(client, uri, 1)
    undefined = next(d for d in found if d.code == "SQ101")
    assert undefined.range.start == position_of(text, "undefined_name")
    # two emoji before it on the line: each is two UTF-16 units
    assert undefined.range.start.character == len('let s = {"naïve 🎉🎉"} | ') + 2


async def test_incremental_edit_after_emoji_lands_in_the_right_place(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace)
    text = 'let s = {"🎉"} | missing;\n'
    open_document(client, uri, text)
    assert [d.code for d in await diagnostics_for(client, uri, 1)] == ["SQ301", "SQ101"]
    # replace `missing` (after an emoji: UTF-16 columns) by a literal set
    start = position_of(text, "missing")
    end = position_of(text, "missing", after=True)
    change_document(
        client, uri, 2, [replace((start.line, start.character), (end.line, end.character), "{}")]
    )
    found = await diagnostics_for(client, uri, 2)
    # `missing` is gone and `| {}` is redundant: the edit replaced exactly that name
    assert [d.code for d in found] == ["SQ301", "SQ303"]
    redundant = next(d for d in found if d.code == "SQ303")
    assert redundant.range.end == types.Position(0, len('let s = {"🎉"} | {}') + 1)


async def test_closing_clears_the_diagnostics(client: RecordingClient, workspace: Path) -> None:
    uri = new_uri(workspace)
    open_document(client, uri, BROKEN)
    assert await diagnostics_for(client, uri, 1)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await diagnostics_for(client, uri, None) == []


async def test_pull_diagnostics_for_a_client_that_asks(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace)
    open_document(client, uri, DUPLICATE)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert "SQ103" in [d.code for d in report.items]
    again = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            previous_result_id=report.result_id,
        )
    )
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == report.result_id


async def test_a_pulling_client_gets_no_pushes(workspace: Path) -> None:
    client = await start_client(workspace, pull=True)
    try:
        uri = new_uri(workspace)
        open_document(client, uri, BROKEN)
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert [d.code for d in report.items] == ["SQ000"]
        change_document(client, uri, 2, [replace((0, 13), (0, 13), ";")])
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                previous_result_id=report.result_id,
            )
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert list(report.items) == []
        assert client.published == []
    finally:
        await stop_client(client)


async def test_utf8_client_gets_byte_columns(workspace: Path) -> None:
    client = await start_client(workspace, encodings=["utf-8"])
    try:
        uri = new_uri(workspace)
        text = 'let s = {"é🎉"} | missing;\n'
        open_document(client, uri, text)
        found = await diagnostics_for(client, uri, 1)
        undefined = next(d for d in found if d.code == "SQ101")
        prefix = text[: text.index("missing")]
        assert undefined.range.start == types.Position(0, len(prefix.encode("utf-8")))
        assert await until(lambda: client.published)
    finally:
        await stop_client(client)
