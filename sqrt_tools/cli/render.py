"""Renderers of diagnostics: text for people, JSON for scripts.

Every renderer takes the same data (`FileReport`s) and returns a string. Text that came
from a policy file is escaped before it reaches the terminal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqrt_tools.diagnostics import Diagnostic, Severity
from sqrt_tools.safe_text import escape_control
from sqrt_tools.syntax.spans import LineIndex

_TAB_WIDTH = 4


@dataclass(frozen=True, slots=True)
class FileReport:
    """The diagnostics of one file, with its text for showing source lines."""

    path: str
    source: str
    diagnostics: tuple[Diagnostic, ...]


def diagnostic_json(path: str, diagnostic: Diagnostic) -> dict[str, Any]:
    """The JSON object of one diagnostic; lines and columns are 1-based."""
    span = diagnostic.span
    return {
        "path": path,
        "rule": diagnostic.rule,
        "code": diagnostic.code,
        "severity": str(diagnostic.severity),
        "message": diagnostic.message,
        "range": {
            "start": {"line": span.line, "column": span.column},
            "end": {"line": span.end_line, "column": span.end_column},
        },
    }


def render_json(reports: list[FileReport]) -> str:
    items = [
        diagnostic_json(report.path, diagnostic)
        for report in reports
        for diagnostic in report.diagnostics
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def render_text(reports: list[FileReport], *, color: bool = False) -> str:
    """`path:line:col: CODE [rule] message`, the source line and a caret span."""
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
    if total == 0:
        out.append("All checks passed.\n")
    else:
        parts = [
            f"{count} {severity}{'s' if count != 1 else ''}"
            for severity, count in counts.items()
            if count
        ]
        files = f"{files_with_findings} file{'s' if files_with_findings != 1 else ''}"
        out.append(f"Found {', '.join(parts)} in {files}.\n")
    return "".join(out)


def _one(path: str, index: LineIndex, diagnostic: Diagnostic, color: bool) -> str:
    span = diagnostic.span
    location = f"{escape_control(path, keep_newlines=False)}:{span.line}:{span.column}"
    label = f"{diagnostic.code} [{diagnostic.rule}]"
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
