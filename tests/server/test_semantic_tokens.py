"""Semantic tokens: full and delta, names told apart from keywords by the AST."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.server.conftest import (
    RecordingClient,
    change_document,
    new_uri,
    open_document,
    replace,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

POLICY = """\
/// Doc 🎉.
let tool = {"a"} | {r"^x$"};
/* two
   lines */
tool "send" { must deny when from.tags overlaps tool and n.value in {int 1..3}; }
"""


def ident(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def legend(client: RecordingClient) -> types.SemanticTokensLegend:
    provider = client.server_capabilities.semantic_tokens_provider
    assert isinstance(
        provider, types.SemanticTokensOptions | types.SemanticTokensRegistrationOptions
    )
    assert isinstance(provider.full, types.SemanticTokensFullDelta) and provider.full.delta
    return provider.legend


def decode(
    data: list[int], text: str, legend: types.SemanticTokensLegend
) -> list[tuple[str, str, set[str]]]:
    """(text, type, modifiers) of each token; columns are UTF-16 units."""
    lines = text.split("\n")
    out: list[tuple[str, str, set[str]]] = []
    line = character = 0
    for index in range(0, len(data), 5):
        delta_line, delta_char, length, kind, modifiers = data[index : index + 5]
        line += delta_line
        character = delta_char if delta_line else character + delta_char
        units = lines[line].encode("utf-16-le")
        token = units[2 * character : 2 * (character + length)].decode("utf-16-le")
        names = {name for bit, name in enumerate(legend.token_modifiers) if modifiers >> bit & 1}
        out.append((token, legend.token_types[kind], names))
    return out


async def test_full_tokens_classify_every_word(client: RecordingClient, workspace: Path) -> None:
    uri = new_uri(workspace, "tokens")
    open_document(client, uri, POLICY)
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=ident(uri))
    )
    assert result is not None
    tokens = decode(list(result.data), POLICY, await legend(client))
    kinds = {(text, kind) for text, kind, _ in tokens}
    assert ("/// Doc 🎉.", "comment") in kinds
    assert ("let", "keyword") in kinds
    assert ('"a"', "string") in kinds and ('r"^x$"', "regexp") in kinds
    assert ("|", "operator") in kinds
    assert ("/* two", "comment") in kinds and ("   lines */", "comment") in kinds
    assert ('"send"', "function") in kinds
    assert ("must", "keyword") in kinds and ("overlaps", "keyword") in kinds
    assert ("tags", "property") in kinds and (".value", "property") in kinds
    assert ("int", "type") in kinds and ("1", "number") in kinds
    # names spelled like keywords are names
    assert ("tool", "variable") in kinds  # the let named `tool`...
    assert ("tool", "keyword") in kinds  # ...and the keyword that starts the policy
    assert ("from", "parameter") in kinds
    declaration = next(m for text, kind, m in tokens if text == "tool" and kind == "variable")
    assert "declaration" in declaration
    doc = next(m for text, kind, m in tokens if text.startswith("///"))
    assert "documentation" in doc


async def test_delta_edits_turn_the_old_tokens_into_the_new(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace, "tokens")
    open_document(client, uri, POLICY)
    first = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=ident(uri))
    )
    assert first is not None and first.result_id
    # `n.value` -> `count.value`: one token changes length, the rest shift
    line = 4
    column = POLICY.splitlines()[line].index("n.value")
    change_document(client, uri, 2, [replace((line, column), (line, column + 1), "count")])
    delta = await client.text_document_semantic_tokens_full_delta_async(
        types.SemanticTokensDeltaParams(
            text_document=ident(uri), previous_result_id=first.result_id
        )
    )
    assert isinstance(delta, types.SemanticTokensDelta)
    assert delta.result_id and delta.result_id != first.result_id
    data = list(first.data)
    for edit in sorted(delta.edits, key=lambda e: e.start, reverse=True):
        data[edit.start : edit.start + edit.delete_count] = list(edit.data or [])
    full = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=ident(uri))
    )
    assert full is not None
    assert data == list(full.data)
    assert sum(len(edit.data or []) for edit in delta.edits) < len(full.data)


async def test_delta_from_an_unknown_result_is_a_full_answer(
    client: RecordingClient, workspace: Path
) -> None:
    uri = new_uri(workspace, "tokens")
    open_document(client, uri, POLICY)
    result = await client.text_document_semantic_tokens_full_delta_async(
        types.SemanticTokensDeltaParams(text_document=ident(uri), previous_result_id="stale")
    )
    assert isinstance(result, types.SemanticTokens)
    assert len(result.data) % 5 == 0 and result.data
