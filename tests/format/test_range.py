"""`format_range`: only the declarations a range touches change (for editors)."""

from __future__ import annotations

import pytest

from sqrt_tools.format import SourceSyntaxError, format_range, format_source

SOURCE = (
    'let   a={"a"} ;\n'
    '    let b =  {"b"};   // keep me\n'
    'let c={"c"};\n'
    'tool "t" {must allow always;}\n'
)


def apply(text: str, start: int, end: int) -> str:
    edit = format_range(text, start, end)
    assert edit is not None
    return text[: edit.span.start] + edit.new_text + text[edit.span.end :]


def test_a_cursor_inside_a_declaration_formats_that_declaration_only() -> None:
    offset = SOURCE.index("b =")
    assert apply(SOURCE, offset, offset) == SOURCE.replace('    let b =  {"b"};', 'let b = {"b"};')


def test_a_selection_formats_every_declaration_it_touches() -> None:
    start, end = SOURCE.index('"a"'), SOURCE.index("let c") + 1
    assert apply(SOURCE, start, end) == (
        'let a = {"a"};\nlet b = {"b"}; // keep me\nlet c = {"c"};\ntool "t" {must allow always;}\n'
    )


def test_the_edit_locates_the_replaced_text_in_lines_and_columns() -> None:
    edit = format_range(SOURCE, SOURCE.index("tool"), len(SOURCE))
    assert edit is not None
    assert (edit.span.line, edit.span.column, edit.span.end_line) == (4, 1, 4)
    assert edit.new_text == 'tool "t" {\n    must allow always;\n}'


def test_formatted_declarations_and_ranges_between_declarations_need_no_edit() -> None:
    formatted = format_source(SOURCE)
    assert format_range(formatted, 0, len(formatted)) is None
    gap = SOURCE.index("// keep me") + 3
    assert format_range(SOURCE, gap, gap) is None


def test_syntax_errors_refuse_a_range_too() -> None:
    with pytest.raises(SourceSyntaxError):
        format_range('let a = ;\nlet b = {"b"};', 12, 12)
