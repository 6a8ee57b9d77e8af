"""The safety net: output that would change the policy or its comments is refused.

Faulty printers are injected in place of the real one (`engine.print_program`, the
one step that makes the layout), each with a different defect; `format_source` and
`format_range` must refuse every one of them with `UnsafeFormatError`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sqrt_tools import parse
from sqrt_tools.format import (
    FormatOptions,
    SourceSyntaxError,
    UnsafeFormatError,
    engine,
    format_range,
    format_source,
)
from sqrt_tools.format.render import Rendered
from sqrt_tools.format.safety import comment_owners, first_difference
from sqrt_tools.syntax import ParseResult

SOURCE = """\
// the trusted set
let trusted = {"a", "b"};

tool "send_email" {
    must deny when to.tags overlaps {"secret"}; // never leak
    should allow when to.value in trusted;
}
"""

Printer = Callable[[ParseResult, FormatOptions, str], Rendered]


def faulty(edit: Callable[[str], str]) -> Printer:
    """A printer that lays out correctly, then damages the text with `edit`."""
    real = engine.print_program

    def printer(parsed: ParseResult, options: FormatOptions, newline: str) -> Rendered:
        rendered = real(parsed, options, newline)
        return Rendered(edit(rendered.text), rendered.marks)

    return printer


DEFECTS: dict[str, Callable[[str], str]] = {
    "changes a verdict": lambda text: text.replace("must deny", "must allow"),
    "changes a keyword synonym": lambda text: text.replace("must deny", "hard deny"),
    "changes a string": lambda text: text.replace('"secret"', '"Secret"'),
    "drops a comment": lambda text: text.replace(" // never leak", ""),
    "edits a comment": lambda text: text.replace("never leak", "never  leak"),
    "reorders comments": lambda text: text.replace("// the trusted set\n", "").replace(
        "// never leak", "// never leak\n// the trusted set"
    ),
    "moves a comment to another declaration": lambda text: text.replace(
        "// the trusted set\nlet trusted", "let trusted"
    ).replace('let trusted = {"a", "b"};', 'let trusted = {"a", "b"};\n// the trusted set'),
    "writes something unparsable": lambda text: text.replace("};", "}"),
    "drops a declaration": lambda text: text.split("\ntool")[0],
    "reorders members": lambda text: text.replace(
        'must deny when to.tags overlaps {"secret"}; // never leak\n'
        "    should allow when to.value in trusted;",
        "should allow when to.value in trusted;\n"
        '    must deny when to.tags overlaps {"secret"}; // never leak',
    ),
}


@pytest.mark.parametrize("defect", DEFECTS, ids=list(DEFECTS))
def test_a_faulty_printer_is_refused(monkeypatch: pytest.MonkeyPatch, defect: str) -> None:
    edit = DEFECTS[defect]
    assert edit(SOURCE) != SOURCE  # the defect really damages the text
    monkeypatch.setattr(engine, "print_program", faulty(edit))

    with pytest.raises(UnsafeFormatError) as refusal:
        format_source(SOURCE)

    assert refusal.value.output == edit(SOURCE)  # kept for a bug report, never written
    assert str(refusal.value).startswith("refused to format: ")


def test_a_faulty_printer_is_refused_for_a_range(monkeypatch: pytest.MonkeyPatch) -> None:
    messy = SOURCE.replace('let trusted = {"a", "b"};', 'let   trusted={"a","b"} ;')
    monkeypatch.setattr(engine, "print_program", faulty(lambda t: t.replace('"b"', '"c"')))

    with pytest.raises(UnsafeFormatError):
        format_range(messy, messy.index("let"), messy.index("let"))


def test_the_real_printer_passes_the_same_check() -> None:
    assert format_source(SOURCE) == SOURCE


def test_refusal_names_what_would_change() -> None:
    original = parse(SOURCE).program
    changed = parse(SOURCE.replace("must deny", "must allow")).program
    assert first_difference(original, changed) == "line 5: CheckRule.outcome 'deny' became 'allow'"


def test_synonyms_compare_equal_only_when_the_options_respell_them() -> None:
    from sqrt_tools.format.spelling import respelled_fields

    original = parse('tool "t" { must deny always; } let a = b | c;').program
    respelled = parse('tool "t" { hard deny always; } let a = b union c;').program
    other_meaning = parse('tool "t" { should deny always; } let a = b & c;').program
    canonical = respelled_fields(FormatOptions(enforcement="hard", set_operators="keyword"))

    assert first_difference(original, respelled) is not None  # default: exact spellings
    assert first_difference(original, respelled, canonical) is None
    assert first_difference(original, other_meaning, canonical) is not None


def test_trees_thousands_of_levels_deep_compare_without_recursion() -> None:
    deep = "let a = " + "(" * 5000 + "x.tags is empty" + ")" * 5000 + ";"
    deeper = deep.replace("empty", "universal")
    assert first_difference(parse(deep).program, parse(deep).program) is None
    assert first_difference(parse(deep).program, parse(deeper).program) is not None


def test_comment_owners_tell_declarations_and_the_gaps_between_them() -> None:
    program = parse("// 0\nlet a = /* 1 */ b;\n// 2\n/// doc\n/* 3 */ let c = d;\n// 4\n").program
    assert comment_owners(program) == [0, 1, 2, 3, 4]


def test_syntax_errors_are_never_formatted() -> None:
    with pytest.raises(SourceSyntaxError) as error:
        format_source('let a = {"a"};\nlet b = ;\n')
    assert str(error.value).startswith("1 syntax error (first at line 2, column 9:")
    assert error.value.diagnostics[0].span.line == 2
