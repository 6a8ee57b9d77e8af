"""Hover: keyword and operator documentation, `let` definitions and kinds, `@tags`
in the block it stands in, and a tool policy's doc comments."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.server.conftest import RecordingClient, new_uri, open_document, position_of

pytestmark = pytest.mark.asyncio(loop_scope="session")

POLICY = """\
/// Labels that must never leave the company.
let secret = {"confidential", "internal"};
let leaky = to.tags overlaps secret;
let party = int 1..12;

/// Outbound mail: nothing secret, ever.
tool "send_email" {
    priority 5;
    must deny when body.tags overlaps secret;
    should allow when leaky or guests.value in party;
    hard deny when body.tags subset of {"x"} and @session.tags is empty;
    session before { @tags |= {"mail"}; }
    result { @tags |= union of tags from args; }
}
tool "fetch" -> session after @producers = @result.producers;
"""


async def hover(client: RecordingClient, uri: str, needle: str, nth: int = 0) -> str | None:
    result = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(POLICY, needle, nth),
        )
    )
    if result is None:
        return None
    assert isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    return result.contents.value


@pytest.fixture
def uri(client: RecordingClient, workspace: Path) -> str:
    document = new_uri(workspace, "hover")
    open_document(client, document, POLICY)
    return document


async def test_keywords_and_operators_are_documented(client: RecordingClient, uri: str) -> None:
    must = await hover(client, uri, "must deny")
    assert must is not None and "cannot be overridden" in must
    overlaps = await hover(client, uri, "overlaps", 1)
    assert overlaps is not None and "share at least one element" in overlaps
    subset = await hover(client, uri, "of {")
    assert subset is not None and "ACCESSOR subset of SET" in subset
    empty = await hover(client, uri, "empty;")
    assert empty is not None and "ACCESSOR is empty" in empty
    before = await hover(client, uri, "before")
    assert before is not None and "before the call" in before
    session = await hover(client, uri, "session after")
    assert session is not None and "session" in session and "after the call" in session
    range_ = await hover(client, uri, "..12")
    assert range_ is not None and "including both ends" in range_


async def test_the_same_word_is_documented_by_where_it_stands(
    client: RecordingClient, uri: str
) -> None:
    aggregation = await hover(client, uri, "union of")
    assert aggregation is not None and "over every argument" in aggregation
    soft = await hover(client, uri, "should")
    assert soft is not None and "can be overridden" in soft


async def test_a_let_name_shows_its_definition_and_kind(client: RecordingClient, uri: str) -> None:
    text = await hover(client, uri, "secret;")
    assert text is not None
    assert 'let secret = {"confidential", "internal"};' in text
    assert "*set*" in text and "line 2" in text
    assert "never leave the company" in text
    predicate = await hover(client, uri, "leaky or")
    assert predicate is not None and "*predicate*" in predicate
    domain = await hover(client, uri, "party;")
    assert domain is not None and "*value domain*" in domain


async def test_subject_tags_mean_the_block_they_stand_in(client: RecordingClient, uri: str) -> None:
    in_session = await hover(client, uri, "@tags |= {")
    assert in_session is not None and "session's tags" in in_session
    in_result = await hover(client, uri, "@tags |= union")
    assert in_result is not None and "result's tags" in in_result


async def test_a_tool_id_shows_the_policy_doc_comments(client: RecordingClient, uri: str) -> None:
    text = await hover(client, uri, '"send_email"')
    assert text is not None
    assert "Tool policy for `send_email`" in text and "Priority 5" in text
    assert "nothing secret, ever" in text


async def test_nothing_to_say_between_declarations(client: RecordingClient, uri: str) -> None:
    assert await hover(client, uri, "/// Outbound") is None
