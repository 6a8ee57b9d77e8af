"""Pathological policies: deep nesting, long chains, long `let` chains, deep regexes.
Every rule runs; none may raise, and findings deep in such policies are still made."""

from __future__ import annotations

import re
import sys

from sqrt_tools.lint import LintSettings, lint_source
from sqrt_tools.lint.patterns import regex_error
from sqrt_tools.lint.selection import SELECTABLE

EVERY_RULE = LintSettings(enabled=frozenset(SELECTABLE))


def codes(source: str) -> set[str]:
    result = lint_source(source, EVERY_RULE)
    assert result.parse.ok
    return {d.code for d in result.diagnostics}


def test_five_thousand_nested_parentheses() -> None:
    deep = "(" * 5000 + "x.tags is universal" + ")" * 5000
    found = codes(f'/// d\ntool "t" {{ must deny when {deep}; }}')
    assert found == {"SQ205"}


def test_a_five_thousand_long_set_chain() -> None:
    chain = " | ".join(f'{{"e{index}"}}' for index in range(5000))
    found = codes(f'let s = {chain} | {{}};\n/// d\ntool "t" -> @tags |= s;')
    assert found == {"SQ303"}  # the trailing `| {}`


def test_a_chain_of_three_thousand_lets_carries_result_and_patterns_through() -> None:
    lets = ['let a0 = {w"web*"} | @result.tags;']
    lets += [f"let a{i} = a{i - 1} | {{}};" for i in range(1, 3000)]
    source = "\n".join(lets) + (
        '\n/// d\ntool "t" { session before { @tags |= a2999; }'
        " must deny when x.tags overlaps a2999; }"
    )
    found = codes(source)
    assert {"SQ105", "SQ106", "SQ204"} <= found


def test_a_regex_nested_too_deeply_to_compile_is_reported_not_raised() -> None:
    pattern = "(" * 5000 + "a" + ")" * 5000
    # Whether `re` can compile this depends on the interpreter's recursion limit, which
    # earlier tests in the same process may leave raised (hypothesis raises it while a
    # test runs): check at Python's default limit, with no cached answer.
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    regex_error.cache_clear()
    re.purge()
    try:
        result = lint_source(
            f'let s = {{r"{pattern}"}};\n/// d\ntool "t" -> @tags |= s;', EVERY_RULE
        )
    finally:
        sys.setrecursionlimit(previous)
        regex_error.cache_clear()
    (finding,) = result.diagnostics
    assert finding.rule == "invalid-regex"
    assert "nests too deeply" in finding.message
