"""Renderers of diagnostics: text for people, JSON for scripts, and the formats CI
systems read (GitHub workflow commands, SARIF 2.1.0, JUnit XML), plus statistics.

Every renderer takes the same data (`FileReport`s) and returns a string. Text that came
from a policy file is escaped before it reaches the terminal (or a CI log).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqrt_tools.safe_text import escape_control, escape_json_text
from sqrt_tools.syntax.diagnostics import Diagnostic, Severity
from sqrt_tools.syntax.spans import LineIndex, Span

_TAB_WIDTH = 4


@dataclass(frozen=True, slots=True)
class FileReport:
    """The diagnostics of one file, with its text for showing source lines."""

    path: str
    source: str
    diagnostics: tuple[Diagnostic, ...]


def _range_json(span: Span) -> dict[str, Any]:
    return {
        "start": {"line": span.line, "column": span.column},
        "end": {"line": span.end_line, "column": span.end_column},
    }


def diagnostic_json(path: str, diagnostic: Diagnostic) -> dict[str, Any]:
    """The JSON object of one diagnostic; lines and columns are 1-based.

    `fix` is null or `{message, safe, applicability, edits: [{range, new_text}]}`, where
    `applicability` is "safe" (applied by `--fix`) or "unsafe" (only with
    `--unsafe-fixes`: it may change the policy's meaning); `related` lists
    `{range, message}` (e.g. the first definition of a duplicated name).
    """
    span = diagnostic.span
    fix = diagnostic.fix
    return {
        "path": path,
        "rule": diagnostic.rule,
        "code": diagnostic.code,
        "severity": str(diagnostic.severity),
        "message": diagnostic.message,
        "range": _range_json(span),
        "fix": None
        if fix is None
        else {
            "message": fix.message,
            "safe": fix.safe,
            "applicability": "safe" if fix.safe else "unsafe",
            "edits": [
                {"range": _range_json(edit.span), "new_text": edit.new_text} for edit in fix.edits
            ],
        },
        "related": [
            {"range": _range_json(item.span), "message": item.message}
            for item in diagnostic.related
        ],
    }


def render_json(reports: list[FileReport]) -> str:
    items = [
        diagnostic_json(report.path, diagnostic)
        for report in reports
        for diagnostic in report.diagnostics
    ]
    return escape_json_text(json.dumps(items, indent=2, ensure_ascii=False)) + "\n"


def render_text(
    reports: list[FileReport],
    *,
    color: bool = False,
    not_checked: int = 0,
    unsafe_fixes: bool = False,
) -> str:
    """`path:line:col: CODE [rule] message`, the source line and a caret span.

    A finding with a safe fix is marked `[*]`, one with an unsafe fix `[*unsafe]`; the
    summary counts both and says which flag applies them (`unsafe_fixes`: the run had
    `--unsafe-fixes`).

    `not_checked` counts files that could not be read; the summary says so rather than
    claiming that all checks passed.
    """
    out: list[str] = []
    counts = {severity: 0 for severity in Severity}
    files_with_findings = 0
    for report in reports:
        if not report.diagnostics:
            continue
        files_with_findings += 1
        index = LineIndex(report.source)
        for diagnostic in report.diagnostics:
            counts[diagnostic.severity] += 1
            out.append(_one(report.path, index, diagnostic, color))
    total = sum(counts.values())
    unread = f"{not_checked} file{'s' if not_checked != 1 else ''} could not be checked"
    if total == 0 and not_checked:
        out.append(f"No findings in the files checked; {unread}.\n")
    elif total == 0:
        out.append("All checks passed.\n")
    else:
        parts = [
            f"{count} {severity}{'s' if count != 1 else ''}"
            for severity, count in counts.items()
            if count
        ]
        files = f"{files_with_findings} file{'s' if files_with_findings != 1 else ''}"
        also = f"; {unread}" if not_checked else ""
        out.append(f"Found {', '.join(parts)} in {files}{also}.\n")
        fixable = sum(1 for r in reports for d in r.diagnostics if _fixable(d))
        unsafe = sum(1 for r in reports for d in r.diagnostics if _unsafe(d))
        if unsafe_fixes and (fixable or unsafe):
            out.append(
                f"[*] {fixable + unsafe} fixable with `sqrt check --fix --unsafe-fixes` "
                f"({unsafe} of them unsafe).\n"
            )
        elif fixable and unsafe:
            out.append(
                f"[*] {fixable} fixable with `sqrt check --fix` "
                f"({unsafe} more with `--unsafe-fixes`: they may change the meaning).\n"
            )
        elif fixable:
            out.append(f"[*] {fixable} fixable with `sqrt check --fix`.\n")
        elif unsafe:
            out.append(
                f"{unsafe} fixable with `sqrt check --fix --unsafe-fixes` "
                "(unsafe: they may change the meaning).\n"
            )
    return "".join(out)


def _fixable(diagnostic: Diagnostic) -> bool:
    return diagnostic.fix is not None and diagnostic.fix.safe


def _unsafe(diagnostic: Diagnostic) -> bool:
    return diagnostic.fix is not None and not diagnostic.fix.safe


def _one(path: str, index: LineIndex, diagnostic: Diagnostic, color: bool) -> str:
    span = diagnostic.span
    location = f"{escape_control(path, keep_newlines=False)}:{span.line}:{span.column}"
    label = f"{diagnostic.code} [{diagnostic.rule}]"
    if _fixable(diagnostic):
        label += " [*]"
    elif _unsafe(diagnostic):
        label += " [*unsafe]"
    message = escape_control(diagnostic.message, keep_newlines=False)
    if color:
        severity_color = {"error": "31", "warning": "33", "info": "36"}[str(diagnostic.severity)]
        location = f"\x1b[1m{location}\x1b[0m"
        label = f"\x1b[1;{severity_color}m{label}\x1b[0m"
    lines = [f"{location}: {label} {message}"]
    lines.extend(_excerpt(index, diagnostic))
    return "\n".join(lines) + "\n\n"


def _excerpt(index: LineIndex, diagnostic: Diagnostic) -> list[str]:
    span = diagnostic.span
    if span.line > index.line_count:
        return []
    line_text = index.line_text(span.line)
    shown, widths = _display(line_text)
    start = span.column - 1
    end = span.end_column - 1 if span.end_line == span.line else len(line_text)
    end = max(end, start + 1)
    caret_offset = sum(widths[:start])
    caret_width = max(1, sum(widths[start:end]) if start < len(widths) else 1)
    gutter = str(span.line)
    pad = " " * len(gutter)
    return [
        f"{pad} |",
        f"{gutter} | {shown}",
        f"{pad} | {' ' * caret_offset}{'^' * caret_width}",
    ]


def _display(line: str) -> tuple[str, list[int]]:
    """The line as shown (tabs expanded, controls escaped) and each character's width."""
    pieces: list[str] = []
    widths: list[int] = []
    for char in line:
        piece = " " * _TAB_WIDTH if char == "\t" else escape_control(char, keep_newlines=False)
        pieces.append(piece)
        widths.append(len(piece))
    return "".join(pieces), widths


# --- GitHub Actions workflow commands ----------------------------------------------------

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: list[FileReport]) -> str:
    """One `::error file=...,line=...::message` annotation per finding."""
    lines: list[str] = []
    for report in reports:
        path = escape_control(report.path, keep_newlines=False)
        for diagnostic in report.diagnostics:
            span = diagnostic.span
            properties = ",".join(
                [
                    f"title={_github_property(f'sqrt {diagnostic.code} {diagnostic.rule}')}",
                    f"file={_github_property(path)}",
                    f"line={span.line}",
                    f"col={span.column}",
                    f"endLine={span.end_line}",
                    f"endColumn={span.end_column}",
                ]
            )
            message = escape_control(diagnostic.message, keep_newlines=False)
            text = f"{path}:{span.line}:{span.column}: {diagnostic.code} {message}"
            level = _GITHUB_LEVEL[str(diagnostic.severity)]
            lines.append(f"::{level} {properties}::{_github_data(text)}\n")
    return "".join(lines)


# --- SARIF 2.1.0 -------------------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_RULES_PAGE = "https://github.com/sqrt-tools/sqrt-tools/blob/main/docs/rules.md"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _sarif_uri(path: str) -> str:
    from pathlib import PurePath
    from urllib.parse import quote

    return quote(PurePath(path).as_posix(), safe="/:")


def _sarif_region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
        "charOffset": span.start,
        "charLength": span.end - span.start,
    }


def render_sarif(reports: list[FileReport]) -> str:
    """A SARIF 2.1.0 log with one run, every rule's metadata, and fixes as replacements."""
    from sqrt_tools._version import __version__
    from sqrt_tools.lint.registry import RULES

    index = {rule.code: position for position, rule in enumerate(RULES)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary()},
            "fullDescription": {"text": rule.documentation()},
            "help": {"text": rule.documentation(), "markdown": rule.documentation()},
            "helpUri": f"{_RULES_PAGE}#{rule.code.lower()}-{rule.name}",
            "defaultConfiguration": {
                "level": _SARIF_LEVEL[str(rule.severity)],
                "enabled": rule.enabled_by_default,
            },
            "properties": {"category": str(rule.category), "tags": [str(rule.category)]},
        }
        for rule in RULES
    ]
    results: list[dict[str, Any]] = []
    for report in reports:
        uri = _sarif_uri(report.path)
        for diagnostic in report.diagnostics:
            result: dict[str, Any] = {
                "ruleId": diagnostic.code,
                "level": _SARIF_LEVEL[str(diagnostic.severity)],
                "message": {"text": f"{diagnostic.message} [{diagnostic.rule}]"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": _sarif_region(diagnostic.span),
                        }
                    }
                ],
            }
            if diagnostic.code in index:
                result["ruleIndex"] = index[diagnostic.code]
            if diagnostic.related:
                result["relatedLocations"] = [
                    {
                        "id": number,
                        "message": {"text": item.message},
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": _sarif_region(item.span),
                        },
                    }
                    for number, item in enumerate(diagnostic.related)
                ]
            fix = diagnostic.fix
            if fix is not None and fix.edits:
                result["fixes"] = [
                    {
                        "description": {"text": fix.message},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri},
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "charOffset": edit.span.start,
                                            "charLength": edit.span.end - edit.span.start,
                                        },
                                        "insertedContent": {"text": edit.new_text},
                                    }
                                    for edit in fix.edits
                                ],
                            }
                        ],
                    }
                ]
            results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sqrt-tools",
                        "version": __version__,
                        "informationUri": "https://github.com/sqrt-tools/sqrt-tools",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return escape_json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


# --- JUnit XML ---------------------------------------------------------------------------


def render_junit(reports: list[FileReport]) -> str:
    """A JUnit report: one test suite per file, one failing test case per finding, and
    one passing case for a file without findings."""
    from sqrt_tools.present import junit

    suites = []
    for report in reports:
        cases = [
            junit.Case(
                name=f"{d.code} {d.rule} at {d.span.line}:{d.span.column}",
                classname=report.path,
                file=report.path,
                line=d.span.line,
                failure=junit.Failure(
                    message=d.message,
                    body=f"{junit.one_line(report.path)}:{d.span.line}:{d.span.column}: "
                    f"{d.code} [{d.rule}] {junit.one_line(d.message)}",
                    kind=d.code,
                ),
            )
            for d in report.diagnostics
        ]
        if not cases:
            cases = [junit.Case(name="sqrt check", classname=report.path)]
        suites.append(junit.Suite(report.path, tuple(cases)))
    return junit.render("sqrt check", suites)


# --- statistics --------------------------------------------------------------------------


def statistics(reports: list[FileReport]) -> list[dict[str, Any]]:
    """Findings counted per rule, most frequent first (then by code)."""
    counts: dict[str, dict[str, Any]] = {}
    for report in reports:
        for diagnostic in report.diagnostics:
            entry = counts.setdefault(
                diagnostic.code,
                {"code": diagnostic.code, "name": diagnostic.rule, "count": 0, "fixable": False},
            )
            entry["count"] += 1
            entry["fixable"] = entry["fixable"] or _fixable(diagnostic)
    return sorted(counts.values(), key=lambda entry: (-entry["count"], entry["code"]))


def render_statistics_text(reports: list[FileReport]) -> str:
    """`COUNT  CODE  [*] name` lines, in the manner of `ruff --statistics`."""
    rows = statistics(reports)
    if not rows:
        return "All checks passed.\n"
    width = max(len(str(row["count"])) for row in rows)
    return "".join(
        f"{row['count']:>{width}}\t{row['code']}\t{'[*]' if row['fixable'] else '[ ]'} "
        f"{row['name']}\n"
        for row in rows
    )


def render_statistics_json(reports: list[FileReport]) -> str:
    return json.dumps(statistics(reports), indent=2) + "\n"
