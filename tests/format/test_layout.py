"""The canonical layout, construct by construct (snapshots: `pytest --inline-snapshot=review`)."""

from __future__ import annotations

from typing import Any

from inline_snapshot import snapshot

from sqrt_tools.format import FormatOptions, format_source


def fmt(source: str, **options: Any) -> str:
    return format_source(source, FormatOptions(**options))


def test_spaces_around_operators_none_inside_accessors_ranges_and_parentheses() -> None:
    source = (
        "let a=x . tags|@args . tags . union&@ tags;let b = int 1 ..< 10 ;"
        'let c=not(x.value in{ "a" ,"b"})and@result.value==-3;'
        'let d = union  of tags  from args;let e = str like w"*"length ..<500;'
    )
    assert fmt(source) == snapshot("""\
let a = x.tags | @args.tags.union & @tags;
let b = int 1..<10;
let c = not (x.value in {"a", "b"}) and @result.value == -3;
let d = union of tags from args;
let e = str like w"*" length ..<500;
""")


def test_one_declaration_per_line_and_tool_policies_always_in_block_form() -> None:
    source = 'let a = {"a"}; let b = {"b"}; tool "t" { must allow always; } tool "u" {}'
    assert fmt(source) == snapshot("""\
let a = {"a"};
let b = {"b"};

tool "t" {
    must allow always;
}

tool "u" {}
""")


def test_blank_lines_kept_once_between_statements_never_at_block_edges() -> None:
    source = """\


let a = {"a"};



let b = {"b"};
let c = {"c"};
tool "t" {

    priority 1;


    must deny always;
    must allow always;

}
tool "u" -> @tags |= {"x"};
tool "v" -> @tags |= {"y"};


"""
    assert fmt(source) == snapshot("""\
let a = {"a"};

let b = {"b"};
let c = {"c"};

tool "t" {
    priority 1;

    must deny always;
    must allow always;
}

tool "u" -> @tags |= {"x"};
tool "v" -> @tags |= {"y"};
""")


def test_blocks_one_statement_per_line_and_empty_blocks() -> None:
    source = (
        'tool "t" { session before { when "a" in @tags { @tags |= {"b"}; } @tags |= {"a"}; }'
        " result {} session after { when x.tags is empty {} } }"
    )
    assert fmt(source) == snapshot("""\
tool "t" {
    session before {
        when "a" in @tags {
            @tags |= {"b"};
        }
        @tags |= {"a"};
    }
    result {}
    session after {
        when x.tags is empty {}
    }
}
""")


def test_shorthand_forms_keep_priority_and_target() -> None:
    source = (
        'tool "a"->@tags|={"x"};tool "b" [ 10 ]->session   before @tags = {} when x.tags is empty;'
        'tool r"^c$" [-1] -> session @producers -= {"y"};'
    )
    assert fmt(source) == snapshot("""\
tool "a" -> @tags |= {"x"};
tool "b" [10] -> session before @tags = {} when x.tags is empty;
tool r"^c$" [-1] -> session @producers -= {"y"};
""")


def test_long_predicates_break_before_and_or_with_a_hanging_indent() -> None:
    source = (
        'tool "send_email" { must deny when body.tags overlaps {"confidential"} and not '
        'to.value in trusted_recipients or subject.tags overlaps {"confidential"} and '
        'not cc.value in trusted_recipients or attachments.tags overlaps {"secret"}; }'
    )
    assert fmt(source) == snapshot("""\
tool "send_email" {
    must deny when body.tags overlaps {"confidential"} and not to.value in trusted_recipients
        or subject.tags overlaps {"confidential"} and not cc.value in trusted_recipients
        or attachments.tags overlaps {"secret"};
}
""")


def test_a_long_let_predicate_moves_under_the_name_and_breaks_at_one_indentation() -> None:
    source = (
        'let carries_confidential = body.tags overlaps {"confidential"} or subject.tags '
        'overlaps {"confidential"} or attachments.tags overlaps {"confidential"};'
    )
    assert fmt(source) == snapshot("""\
let carries_confidential =
    body.tags overlaps {"confidential"}
    or subject.tags overlaps {"confidential"}
    or attachments.tags overlaps {"confidential"};
""")


def test_long_set_literals_one_element_per_line_without_a_trailing_comma() -> None:
    source = (
        'let secret_files = {str like w"*/.env", str like w"*/.env.*", '
        'str matching r"^.*/\\.ssh/.*$", str matching r"^.*\\.(pem|key)$"};'
        'tool "t" { result { @tags |= {"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb", '
        '"cccccccccccccccccccc", "dddddddddddddd"}; } }'
    )
    assert fmt(source) == snapshot("""\
let secret_files = {
    str like w"*/.env",
    str like w"*/.env.*",
    str matching r"^.*/\\.ssh/.*$",
    str matching r"^.*\\.(pem|key)$"
};

tool "t" {
    result {
        @tags |= {
            "aaaaaaaaaaaaaaaa",
            "bbbbbbbbbbbbbbbbbbbb",
            "cccccccccccccccccccc",
            "dddddddddddddd"
        };
    }
}
""")


def test_short_set_literals_join_one_line() -> None:
    source = 'let a = {\n    "a",\n    "b"\n};'
    assert fmt(source) == snapshot('let a = {"a", "b"};\n')


def test_long_set_expressions_break_before_each_operator() -> None:
    source = (
        "let everyone = engineering_department | legal_department | leadership_team "
        "| contractors_with_badges | auditors;"
        'tool "t" { must deny when x.tags overlaps engineering_department | legal_department '
        "| leadership_team - contractors_with_badges; }"
    )
    assert fmt(source) == snapshot("""\
let everyone =
    engineering_department
    | legal_department
    | leadership_team
    | contractors_with_badges
    | auditors;

tool "t" {
    must deny when x.tags overlaps engineering_department | legal_department | leadership_team
        - contractors_with_badges;
}
""")


def test_long_shorthand_breaks_before_when() -> None:
    source = (
        'tool "get_doc" [5] -> session before @tags |= {"reading_sensitive"} '
        'when path.value in sensitive_folders and not user.tags overlaps {"legal"};'
    )
    assert fmt(source) == snapshot("""\
tool "get_doc" [5] -> session before @tags |= {"reading_sensitive"}
    when path.value in sensitive_folders and not user.tags overlaps {"legal"};
""")


def test_line_width_option() -> None:
    source = 'let a = x.tags overlaps {"a", "b"} or y.tags is empty;'
    assert fmt(source, line_width=40) == snapshot("""\
let a =
    x.tags overlaps {"a", "b"}
    or y.tags is empty;
""")
    assert fmt(source, line_width=30) == snapshot("""\
let a =
    x.tags overlaps {"a", "b"}
    or y.tags is empty;
""")


def test_keyword_synonyms_kept_as_written_by_default() -> None:
    source = 'tool "t" { hard deny when x.tags overlaps a union b & c; soft allow always; }'
    assert fmt(source) == snapshot("""\
tool "t" {
    hard deny when x.tags overlaps a union b & c;
    soft allow always;
}
""")


def test_canonical_enforcement_and_set_operator_spellings() -> None:
    source = (
        'tool "t" { hard deny when x.tags overlaps a union b & c minus d ^ e; '
        "soft allow always; must deny when y.tags is empty; should deny always; }"
    )
    assert fmt(source, enforcement="must", set_operators="symbol") == snapshot("""\
tool "t" {
    must deny when x.tags overlaps a | b & c - d ^ e;
    should allow always;
    must deny when y.tags is empty;
    should deny always;
}
""")
    assert fmt(source, enforcement="hard", set_operators="keyword") == snapshot("""\
tool "t" {
    hard deny when x.tags overlaps a union b intersect c minus d xor e;
    soft allow always;
    hard deny when y.tags is empty;
    soft deny always;
}
""")


def test_parentheses_literals_and_names_kept_as_written() -> None:
    source = (
        'let a = x.tags overlaps ({"a"}) and ((b)) ; let tool = {+inf, 007, -0.50, r"a\\.b"};'
        'let b = x.value == "two\nlines";'
    )
    assert fmt(source) == snapshot("""\
let a = x.tags overlaps ({"a"}) and ((b));
let tool = {+inf, 007, -0.50, r"a\\.b"};
let b = x.value == "two
lines";
""")


def test_keywords_glued_in_the_source_are_separated() -> None:
    source = 'tool"t"{mustallowalways;priority5;}let a={"a"};'
    assert fmt(source) == snapshot("""\
tool "t" {
    must allow always;
    priority 5;
}

let a = {"a"};
""")


def test_an_empty_file_stays_empty_and_a_file_ends_with_one_line_break() -> None:
    assert fmt("") == ""
    assert fmt("  \n\n ") == ""
    assert fmt('let a = {"a"};') == 'let a = {"a"};\n'


def test_line_breaks_follow_the_first_one_between_tokens() -> None:
    crlf = 'let a = {"a"};\r\nlet b = x.value == "two\nlines";\r\n'
    assert fmt(crlf) == crlf
    # The first line break inside a comment does not decide the style.
    mixed = 'let /* a\n comment */ a = {"a"};\r\nlet b = {"b"};\n'
    assert fmt(mixed) == 'let /* a\n comment */ a = {"a"};\r\nlet b = {"b"};\r\n'
    assert fmt(fmt(mixed)) == fmt(mixed)
