"""`sqrt fmt`: format policies in place, or check / show what formatting would change.

Exit codes: 0 every file is formatted (or was just formatted); 1 with `--check` or
`--diff` when some file would change; 2 when a file could not be formatted (syntax
errors, read or write errors, bad configuration, or output that failed the safety
check), whatever else happened. A file that cannot be formatted is never written.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sqrt_tools.cli.options import DEFAULT_MAX_MIB, MAX_SIZE_OPTION
from sqrt_tools.cli.rewrite import rewrite_file
from sqrt_tools.cli.sources import STDIN, Source, SourceError, collect, read
from sqrt_tools.input_limits import set_max_mib

if TYPE_CHECKING:  # the formatter is imported when a command runs, not at start-up
    from sqrt_tools.format import FormatOptions, SourceSyntaxError

EXIT_CLEAN = 0
EXIT_WOULD_CHANGE = 1
EXIT_ERROR = 2

_PROG = "sqrt fmt"


@dataclass(slots=True)
class _Tally:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0


def fmt(  # noqa: PLR0917 - typer maps each option to one parameter
    paths: Annotated[
        list[str],
        typer.Argument(help="Policy files, directories (searched for *.sqrt), or - for stdin."),
    ],
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; list the files that would change, exit 1."),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="Write nothing; print a unified diff of the changes, exit 1."),
    ] = False,
    line_width: Annotated[
        int | None,
        typer.Option(
            "--line-width",
            min=20,
            max=1000,
            help="Maximum line width (default: the configuration's, else 100).",
        ),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            help="The name of the text read from stdin (for messages and configuration).",
        ),
    ] = None,
    max_size: Annotated[int, MAX_SIZE_OPTION] = DEFAULT_MAX_MIB,
) -> None:
    """Format SQRT policies in one canonical layout, every comment kept.

    The meaning is proven unchanged before anything is written. Exit 0 when formatted,
    1 with --check/--diff when something would change, 2 when a file could not be
    formatted (it is then left untouched).
    """
    set_max_mib(max_size)
    try:
        files = collect(paths)
    except SourceError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    if not files:
        sys.stderr.write(f"{_PROG}: warning: no .sqrt files found\n")
    tally = _Tally()
    for path in files:
        _format_one(path, tally, check=check, diff=diff, width=line_width, name=stdin_filename)
    _summarise(tally, files, report_only=check or diff)
    if tally.failed:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_WOULD_CHANGE if (check or diff) and tally.changed else EXIT_CLEAN)


def _format_one(
    path: str, tally: _Tally, *, check: bool, diff: bool, width: int | None, name: str | None
) -> None:
    from sqrt_tools.format import FormatError, SourceSyntaxError, format_source

    try:
        source = read(path, stdin_name=name or "<stdin>")
    except SourceError as exc:
        _fail(tally, str(exc))
        return
    try:
        options = _options_for(path, name, width)
        formatted = format_source(source.text, options)
    except SourceSyntaxError as exc:
        _report_syntax_errors(source, exc)
        count = len(exc.diagnostics)
        errors = f"{count} syntax error{'s' if count != 1 else ''}"
        _fail(tally, f"{source.path}: not formatted: {errors} (the file is left as it is)")
        return
    except FormatError as exc:
        _fail(tally, f"{source.path}: not formatted: {exc}")
        return
    if formatted == source.text:
        tally.unchanged += 1
        if path == STDIN and not (check or diff):
            _write_stdout(formatted)
        return
    tally.changed.append(source.path)
    if diff:
        _write_stdout(_unified_diff(source, formatted))
    if check:
        sys.stdout.write(f"Would reformat: {_safe(source.path)}\n")
    if check or diff:
        return
    if path == STDIN:
        _write_stdout(formatted)
        return
    try:
        rewrite_file(path, source.text, formatted, doing="formatted")
    except OSError as exc:
        tally.changed.pop()
        _fail(tally, f"{source.path}: not written: {exc.strerror or exc}")


def _options_for(path: str, stdin_name: str | None, width: int | None) -> FormatOptions:
    """The options from the configuration nearest to the file, with `--line-width`."""
    from sqrt_tools.config import ConfigError, find_config
    from sqrt_tools.format import FormatError, FormatOptions

    where = Path(path)
    if path == STDIN:
        where = Path(stdin_name) if stdin_name else Path.cwd()
    try:
        config = find_config(where)
    except ConfigError as exc:
        raise FormatError(f"configuration: {exc}") from None
    try:
        options = FormatOptions.from_config(config.section("format"))
    except (ConfigError, FormatError) as exc:
        raise FormatError(f"configuration {config.path}: {exc}") from None
    return options if width is None else replace(options, line_width=width)


def _unified_diff(source: Source, formatted: str) -> str:
    lines = difflib.unified_diff(
        _lines(source.text),
        _lines(formatted),
        fromfile=f"{source.path}\t(original)",
        tofile=f"{source.path}\t(formatted)",
    )
    out: list[str] = []
    for line in lines:
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """Lines split at `\\n` only (`str.splitlines` also splits at form feeds and more)."""
    return _LINE.findall(text)


_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def _report_syntax_errors(source: Source, error: SourceSyntaxError) -> None:
    from sqrt_tools.present.diagnostics import FileReport, render_text

    report = FileReport(source.path, source.text, error.diagnostics)
    text = render_text([report], color=sys.stderr.isatty())
    # render_text ends with a summary line; the fmt summary replaces it
    sys.stderr.write(text.rsplit("Found ", 1)[0])


def _summarise(tally: _Tally, files: list[str], *, report_only: bool) -> None:
    if files == [STDIN] and not report_only and not tally.failed:
        return  # stdout holds the formatted text; nothing else to say
    changed = len(tally.changed)
    parts: list[str] = []
    if report_only:
        if changed:
            parts.append(f"{_files(changed)} would be reformatted")
        if tally.unchanged:
            parts.append(f"{_files(tally.unchanged)} already formatted")
    else:
        if changed:
            parts.append(f"{_files(changed)} reformatted")
        if tally.unchanged:
            parts.append(f"{_files(tally.unchanged)} left unchanged")
    if tally.failed:
        parts.append(f"{_files(tally.failed)} could not be formatted")
    if parts:
        sys.stderr.write(", ".join(parts) + "\n")


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


def _write_stdout(text: str) -> None:
    """Formatted policy text: as it is into a pipe or file, escaped on a terminal."""
    if stdout_is_terminal():
        from sqrt_tools.safe_text import escape_control

        text = escape_control(text)
    sys.stdout.flush()
    # bytes, so that no newline translation touches the file's own line breaks
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _safe(text: str) -> str:
    from sqrt_tools.safe_text import escape_control

    return escape_control(text, keep_newlines=False)


def _fail(tally: _Tally, message: str) -> None:
    tally.failed += 1
    _error(message)


def _error(message: str) -> None:
    sys.stderr.write(f"{_PROG}: {_safe(message)}\n")


def register(app: typer.Typer) -> None:
    """Add the `fmt` command to `app`."""
    app.command("fmt")(fmt)
