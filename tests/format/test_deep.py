"""Input nested thousands of levels deep never crashes the formatter."""

from __future__ import annotations

from sqrt_tools.format import format_source

FIVE_THOUSAND_PARENS = "let  deep = " + "(" * 5000 + "x.tags is empty" + ")" * 5000 + ";"


def test_a_declaration_too_deep_to_print_is_copied_and_the_rest_formatted() -> None:
    source = 'let  a = {"a"};\n' + FIVE_THOUSAND_PARENS + '\n/// doc\nlet  b = {"b"};\n'
    formatted = format_source(source)
    assert formatted == 'let a = {"a"};\n' + FIVE_THOUSAND_PARENS + '\n/// doc\nlet b = {"b"};\n'


def test_deep_nesting_under_the_limit_is_formatted() -> None:
    source = "let  a = " + "(" * 30 + "x.tags is empty" + ")" * 30 + ";"
    assert format_source(source) == source.replace("let  a", "let a") + "\n"


def test_long_chains_are_not_deep_they_format_one_operand_per_line() -> None:
    operands = [f"x{index}.tags is empty" for index in range(3000)]
    source = 'tool "t" { must deny when ' + " or ".join(operands) + "; }"
    lines = format_source(source).splitlines()
    assert lines[1] == "    must deny when x0.tags is empty"
    assert lines[2] == "        or x1.tags is empty"
    assert len(lines) == 3000 + 2


def test_five_thousand_set_operations_format() -> None:
    source = "let a = " + " | ".join(['{"a"}'] * 5000) + ";"
    formatted = format_source(source)
    assert formatted.count("\n") == 5001
