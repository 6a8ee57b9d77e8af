"""`sqrt check`: report syntax errors (and, with the linter, rule findings)."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from sqrt_tools.cli.render import FileReport, render_json, render_text
from sqrt_tools.cli.sources import SourceError, collect, read


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def check(
    paths: Annotated[
        list[str],
        typer.Argument(help="Policy files, directories (searched for *.sqrt), or - for stdin."),
    ],
    syntax_only: Annotated[
        bool, typer.Option("--syntax-only", help="Report syntax errors only.")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output format.")
    ] = OutputFormat.TEXT,
    stdin_filename: Annotated[
        str | None,
        typer.Option("--stdin-filename", help="The name to report for text read from stdin."),
    ] = None,
) -> None:
    """Check SQRT policies. Exit 0 when clean, 1 on any finding, 2 on usage or I/O errors."""
    from sqrt_tools.syntax import parse

    del syntax_only  # every check is a syntax check until the linter lands
    try:
        files = collect(paths)
    except SourceError as exc:
        _fail(str(exc))
    if not files:
        sys.stderr.write("sqrt check: warning: no .sqrt files found\n")
    reports: list[FileReport] = []
    for path in files:
        try:
            source = read(path, stdin_name=stdin_filename or "<stdin>")
        except SourceError as exc:
            _fail(str(exc))
        result = parse(source.text)
        reports.append(FileReport(source.path, source.text, result.diagnostics))
    if output_format is OutputFormat.JSON:
        sys.stdout.write(render_json(reports))
    else:
        sys.stdout.write(render_text(reports, color=sys.stdout.isatty()))
    found = any(report.diagnostics for report in reports)
    raise typer.Exit(EXIT_FINDINGS if found else EXIT_CLEAN)


def _fail(message: str) -> typer.Exit:
    from sqrt_tools.safe_text import escape_control

    sys.stderr.write(f"sqrt check: {escape_control(message, keep_newlines=False)}\n")
    raise typer.Exit(EXIT_USAGE)


def register(app: typer.Typer) -> None:
    """Add the `check` command to `app`."""
    app.command("check")(check)
