"""`// sqrt: fmt-off` ... `// sqrt: fmt-on` regions are copied verbatim."""

from __future__ import annotations

from inline_snapshot import snapshot

from sqrt_tools.format import format_source


def test_declarations_in_a_region_are_copied_as_written() -> None:
    source = (
        'let  a = {"a"};\n'
        "// sqrt: fmt-off\n"
        'let   table = {  "x",\n'
        '                 "y"  };\n'
        'tool "t" {   must   allow  always; }\n'
        "// sqrt: fmt-on\n"
        'let  b = {"b"};\n'
    )
    assert format_source(source) == snapshot("""\
let a = {"a"};
// sqrt: fmt-off
let   table = {  "x",
                 "y"  };
tool "t" {   must   allow  always; }
// sqrt: fmt-on
let b = {"b"};
""")


def test_a_region_between_members_or_statements_stays_inside_its_block() -> None:
    source = (
        'tool "t" {\n'
        "  must allow always;\n"
        "      // sqrt: fmt-off\n"
        "  must   deny   when x.tags   is empty;\n"
        "    //    sqrt:   fmt-on\n"
        '  result {  @tags |= {"a"};\n'
        "  // sqrt: fmt-off\n"
        '     @tags  -=  {"b"};\n'
        "  }\n"
        "}\n"
    )
    assert format_source(source) == snapshot("""\
tool "t" {
    must allow always;
    // sqrt: fmt-off
  must   deny   when x.tags   is empty;
    //    sqrt:   fmt-on
    result {
        @tags |= {"a"};
        // sqrt: fmt-off
     @tags  -=  {"b"};
    }
}
""")


def test_a_region_without_fmt_on_runs_to_the_end_of_the_file() -> None:
    source = 'let  a = {"a"};\n// sqrt: fmt-off\nlet  b = {"b"};   \n\n\nlet  c = {"c"};  // end\n'
    assert format_source(source) == snapshot("""\
let a = {"a"};
// sqrt: fmt-off
let  b = {"b"};   \n\


let  c = {"c"};  // end
""")


def test_a_marker_inside_an_expression_is_an_ordinary_comment() -> None:
    source = "let  a = x.tags is empty or\n// sqrt: fmt-off\ny.tags   is empty;\n"
    assert format_source(source) == snapshot("""\
let a =
    x.tags is empty
    or
    // sqrt: fmt-off
    y.tags is empty;
""")
