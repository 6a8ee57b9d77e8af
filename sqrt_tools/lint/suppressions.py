"""Inline suppressions: `// sqrt: ignore[rule, ...]` and `// sqrt: ignore-file[...]`.

A line suppression at the end of a line covers findings that start on that line (or
whose span covers it); on a line of its own it covers the next line holding code
(blank and comment-only lines are skipped, so a reason may sit in between). Rules are
named by name or code. Text after the closing bracket is the reason, kept as written.
A suppression that names an unknown rule, or that suppresses nothing while its rule
is enabled, is itself reported (`unknown-suppression`, `unused-suppression`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqrt_tools.lint.registry import SUPPRESSION_CODES, SYNTAX_CODE, lookup
from sqrt_tools.lint.rule import Rule
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Diagnostic, Fix, Severity, TextEdit
from sqrt_tools.syntax.spans import LineIndex, Span

_DIRECTIVE = re.compile(r"^(?://|/\*)\s*sqrt\s*:")
_IGNORE = re.compile(
    r"^(?://|/\*)\s*sqrt\s*:\s*(?P<kind>ignore-file|ignore)\s*\[(?P<names>[^\]\n]*)\]"
)
UNUSED_CODE, UNKNOWN_CODE = "SQ001", "SQ002"


@dataclass(slots=True)
class Entry:
    text: str
    rule: Rule | None
    used: bool = False


@dataclass(slots=True)
class Suppression:
    comment: ast.Comment
    file_level: bool
    entries: list[Entry]
    names_start: int  # offset of the text between the brackets, in the source
    names_end: int
    own_line: bool
    target_line: int = 0
    covered_lines: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class Problem:
    comment: ast.Comment
    message: str


@dataclass(slots=True)
class Suppressions:
    """The suppressions of one file, found from its comments."""

    file_level: list[Suppression] = field(default_factory=list)
    by_line: dict[int, list[Suppression]] = field(default_factory=dict)
    trailing: list[Suppression] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def all(self) -> Iterable[Suppression]:
        yield from self.file_level
        for group in self.by_line.values():
            yield from group


def find(program: ast.Program, index: LineIndex) -> Suppressions:
    found = Suppressions()
    for comment in program.comments:
        if "sqrt" not in comment.text or not _DIRECTIVE.match(comment.text):
            continue
        match = _IGNORE.match(comment.text)
        if match is None:
            found.problems.append(
                Problem(
                    comment,
                    "malformed suppression: write `// sqrt: ignore[rule-name]` or "
                    "`// sqrt: ignore-file[rule-name]`",
                )
            )
            continue
        entries = [
            Entry(name.strip(), lookup(name.strip()))
            for name in match.group("names").split(",")
            if name.strip()
        ]
        if not entries:
            found.problems.append(Problem(comment, "the suppression names no rule"))
            continue
        for entry in entries:
            if entry.rule is None:
                found.problems.append(Problem(comment, f"unknown rule `{entry.text}`"))
            elif entry.rule.code == SYNTAX_CODE:
                found.problems.append(Problem(comment, "syntax errors cannot be suppressed"))
        start = comment.span.start
        suppression = Suppression(
            comment,
            match.group("kind") == "ignore-file",
            entries,
            start + match.start("names"),
            start + match.end("names"),
            _own_line(comment, index),
        )
        if suppression.file_level:
            found.file_level.append(suppression)
        elif suppression.own_line:
            suppression.target_line = _next_code_line(comment.span.end_line, index)
            found.by_line.setdefault(suppression.target_line, []).append(suppression)
        else:
            suppression.target_line = comment.span.line
            found.by_line.setdefault(comment.span.line, []).append(suppression)
            found.trailing.append(suppression)
    return found


def _own_line(comment: ast.Comment, index: LineIndex) -> bool:
    line_start = index.line_start(comment.span.line)
    return not index.text[line_start : comment.span.start].strip()


def _next_code_line(line: int, index: LineIndex) -> int:
    candidate = line + 1
    while candidate <= index.line_count:
        text = index.line_text(candidate).strip()
        if text and not text.startswith(("//", "/*", "*")):
            return candidate
        candidate += 1
    return candidate


def _covering(suppressions: Suppressions, diagnostic: Diagnostic) -> Iterable[Suppression]:
    yield from suppressions.file_level
    yield from suppressions.by_line.get(diagnostic.span.line, ())
    span = diagnostic.span
    if span.end_line > span.line:
        for suppression in suppressions.trailing:
            if span.line < suppression.target_line <= span.end_line:
                yield suppression


def _suppressed(suppressions: Suppressions, diagnostic: Diagnostic) -> bool:
    hit = False
    for suppression in _covering(suppressions, diagnostic):
        for entry in suppression.entries:
            if entry.rule is not None and entry.rule.code == diagnostic.code:
                entry.used = True
                hit = True
    return hit


def apply(
    diagnostics: list[Diagnostic],
    suppressions: Suppressions,
    *,
    enabled: frozenset[str],
    severities: dict[str, Severity],
    index: LineIndex,
) -> list[Diagnostic]:
    """`diagnostics` without the suppressed ones, plus findings about suppressions."""
    kept = [d for d in diagnostics if d.code == SYNTAX_CODE or not _suppressed(suppressions, d)]
    own: list[Diagnostic] = []
    if UNKNOWN_CODE in enabled:
        own.extend(
            Diagnostic(
                "unknown-suppression",
                UNKNOWN_CODE,
                severities[UNKNOWN_CODE],
                problem.message,
                problem.comment.span,
            )
            for problem in suppressions.problems
        )
    if UNUSED_CODE in enabled:
        for suppression in suppressions.all:
            unused = [
                entry
                for entry in suppression.entries
                if entry.rule is not None
                and not entry.used
                and entry.rule.code in enabled
                and entry.rule.code not in SUPPRESSION_CODES
            ]
            if unused:
                own.append(_unused(suppression, unused, severities[UNUSED_CODE], index))
    # Findings about suppressions can themselves be suppressed (e.g. `ignore-file`).
    kept.extend(d for d in own if not _suppressed(suppressions, d))
    return kept


def _unused(
    suppression: Suppression, unused: list[Entry], severity: Severity, index: LineIndex
) -> Diagnostic:
    names = ", ".join(f"`{entry.text}`" for entry in unused)
    comment = suppression.comment
    remaining = [entry.text for entry in suppression.entries if entry not in unused]
    if remaining:
        span = index.span(suppression.names_start, suppression.names_end)
        edit = TextEdit(span, ", ".join(remaining))
        message = f"Remove {names} from the suppression"
    else:
        edit = TextEdit(_comment_removal(comment, suppression.own_line, index), "")
        message = "Remove the suppression comment"
    what = "ignore-file" if suppression.file_level else "ignore"
    return Diagnostic(
        "unused-suppression",
        UNUSED_CODE,
        severity,
        f"unused suppression: `{what}` of {names} suppresses nothing here",
        comment.span,
        Fix(message, (edit,)),
    )


def _comment_removal(comment: ast.Comment, own_line: bool, index: LineIndex) -> Span:
    text = index.text
    start, end = comment.span.start, comment.span.end
    if own_line:
        start = index.line_start(comment.span.line)
        if end < len(text) and text[end] == "\n":
            end += 1
        return index.span(start, end)
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return index.span(start, end)
