"""Fixes: the exact text each one writes, and the guarantees of applying them."""

from __future__ import annotations

import pytest

from sqrt_tools import parse
from sqrt_tools.lint import LintResult, LintSettings, fix_source, lint_source
from sqrt_tools.lint import fixes as fixes_module
from sqrt_tools.lint.registry import lookup
from sqrt_tools.lint.rule import FixSafety
from sqrt_tools.lint.selection import SELECTABLE
from sqrt_tools.syntax.diagnostics import Diagnostic, Fix, Severity, TextEdit
from tests.lint.helpers import fixed, only

# (rule, before, after): the whole text a fix writes.
FIXES: list[tuple[str, str, str]] = [
    (
        "unanchored-tool-regex",
        'tool r"send_.*" -> @tags |= {};',
        'tool r"^send_.*$" -> @tags |= {};',
    ),
    (
        "unanchored-tool-regex",
        'tool r"^a_.*_x|b_.*$" -> @tags |= {};',
        'tool r"^a_.*_x$|^b_.*$" -> @tags |= {};',
    ),
    (
        "unanchored-tool-regex",
        'tool r"a_.*|b_.*" -> @tags |= {};',
        'tool r"^(?:a_.*|b_.*)$" -> @tags |= {};',
    ),
    ("unanchored-tool-regex", 'tool r"x\\..*" -> @tags |= {};', 'tool r"^x\\..*$" -> @tags |= {};'),
    (
        "literal-regex-tool-id",
        'tool r"send_email" -> @tags |= {};',
        'tool "send_email" -> @tags |= {};',
    ),
    ("literal-regex-tool-id", 'tool r"^send_email$" {}', 'tool "send_email" {}'),
    (
        "double-escaped-regex",
        'let s = {str matching r"^a\\\\.b\\\\d$"};',
        'let s = {str matching r"^a\\.b\\d$"};',
    ),
    (
        "unused-let",
        '/// Doc of a.\nlet a = {"x"};\nlet b = {};\n'
        'tool "t" { must deny when x.tags overlaps b; }\n',
        'let b = {};\ntool "t" { must deny when x.tags overlaps b; }\n',
    ),
    (
        "unused-let",
        'let a = {"x"}; // keep me\ntool "t" -> @tags |= {};\n',
        '// keep me\ntool "t" -> @tags |= {};\n',
    ),
    ("unused-let", "let a = {};\nlet b = a;\n", ""),  # the second round removes `a`
    # The comment lines directly above a removed declaration go with it ...
    (
        "unused-let",
        '// Why a exists.\n// More about a.\n/// Doc of a.\nlet a = {"x"};\n'
        'tool "t" -> @tags |= {};\n',
        'tool "t" -> @tags |= {};\n',
    ),
    # ... but not across a blank line, not a directive, not a comment ending code above.
    (
        "unused-let",
        '// Section: lists.\n\n// About a.\nlet a = {};\ntool "t" -> @tags |= {};\n',
        '// Section: lists.\n\ntool "t" -> @tags |= {};\n',
    ),
    (
        "unused-let",
        '// sqrt: fmt-off\nlet a = {};\ntool "t" -> @tags |= {};\n',
        '// sqrt: fmt-off\ntool "t" -> @tags |= {};\n',
    ),
    (
        "unused-let",
        'let b = {}; // about b\nlet a = {};\ntool "t" -> @tags |= b;\n',
        'let b = {}; // about b\ntool "t" -> @tags |= b;\n',
    ),
    (
        "unused-let",
        '/* A block comment\n   about a. */\nlet a = {};\ntool "t" -> @tags |= {};\n',
        'tool "t" -> @tags |= {};\n',
    ),
    (
        "unused-let",
        'let b = {}; let a = {"x"};\ntool "t" -> @tags |= b;\n',
        'let b = {}; \ntool "t" -> @tags |= b;\n',
    ),
    ("duplicate-set-element", 'let s = {"a", "b", "a"};', 'let s = {"a", "b"};'),
    ("duplicate-set-element", 'let s = {\n    "a",\n    "a"\n};', 'let s = {\n    "a"\n};'),
    ("redundant-set-op", "let s = x.tags | {};", "let s = x.tags;"),
    ("redundant-set-op", 'let s = {"*"} & (x.tags - y.tags);', "let s = (x.tags - y.tags);"),
    ("redundant-set-op", "let s = x.tags minus {} | {};", "let s = x.tags;"),
    (
        "keyword-synonym",
        'tool "t" { hard deny always; soft allow always; }',
        'tool "t" { must deny always; should allow always; }',
    ),
    ("keyword-synonym", "let s = a union b intersect c;", "let s = a | b & c;"),
    (
        "unused-suppression",
        'let a = {}; // sqrt: ignore[unused-let]\ntool "t" -> @tags |= a;\n',
        'let a = {};\ntool "t" -> @tags |= a;\n',
    ),
    (
        "unused-suppression",
        '// sqrt: ignore[unused-let]\nlet a = {};\ntool "t" -> @tags |= a;\n',
        'let a = {};\ntool "t" -> @tags |= a;\n',
    ),
]


@pytest.mark.parametrize(
    ("rule", "before", "after"), FIXES, ids=[f"{f[0]}-{i}" for i, f in enumerate(FIXES)]
)
def test_fix_writes_exactly(rule: str, before: str, after: str) -> None:
    settings = only(rule, "unused-let") if rule == "unused-suppression" else only(rule)
    found = lookup(rule)
    assert found is not None
    unsafe = found.fix_safety is FixSafety.UNSAFE
    assert fix_source(before, settings, unsafe=unsafe).source == after
    if unsafe:  # plain --fix leaves an unsafe fix alone
        assert fix_source(before, settings).source == before


def test_unused_suppression_keeps_the_names_still_in_use_and_the_reason() -> None:
    before = (
        'let s = {"x", "x"}; // sqrt: ignore[unused-let, duplicate-set-element] why\n'
        'tool "t" -> @tags |= s;\n'
    )
    settings = only("unused-suppression", "unused-let", "duplicate-set-element")
    after = fix_source(before, settings).source
    assert "// sqrt: ignore[duplicate-set-element] why" in after


def test_keyword_fix_to_keywords_keeps_tokens_apart() -> None:
    source = 'let s = a|b&c; tool "t" { must deny always; }'
    options = {"enforcement": "hard", "set-operators": "keywords"}
    result = fixed(source, "keyword-synonym", keyword_synonym=options)
    assert result == 'let s = a union b intersect c; tool "t" { hard deny always; }'
    assert parse(result).ok


def test_after_fix_the_text_parses_relints_clean_of_fixed_findings_and_keeps_comments() -> None:
    source = (
        "// header comment\n\n"
        "let unused = {}; /* inline */\n"
        '/// documented\ntool r"send_.*" { // trailing\n'
        '    hard deny when body.tags overlaps {"a", "a"} | {};\n'
        "}\n"
    )
    settings = LintSettings(enabled=frozenset(SELECTABLE))
    outcome = fix_source(source, settings)
    assert outcome.changed
    result = lint_source(outcome.source, settings)
    assert result.parse.ok
    fixed_codes = {d.code for d in outcome.fixed}
    assert fixed_codes >= {"SQ201", "SQ301", "SQ302", "SQ303", "SQ304"}
    assert not fixed_codes & {d.code for d in result.diagnostics}
    comments = [c.text for c in result.parse.program.comments]
    assert comments == ["// header comment", "/* inline */", "// trailing"]
    assert "/// documented" in outcome.source
    assert outcome.remaining == result.diagnostics


def test_unused_let_offers_no_fix_when_a_comment_is_inside_it() -> None:
    source = 'let a = {\n  "x", // why x\n};\ntool "t" -> @tags |= {};'
    (finding,) = lint_source(source, only("unused-let")).diagnostics
    assert finding.fix is None
    assert fix_source(source, only("unused-let")).source == source


def _fake_lint(fix_text: str) -> object:
    """A lint that always offers one fix replacing the whole first line."""

    def lint(source: str, settings: object = None, *, path: object = None) -> LintResult:
        parsed = parse(source)
        if not source.startswith("let a"):
            return LintResult(parsed, ())
        span = parsed.line_index.span(0, source.index("\n"))
        diagnostic = Diagnostic(
            "fake", "SQ999", Severity.INFO, "fake", span, Fix("fake", (TextEdit(span, fix_text),))
        )
        return LintResult(parsed, (diagnostic,))

    return lint


@pytest.mark.parametrize(
    "broken",
    ["let a = {", "let b = {}; // comment changed", "let b = {};"],
    ids=["does-not-parse", "changes-a-comment", "drops-a-comment"],
)
def test_a_fix_that_breaks_the_policy_or_its_comments_is_never_applied(
    monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    source = "let a = {}; // comment\nlet c = {};\n"
    monkeypatch.setattr(fixes_module, "lint_source", _fake_lint(broken))
    outcome = fix_source(source)
    assert outcome.source == source
    assert not outcome.fixed


def test_a_sound_fix_from_the_same_machinery_is_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "let a = {}; // comment\nlet c = {};\n"
    monkeypatch.setattr(fixes_module, "lint_source", _fake_lint("let b = {}; // comment"))
    outcome = fix_source(source)
    assert outcome.source == "let b = {}; // comment\nlet c = {};\n"
    assert len(outcome.fixed) == 1


def test_overlapping_fixes_are_applied_over_several_rounds() -> None:
    # Both redundant operations overlap (one contains the other): two rounds.
    outcome = fix_source("let s = (x.tags | {}) | {};", only("redundant-set-op"))
    assert outcome.source == "let s = (x.tags);"
    assert len(outcome.fixed) == 2


def test_only_suppression_comments_may_change_other_sqrt_directives_must_survive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = "let a = {}; // sqrt: fmt-off\nlet c = {};\n"
    monkeypatch.setattr(fixes_module, "lint_source", _fake_lint("let b = {};"))
    assert fix_source(source).source == source


def test_on_generated_programs_every_rule_runs_and_fixing_converges_to_parsable_text() -> None:
    import random

    from tests.conformance.generator import generate_program

    settings = LintSettings(enabled=frozenset(SELECTABLE))
    rng = random.Random(20260)
    fixed_any = 0
    for _ in range(200):
        source = generate_program(rng)
        if not parse(source).ok:
            continue
        outcome = fix_source(source, settings)
        fixed_any += outcome.changed
        assert parse(outcome.source).ok
        assert [d for d in outcome.remaining if d.fix is not None] == []
        assert outcome.remaining == lint_source(outcome.source, settings).diagnostics
    assert fixed_any > 50  # the generator produces plenty of fixable findings


def test_each_rules_fixes_are_of_the_kind_it_declares() -> None:
    from sqrt_tools.lint.registry import RULES
    from sqrt_tools.lint.rule import FixAvailability

    checked = 0
    kinds: set[bool] = set()
    for rule in RULES:
        if rule.fix is FixAvailability.NONE:
            continue
        example = rule.section("Example").split("```sqrt\n", 1)[-1].split("```", 1)[0]
        for diagnostic in lint_source(example, only(rule.name)).diagnostics:
            if diagnostic.fix is not None:
                assert diagnostic.fix.safe == (rule.fix_safety is FixSafety.SAFE), rule.name
                checked += 1
                kinds.add(diagnostic.fix.safe)
    assert checked >= 5 and kinds == {True, False}  # double-escaped-regex is unsafe
