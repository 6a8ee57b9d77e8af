"""`// sqrt: ignore[...]` and `// sqrt: ignore-file[...]`, and findings about them."""

from __future__ import annotations

from sqrt_tools.lint import LintSettings, lint_source
from sqrt_tools.lint.selection import DEFAULT_ENABLED
from sqrt_tools.syntax.diagnostics import Diagnostic

UNUSED_LET = "let a = {};"
USE = 'tool "t" -> @tags |= {};'


def lint(source: str, settings: LintSettings | None = None) -> list[tuple[int, str]]:
    return [(d.span.line, d.rule) for d in lint_source(source, settings).diagnostics]


def diagnostics(source: str) -> tuple[Diagnostic, ...]:
    return lint_source(source).diagnostics


def test_a_finding_is_reported_without_a_suppression() -> None:
    assert lint(f"{UNUSED_LET}\n{USE}") == [(1, "unused-let")]


def test_a_trailing_suppression_covers_its_own_line_by_name_or_code() -> None:
    assert lint(f"{UNUSED_LET} // sqrt: ignore[unused-let]\n{USE}") == []
    assert lint(f"{UNUSED_LET} // sqrt: ignore[SQ301]\n{USE}") == []
    assert lint(f"{UNUSED_LET} /* sqrt: ignore[unused-let] */\n{USE}") == []


def test_a_suppression_on_the_line_above_covers_the_next_code_line() -> None:
    source = f"// sqrt: ignore[unused-let] -- the reason\n// more reasons\n\n{UNUSED_LET}\n{USE}"
    assert lint(source) == []


def test_a_suppression_does_not_reach_further_lines() -> None:
    source = f"// sqrt: ignore[unused-let]\n{USE}\n{UNUSED_LET}"
    assert lint(source) == [(1, "unused-suppression"), (3, "unused-let")]


def test_a_trailing_suppression_does_not_cover_the_next_line() -> None:
    source = f"{USE} // sqrt: ignore[unused-let]\n{UNUSED_LET}"
    assert lint(source) == [(1, "unused-suppression"), (2, "unused-let")]


def test_a_trailing_suppression_covers_a_finding_that_spans_its_line() -> None:
    source = (
        'tool "t" {\n  must deny when\n'
        '    @result.tags overlaps {"x"}; // sqrt: ignore[result-in-check]\n}'
    )
    assert lint(source) == []


def test_ignore_file_covers_the_whole_file() -> None:
    source = f"// sqrt: ignore-file[unused-let]\n{UNUSED_LET}\nlet b = {{}};\n{USE}"
    assert lint(source) == []


def test_a_suppression_for_another_rule_does_not_hide_the_finding() -> None:
    source = f"{UNUSED_LET} // sqrt: ignore[duplicate-let]\n{USE}"
    assert lint(source) == [(1, "unused-let"), (1, "unused-suppression")]


def test_an_unused_suppression_is_reported_with_its_names() -> None:
    (finding,) = diagnostics('let a = {}; // sqrt: ignore[unused-let]\ntool "t" -> @tags |= a;')
    assert finding.code == "SQ001"
    assert finding.message == "unused suppression: `ignore` of `unused-let` suppresses nothing here"
    assert finding.fix is not None


def test_a_suppression_of_a_disabled_rule_is_not_called_unused() -> None:
    source = f"{USE} // sqrt: ignore[let-naming]"
    assert lint(source) == []  # let-naming is off by default: it could not have fired


def test_unknown_and_malformed_suppressions_are_reported() -> None:
    source = (
        f"{UNUSED_LET} // sqrt: ignore[unused-lets]\n"
        "// sqrt: ignore unused-let\n"
        "// sqrt: ignore[]\n"
        "// sqrt: ignore[syntax-error]\n"
        f"{USE}"
    )
    found = diagnostics(source)
    messages = [(d.span.line, d.code, d.message) for d in found]
    assert messages == [
        (1, "SQ301", "`a` is never used"),
        (1, "SQ002", "unknown rule `unused-lets`"),
        (
            2,
            "SQ002",
            "malformed suppression: write `// sqrt: ignore[rule-name]` or "
            "`// sqrt: ignore-file[rule-name]`",
        ),
        (3, "SQ002", "the suppression names no rule"),
        (4, "SQ002", "syntax errors cannot be suppressed"),
    ]


def test_ordinary_comments_mentioning_sqrt_are_not_directives() -> None:
    assert lint(f"// the sqrt: ignore[...] syntax is documented\n{USE}") == []


def test_findings_about_suppressions_can_be_suppressed_for_the_file() -> None:
    source = f"// sqrt: ignore-file[unused-suppression]\n{USE} // sqrt: ignore[unused-let]"
    assert lint(source) == []


def test_suppression_findings_follow_rule_selection() -> None:
    source = f"{USE} // sqrt: ignore[unused-let]\n// sqrt: ignore[nope]"
    quiet = LintSettings(enabled=DEFAULT_ENABLED - {"SQ001", "SQ002"})
    assert lint(source, quiet) == []


def test_syntax_errors_are_reported_alone_and_cannot_be_suppressed() -> None:
    source = "let a = {} // sqrt: ignore[syntax-error]\nlet b = {};"
    assert [d.rule for d in diagnostics(source)] == ["syntax-error"]
