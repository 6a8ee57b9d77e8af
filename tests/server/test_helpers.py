"""The server's helpers, in-process: position conversion, change application, edit
building, token deltas, rule links, Markdown fences."""

from __future__ import annotations

import pytest
from lsprotocol import types

from sqrt_tools.lint import lookup
from sqrt_tools.server.documents import apply_changes
from sqrt_tools.server.edits import minimal_edit
from sqrt_tools.server.hover import fenced
from sqrt_tools.server.positions import Encoding, Positions
from sqrt_tools.server.rules import _TAGS, rule_documentation_url
from sqrt_tools.server.semantic_tokens import delta

TEXT = "a🎉é\r\nb\rc\nd"


@pytest.mark.parametrize(
    ("encoding", "after_e"),
    [("utf-16", 4), ("utf-8", 7), ("utf-32", 3)],
)
def test_columns_count_the_negotiated_units(encoding: Encoding, after_e: int) -> None:
    positions = Positions(TEXT, encoding)
    assert positions.position(3) == types.Position(0, after_e)
    assert positions.offset(types.Position(0, after_e)) == 3


def test_lines_end_at_crlf_cr_and_lf_only() -> None:
    positions = Positions(TEXT + "\x0c\u2028e")
    assert [positions.position(TEXT.index(c)).line for c in "bcd"] == [1, 2, 3]
    assert positions.position(len(TEXT) + 2) == types.Position(3, 3)  # FF, LS: same line
    assert positions.line_count == 4


def test_out_of_range_positions_clamp() -> None:
    positions = Positions(TEXT)
    assert positions.offset(types.Position(0, 99)) == 3  # end of line 0, before \r\n
    assert positions.offset(types.Position(99, 0)) == len(TEXT)
    assert positions.position(-5) == types.Position(0, 0)
    assert positions.position(10_000) == types.Position(3, 1)
    # between \r and \n is no LSP position: it maps to the end of the line
    assert positions.position(4) == types.Position(0, 4)


def test_a_column_inside_a_surrogate_pair_stays_before_it() -> None:
    assert Positions(TEXT).offset(types.Position(0, 2)) == 1


def test_changes_apply_in_order_and_whole_text_replaces() -> None:
    changes: list[types.TextDocumentContentChangeEvent] = [
        types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(0, 3), types.Position(0, 4)), text="E"
        ),
        types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(2, 0), types.Position(2, 1)), text="C\nC"
        ),
    ]
    assert apply_changes(Positions(TEXT), changes) == "a🎉E\r\nb\rC\nC\nd"
    whole = [types.TextDocumentContentChangeWholeDocument(text="new")]
    assert apply_changes(Positions(TEXT), [*changes, *whole]) == "new"


def test_minimal_edit_keeps_crlf_pairs_whole() -> None:
    old = "let a = {};\r\nlet b = {};\r\n"
    new = "let a = {};\r\n\r\nlet b = {};\r\n"
    edit = minimal_edit(old, new, Positions(old))
    assert edit is not None
    start = Positions(old).offset(edit.range.start)
    end = Positions(old).offset(edit.range.end)
    assert old[:start] + edit.new_text + old[end:] == new
    assert minimal_edit(old, old, Positions(old)) is None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ([0, 1, 2, 0, 0, 1, 0, 3, 1, 0], [0, 1, 2, 0, 0, 1, 0, 4, 1, 0]),
        ([0, 1, 2, 0, 0], [0, 1, 2, 0, 0, 1, 0, 3, 1, 0]),
        ([0, 1, 2, 0, 0, 1, 0, 3, 1, 0], []),
    ],
)
def test_token_delta_rebuilds_the_new_data(old: list[int], new: list[int]) -> None:
    edits = delta(old, new)
    data = list(old)
    for edit in edits:
        data[edit.start : edit.start + edit.delete_count] = list(edit.data or [])
        assert edit.start % 5 == 0 and edit.delete_count % 5 == 0
    assert data == new


def test_tagged_rules_exist_and_link_to_their_section() -> None:
    for name in _TAGS:
        rule = lookup(name)
        assert rule is not None, name
        assert rule_documentation_url(name) == (
            "https://github.com/sqrt-tools/sqrt-tools/blob/main/docs/rules.md"
            f"#{rule.code.lower()}-{name}"
        )
    assert rule_documentation_url("no-such-rule") is None


def test_every_rule_link_points_at_a_section_of_the_reference() -> None:
    from pathlib import Path

    from sqrt_tools.lint import RULES

    reference = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text("utf-8")
    for rule in RULES:
        url = rule_documentation_url(rule.name)
        assert url is not None
        assert f"(#{url.rsplit('#', 1)[1]})" in reference, rule.name


def test_a_definition_holding_backticks_cannot_close_its_fence() -> None:
    block = fenced('let a = {"```"};')
    assert block.splitlines() == ["````sqrt", 'let a = {"```"};', "````"]
