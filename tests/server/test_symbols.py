"""Document symbols (the outline), workspace symbols, folding and selection ranges."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path

from tests.server.conftest import RecordingClient, new_uri, open_document, position_of

pytestmark = pytest.mark.asyncio(loop_scope="session")

POLICY = """\
// Outbound mail.
// Two comment lines fold together.
let secret = {"confidential"};
let leaky = to.tags overlaps secret;

/// Mail.
/// Two doc lines.
tool "send_email" {
    priority 5;
    must deny when body.tags overlaps secret;
    session before {
        when leaky { @tags |= {"flagged"}; }
    }
}
tool "fetch" -> session after @producers = @result.producers;
"""


def ident(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


@pytest.fixture
def uri(client: RecordingClient, workspace: Path) -> str:
    document = new_uri(workspace, "symbols")
    open_document(client, document, POLICY)
    return document


async def test_outline_lists_lets_and_policies_with_their_members(
    client: RecordingClient, uri: str
) -> None:
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=ident(uri))
    )
    assert result is not None
    symbols = [s for s in result if isinstance(s, types.DocumentSymbol)]
    assert [(s.name, s.kind, s.detail) for s in symbols] == [
        ("secret", types.SymbolKind.Array, "set"),
        ("leaky", types.SymbolKind.Boolean, "predicate"),
        ('"send_email"', types.SymbolKind.Function, "tool policy"),
        ('"fetch"', types.SymbolKind.Function, "tool policy (shorthand)"),
    ]
    tool = symbols[2]
    assert tool.selection_range.start == position_of(POLICY, '"send_email"')
    assert tool.range.start == position_of(POLICY, "tool")
    members = tool.children or []
    assert [m.name for m in members] == [
        "priority 5",
        "must deny when body.tags overlaps secret;",
        "session before",
    ]
    (when,) = members[2].children or []
    assert when.name == "when leaky"
    assert [c.name for c in when.children or []] == ['@tags |= {"flagged"};']


async def test_workspace_symbols_cover_open_and_unopened_files(
    client: RecordingClient, uri: str, workspace: Path
) -> None:
    result = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="secret"))
    assert result is not None
    found = {(s.name, s.location.uri) for s in result if isinstance(s, types.SymbolInformation)}
    assert ("secret", uri) in found
    # the workspace's policy on disk, never opened
    on_disk = from_fs_path(str(workspace / "policies" / "mail.sqrt"))
    shared = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="shrdrcp"))
    assert shared is not None
    assert [(s.name, s.location.uri) for s in shared] == [("shared_recipients", on_disk)]
    assert shared[0].location.range.start == types.Position(1, 4)


async def test_folding_ranges_for_blocks_and_comment_runs(
    client: RecordingClient, uri: str
) -> None:
    result = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=ident(uri))
    )
    assert result is not None
    folds = {(f.start_line, f.end_line, f.kind) for f in result}
    assert (0, 1, types.FoldingRangeKind.Comment) in folds  # the two comment lines
    assert (5, 6, types.FoldingRangeKind.Comment) in folds  # the two doc lines
    assert (7, 13, None) in folds  # the tool policy
    assert (10, 12, None) in folds  # the session block
    assert all(f.start_line < f.end_line for f in result)


async def test_selection_ranges_grow_from_the_word_to_the_file(
    client: RecordingClient, uri: str
) -> None:
    result = await client.text_document_selection_range_async(
        types.SelectionRangeParams(
            text_document=ident(uri), positions=[position_of(POLICY, "body")]
        )
    )
    assert result is not None
    chain: list[tuple[types.Position, types.Position]] = []
    current: types.SelectionRange | None = result[0]
    while current is not None:
        chain.append((current.range.start, current.range.end))
        current = current.parent
    text_of = []
    lines = POLICY.splitlines(keepends=True)
    for start, end in chain:
        begin = sum(len(line) for line in lines[: start.line]) + start.character
        finish = sum(len(line) for line in lines[: end.line]) + end.character
        text_of.append(POLICY[begin:finish])
    assert text_of[:4] == [
        "body",
        "body.tags",
        "body.tags overlaps secret",
        "must deny when body.tags overlaps secret;",
    ]
    assert text_of[-1] == POLICY
    # each range holds the one before it
    assert all(inner in outer for inner, outer in itertools.pairwise(text_of))
