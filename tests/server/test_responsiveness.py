"""A long analysis of one document never holds up requests for another, and a burst
of edits publishes the newest version only (issue 18: a 36 KB document of nested `not`
blocked a hover on another document for 2.7 s). No timing: the tests compare the
order in which answers and publications arrive."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from bench.shapes import declarations, not_chain
from tests.server.conftest import (
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

SMALL = """\
/// Who may receive mail.
let recipients = {"a@example.com"};
tool "send" { must deny when to.value in recipients; }
"""


async def test_hover_on_a_small_document_is_answered_while_a_huge_one_is_analysed(
    tmp_path: Path,
) -> None:
    client = await start_client(tmp_path)
    try:
        huge, small = new_uri(tmp_path, "huge"), new_uri(tmp_path, "small")
        open_document(client, huge, not_chain(30_000))  # seconds of parsing and linting
        open_document(client, small, SMALL)
        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=small),
                position=position_of(SMALL, "recipients", 1),
            )
        )
        huge_published_before_hover = [p for p in client.published if p.uri == huge]
        assert hover is not None and "Who may receive mail" in str(hover.contents)
        assert huge_published_before_hover == []
        # and they do come (the generous wait is no speed goal: a loaded machine)
        assert await until(lambda: [p for p in client.published if p.uri == huge], 300)
    finally:
        await stop_client(client)


async def test_a_burst_of_edits_publishes_only_the_newest_version(tmp_path: Path) -> None:
    client = await start_client(tmp_path)
    try:
        uri = new_uri(tmp_path, "burst")
        text = declarations(1_000)  # long enough that the edits arrive during its analysis
        open_document(client, uri, text)
        lines = text.count("\n")
        for version in range(2, 12):
            change_document(
                client, uri, version, [replace((lines, 0), (lines, 0), f"let v{version} = p;\n")]
            )
            lines += 1
        newest = await diagnostics_for(client, uri, 11)
        assert any("v11" in item.message for item in newest)  # it is the last text
        await until(lambda: client.published)
        versions = [p.version for p in client.published if p.uri == uri]
        assert versions == [11]
    finally:
        await stop_client(client)
