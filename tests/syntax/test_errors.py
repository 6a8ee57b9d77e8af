"""Syntax errors: readable messages, right positions, recovery, and no exceptions ever."""

from __future__ import annotations

import pytest

from sqrt_tools import parse
from sqrt_tools.syntax import ast


def errors(source: str) -> list[tuple[str, int, int]]:
    result = parse(source)
    assert result.ok is (not result.diagnostics)
    return [(d.message, d.span.line, d.span.column) for d in result.diagnostics]


@pytest.mark.parametrize(
    ("source", "message", "line", "column"),
    [
        ("let a = b\nlet c = d;", "expected `;` after the `let` declaration, found `let`", 1, 10),
        ("let a = x.tags overlaps\nlet c = d;", "expected a set, found `let`", 1, 24),
        ('tool "t" { priority 3 }', "expected `;` after `priority`, found `}`", 1, 22),
        ('tool "t" { must deny always }', "expected `;` after the check rule, found `}`", 1, 28),
        ('let a = "abc;\n', 'unterminated string: the closing `"` is missing', 1, 9),
        (
            "let a = b; /* never closed",
            "unterminated block comment: the closing `*/` is missing",
            1,
            12,
        ),
        (
            'tool "t" { must deny when {"a"} overlaps x.tags; }',
            "a set comparison needs a metadata accessor on its left (for example `x.tags`), "
            "not a set literal",
            1,
            27,
        ),
        (
            'let a = {d"2024-01-01"};',
            'a set literal cannot hold a `d"..."` datetime string; use a `datetime d"..."` domain',
            1,
            10,
        ),
        (
            "let a = datetime 5..10;",
            'a `datetime` range needs `d"..."` bounds (a single number is read as epoch seconds)',
            1,
            19,
        ),
        ('let a = {"x",};', "a set literal cannot end with `,`", 1, 13),
        (
            'tool "t" { must deny when x . value == 1; }',
            "write `.value` with no space after the name, as in `x.value`",
            1,
            29,
        ),
        (
            "let a = b;\n/// dangling",
            "this doc comment (`///`) documents nothing: put it right "
            "before a declaration, rule or statement, or use `//` for a plain comment",
            2,
            1,
        ),
        (
            'tool "t" { result { when a { when b { @tags = {}; } } } }',
            "`when` blocks cannot be nested",
            1,
            30,
        ),
        ("let a = b;\x00", "unexpected character `\\x00`", 1, 11),
        (
            'tool "t" {\n    must deny always;\n',
            "expected `}` to close the `tool` block opened on line 1, found the end of the file",
            1,
            10,
        ),
    ],
)
def test_messages_say_what_is_wrong_and_where(
    source: str, message: str, line: int, column: int
) -> None:
    assert errors(source)[0] == (message, line, column)


def test_set_comparison_on_a_let_name_explains_the_fix() -> None:
    ((message, _line, _column),) = errors(
        'let s = {"a"};\ntool "t" { must deny when s overlaps x.tags; }'
    )
    assert message.startswith("a set comparison needs a metadata accessor on its left")
    assert "`x.tags overlaps s`" in message


def test_no_message_leaks_parser_internals() -> None:
    sources = [
        "let",
        "tool",
        'tool "x" {',
        "let a = {",
        "let a = int ..",
        "@@@",
        "}}}",
        "let a = b c;",
    ]
    for source in sources:
        for message, _line, _column in errors(source):
            assert "Token(" not in message and "$END" not in message
            assert "Unexpected" not in message  # Lark's wording


def test_three_separate_typos_give_three_diagnostics_and_keep_the_rest() -> None:
    source = (
        "let first = int 1..5;\n"
        "let broken = x.tags overlaps\n"  # 1: missing set and `;`
        'let second = {"a"};\n'
        'tool "send" {\n'
        "    must deny when body.tags overlaps second;\n"
        "    should allow when to.value in ;\n"  # 2: missing set
        '    result { @tags |= {"sent"}; }\n'
        "}\n"
        'tool "read" { must deny when {"x"} overlaps first; }\n'  # 3: set literal on the left
        "let third = first;\n"
    )
    result = parse(source)
    lines = [d.span.line for d in result.diagnostics]
    assert lines == [2, 6, 9]
    declarations = result.program.declarations
    names = [d.name.text for d in declarations if isinstance(d, ast.LetDecl)]
    assert names == ["first", "second", "third"]
    tools = [d for d in declarations if isinstance(d, ast.ToolPolicy)]
    assert [t.tool_id.value for t in tools] == ["send", "read"]
    send_members = [type(m).__name__ for m in tools[0].members]
    assert send_members == ["CheckRule", "ErrorNode", "ResultBlock"]


def test_an_unclosed_tool_block_keeps_the_next_declarations() -> None:
    result = parse(
        'tool "a" {\n    must deny always;\nlet b = c;\ntool "d" { must allow always; }\n'
    )
    assert len(result.diagnostics) == 1
    kinds = [type(d).__name__ for d in result.program.declarations]
    assert kinds == ["ToolPolicy", "LetDecl", "ToolPolicy"]


@pytest.mark.parametrize(
    "source",
    [
        "{" * 200_000,
        "(" * 100_000,
        "\x00" * 10_000,
        '"' * 10_001,
        "/*" * 20_000,
        bytes(range(256)).decode("latin-1") * 50,
        "let a = b c d e;" * 2_000,
        "\ud800 let",
        "tool" * 10_000,
        "///\n" * 1000,
    ],
    ids=lambda s: repr(s[:12]),
)
def test_parse_never_raises_and_stays_bounded(source: str) -> None:
    result = parse(source)
    assert not result.ok
    assert 1 <= len(result.diagnostics) <= 100
    for diagnostic in result.diagnostics:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(source)


def test_deep_nesting_is_valid_like_the_service_says() -> None:
    # The reference parser accepts thousands of nested parentheses, so must we.
    assert parse("let a = " + "(" * 5_000 + "b" + ")" * 5_000 + ";").ok


def test_valid_input_has_no_diagnostics_and_ok_is_true() -> None:
    result = parse("")
    assert result.ok and result.program.declarations == ()
    assert parse("// only a comment\n/* and a block */").ok
