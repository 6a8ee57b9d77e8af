"""Running the rules on one file: parse, build the semantic model, one pass over the
nodes the enabled rules subscribe to, whole-program checks, then suppressions.

A file with syntax errors gets its syntax errors only: the other rules judge the
whole policy, and a partial tree would make them report names and rules that are in
fact in the text the parser had to skip.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqrt_tools.lint import suppressions
from sqrt_tools.lint.registry import RULES, SUPPRESSION_CODES, SYNTAX_CODE
from sqrt_tools.lint.rule import Checker, Rule
from sqrt_tools.lint.settings import LintSettings
from sqrt_tools.semantics import analyze
from sqrt_tools.syntax import ParseResult, ast, parse
from sqrt_tools.syntax.diagnostics import Diagnostic, Severity

DEFAULT_SETTINGS = LintSettings()


@dataclass(frozen=True, slots=True)
class LintResult:
    """A file's parse and every finding (syntax errors included), in source order."""

    parse: ParseResult
    diagnostics: tuple[Diagnostic, ...]

    @property
    def source(self) -> str:
        return self.parse.source


def lint_source(
    source: str, settings: LintSettings | None = None, *, path: str | None = None
) -> LintResult:
    """Parse and lint `source`. Never raises on any input text."""
    parsed = parse(source)
    return LintResult(parsed, lint(parsed, settings, path=path))


def lint(
    parsed: ParseResult, settings: LintSettings | None = None, *, path: str | None = None
) -> tuple[Diagnostic, ...]:
    """Every finding for an already parsed file; `path` selects per-file ignores."""
    if not parsed.ok:
        return parsed.diagnostics
    settings = settings or DEFAULT_SETTINGS
    enabled = settings.enabled_for(path)
    rules = [
        rule
        for rule in RULES
        if rule.code in enabled and rule.code not in SUPPRESSION_CODES and rule.code != SYNTAX_CODE
    ]
    found: list[Diagnostic] = []
    try:
        model = analyze(parsed.program)
    except RecursionError:  # defensive: the walk is iterative, but never let one escape
        return (_too_deep(parsed, RULES[0]),)
    checkers = [
        Checker(
            rule,
            model,
            parsed.source,
            parsed.line_index,
            settings.severity_of(rule),
            settings.options_for(rule),
            found,
            tools=settings.tools if settings.tools is not None and settings.tools.tools else None,
            presets=settings.presets,
        )
        for rule in rules
    ]
    subscribers: dict[type[ast.Node], list[Checker]] = {}
    for checker in checkers:
        for node_type in checker.rule.node_types:
            subscribers.setdefault(node_type, []).append(checker)
    # A rule that fails on a pathological policy (a RecursionError in a library it
    # calls) reports that once and stops; the other rules still run.
    failed: set[str] = set()
    for node_type, interested in subscribers.items():
        for node, context in model.nodes_of(node_type):
            for checker in interested:
                if checker.rule.code in failed:
                    continue
                try:
                    checker.rule.visit(node, context, checker)
                except RecursionError:
                    failed.add(checker.rule.code)
                    found.append(_too_deep(parsed, checker.rule))
    for checker in checkers:
        if checker.rule.code in failed:
            continue
        try:
            checker.rule.finish(checker)
        except RecursionError:
            found.append(_too_deep(parsed, checker.rule))
    found = _unique(found)
    comments = suppressions.find(parsed.program, parsed.line_index)
    severities = {code: _severity(settings, code) for code in SUPPRESSION_CODES}
    result = suppressions.apply(
        found,
        comments,
        enabled=enabled,
        severities=severities,
        index=parsed.line_index,
    )
    result.sort(key=lambda d: (d.span.start, d.span.end, d.code))
    return tuple(result)


def _too_deep(parsed: ParseResult, rule: Rule) -> Diagnostic:
    return Diagnostic(
        rule.name,
        rule.code,
        Severity.ERROR,
        f"`{rule.name}` could not check this policy: it nests too deeply",
        parsed.program.span,
    )


def _severity(settings: LintSettings, code: str) -> Severity:
    rule = next(rule for rule in RULES if rule.code == code)
    return settings.severity_of(rule)


def _unique(found: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, int, int, str]] = set()
    unique: list[Diagnostic] = []
    for diagnostic in found:
        key = (diagnostic.code, diagnostic.span.start, diagnostic.span.end, diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique
