"""Go to definition, references, highlight and rename (with prepare) for `let` names."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.server.conftest import RecordingClient, new_uri, open_document, position_of

pytestmark = pytest.mark.asyncio(loop_scope="session")

POLICY = """\
let secret = {"confidential"};
let outbound = to.tags overlaps secret;
tool "send_email" {
    must deny when outbound or body.tags overlaps secret;
    should deny when secret.tags is empty;
}
"""


@pytest.fixture
def uri(client: RecordingClient, workspace: Path) -> str:
    document = new_uri(workspace, "navigation")
    open_document(client, document, POLICY)
    return document


def at(needle: str, nth: int = 0, *, after: bool = False) -> types.Position:
    return position_of(POLICY, needle, nth, after=after)


def ident(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_definition_of_a_use(client: RecordingClient, uri: str) -> None:
    result = await client.text_document_definition_async(
        types.DefinitionParams(text_document=ident(uri), position=at("secret;", 1))
    )
    assert isinstance(result, types.Location)
    assert result.uri == uri
    assert result.range == types.Range(at("secret"), at("secret", after=True))


async def test_an_argument_named_like_a_let_is_not_the_let(
    client: RecordingClient, uri: str
) -> None:
    result = await client.text_document_definition_async(
        types.DefinitionParams(text_document=ident(uri), position=at("secret.tags"))
    )
    assert result is None


async def test_references_with_and_without_the_declaration(
    client: RecordingClient, uri: str
) -> None:
    def params(include: bool) -> types.ReferenceParams:
        return types.ReferenceParams(
            text_document=ident(uri),
            position=at("secret"),
            context=types.ReferenceContext(include_declaration=include),
        )

    every = await client.text_document_references_async(params(True))
    assert every is not None
    starts = [location.range.start for location in every]
    assert starts == [at("secret"), at("secret;"), at("secret;", 1)]
    uses = await client.text_document_references_async(params(False))
    assert uses is not None and len(uses) == 2


async def test_highlight_marks_the_definition_as_written(client: RecordingClient, uri: str) -> None:
    result = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=ident(uri), position=at("outbound or"))
    )
    assert result is not None
    assert [(h.range.start, h.kind) for h in result] == [
        (at("outbound"), types.DocumentHighlightKind.Write),
        (at("outbound or"), types.DocumentHighlightKind.Read),
    ]


async def test_prepare_rename_names_the_range(client: RecordingClient, uri: str) -> None:
    result = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=ident(uri), position=at("ecret;", 1))
    )
    assert isinstance(result, types.PrepareRenamePlaceholder)
    assert result.placeholder == "secret"
    assert result.range.start == at("secret;", 1)
    nothing = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=ident(uri), position=at("must"))
    )
    assert nothing is None


async def test_rename_edits_every_occurrence(client: RecordingClient, uri: str) -> None:
    result = await client.text_document_rename_async(
        types.RenameParams(text_document=ident(uri), position=at("secret"), new_name="labels")
    )
    assert result is not None and result.document_changes is not None
    (change,) = result.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.version == 1
    edits = sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character))
    assert [(e.range.start, e.new_text) for e in edits] == [
        (at("secret"), "labels"),
        (at("secret;"), "labels"),
        (at("secret;", 1), "labels"),
    ]


@pytest.mark.parametrize(
    ("new_name", "reason"),
    [
        ("outbound", "already defined on line 2"),
        ("tool", "keyword"),
        ("tags", "keyword"),
        ("2fast", "not a name"),
        ("with space", "not a name"),
    ],
)
async def test_rename_refuses_clashes_and_keywords(
    client: RecordingClient, uri: str, new_name: str, reason: str
) -> None:
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(
            types.RenameParams(text_document=ident(uri), position=at("secret"), new_name=new_name)
        )
    assert reason in refused.value.message
    assert refused.value.code == types.LSPErrorCodes.RequestFailed
