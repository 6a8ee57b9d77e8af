"""Completion: only what the grammar allows at the cursor, names of the right kind,
meta fields after `.` and `@`, and snippets where a block or rule may start."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.server.conftest import RecordingClient, new_uri, open_document

pytestmark = pytest.mark.asyncio(loop_scope="session")

CURSOR = "‸"


async def complete(
    client: RecordingClient, workspace: Path, text_with_cursor: str
) -> dict[str, types.CompletionItem]:
    """Open the text (without the `‸`) and complete at the `‸`."""
    offset = text_with_cursor.index(CURSOR)
    text = text_with_cursor.replace(CURSOR, "", 1)
    line = text.count("\n", 0, offset)
    character = len(text[text.rfind("\n", 0, offset) + 1 : offset].encode("utf-16-le")) // 2
    uri = new_uri(workspace, "completion")
    open_document(client, uri, text)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line, character),
        )
    )
    assert isinstance(result, types.CompletionList)
    return {item.label: item for item in result.items}


async def test_only_the_keywords_the_grammar_allows(
    client: RecordingClient, workspace: Path
) -> None:
    after_enforcement = await complete(client, workspace, 'tool "t" { must ‸ }')
    assert set(after_enforcement) == {"allow", "deny"}
    after_outcome = await complete(client, workspace, 'tool "t" { must deny ‸ }')
    assert set(after_outcome) == {"when", "always"}
    after_session = await complete(client, workspace, 'tool "t" { session ‸ }')
    assert set(after_session) == {"before", "after"}


async def test_keywords_after_an_accessor_are_the_comparisons(
    client: RecordingClient, workspace: Path
) -> None:
    items = await complete(client, workspace, 'tool "t" { must deny when x.tags ‸ }')
    assert set(items) == {"overlaps", "subset of", "superset of", "is"}
    assert all(item.kind == types.CompletionItemKind.Keyword for item in items.values())


async def test_a_finished_range_offers_no_unrelated_keyword(
    client: RecordingClient, workspace: Path
) -> None:
    # LALR tables alone would offer `in` or `when` here; the grammar does not allow them
    items = await complete(client, workspace, "let a = int 1 ‸")
    assert not {"in", "when", "and"} & set(items)


async def test_meta_fields_after_a_dot_and_an_at(client: RecordingClient, workspace: Path) -> None:
    after_dot = await complete(client, workspace, 'tool "t" { must deny when x.‸ }')
    assert {"tags", "producers", "consumers", "value"} <= set(after_dot)
    after_session = await complete(client, workspace, 'tool "t" { must deny when @session.‸ }')
    assert set(after_session) >= {"tags", "producers", "consumers"}
    assert "value" in after_session  # `@session.value` parses (the linter warns)
    in_block = await complete(client, workspace, 'tool "t" { result { @‸ } }')
    assert {"@tags", "@producers", "@consumers", "@result", "@session"} <= set(in_block)
    edit = in_block["@tags"].text_edit
    assert isinstance(edit, types.TextEdit)
    # the edit replaces the `@` already typed
    assert edit.range.start == types.Position(0, 20)


async def test_let_names_of_the_kind_the_place_takes(
    client: RecordingClient, workspace: Path
) -> None:
    prefix = 'let labels = {"x"};\nlet risky = a.tags overlaps labels;\nlet size = int 1..3;\n'
    predicate_place = await complete(
        client, workspace, prefix + 'tool "t" { must deny when ‸ }\nlet later = {"y"};\n'
    )
    assert "risky" in predicate_place
    assert "labels" not in predicate_place and "size" not in predicate_place
    assert "later" not in predicate_place  # defined after the cursor
    set_place = await complete(
        client, workspace, prefix + 'tool "t" { must deny when a.tags overlaps ‸ }'
    )
    assert {"labels", "size"} <= set(set_place)
    assert "risky" not in set_place
    assert set_place["labels"].detail == "set"


async def test_argument_names_the_policy_uses(client: RecordingClient, workspace: Path) -> None:
    items = await complete(
        client,
        workspace,
        'tool "send" {\n  must deny when body.tags overlaps {"x"};\n  should deny when ‸\n}',
    )
    assert items["body"].detail == "argument"


async def test_snippets_where_declarations_and_members_start(
    client: RecordingClient, workspace: Path
) -> None:
    top = await complete(client, workspace, "‸")
    assert {"let", "tool", "tool block"} <= set(top)
    snippet = top["tool block"]
    assert snippet.insert_text_format == types.InsertTextFormat.Snippet
    assert isinstance(snippet.text_edit, types.TextEdit)
    assert snippet.text_edit.new_text.startswith('tool "${1:tool_name}" {')
    member = await complete(client, workspace, 'tool "t" {\n  ‸\n}')
    assert {"check rule", "result block", "session block", "must", "priority"} <= set(member)
    assert "tool block" not in member


async def test_nothing_inside_comments_and_strings(
    client: RecordingClient, workspace: Path
) -> None:
    assert await complete(client, workspace, "// a comment ‸") == {}
    assert await complete(client, workspace, 'tool "t‸ " { }') == {}
    assert await complete(client, workspace, "/* open ‸ */") == {}


async def test_an_update_takes_a_set(client: RecordingClient, workspace: Path) -> None:
    items = await complete(client, workspace, 'let x = {"a"};\ntool "t" { result { @tags |= ‸ } }')
    assert {"x", "@result", "@session", "@args", "union", "intersect"} <= set(items)
    assert not {"must", "not", "when"} & set(items)
