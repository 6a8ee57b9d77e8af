"""`sqrt check`: syntax errors and lint findings, with fixes, in every CI format.

Exit codes, as ruff: 0 no findings (or `--exit-zero`), 1 findings (with `--diff`: a
fix would change a file), 2 usage, configuration or I/O errors (one line each on
standard error; the files that could be read are still checked and reported).
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sqrt_tools.cli.options import DEFAULT_MAX_MIB, MAX_SIZE_OPTION
from sqrt_tools.cli.sources import STDIN, SourceError, collect, read
from sqrt_tools.input_limits import set_max_mib
from sqrt_tools.present.diagnostics import FileReport

if TYPE_CHECKING:
    from sqrt_tools.config import ConfigFile
    from sqrt_tools.lint.selection import SelectionLayer
    from sqrt_tools.lint.settings import LintSettings


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"


EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def check(  # noqa: PLR0917 - typer maps each option to one parameter
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Policy files, directories (searched for *.sqrt), or - for stdin. "
            "Default: the current directory."
        ),
    ] = None,
    syntax_only: Annotated[
        bool, typer.Option("--syntax-only", help="Report syntax errors only.")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Rules to run, replacing the configured set: codes (SQ101), code "
            "prefixes (SQ1), names (unused-let), categories (style) or ALL. "
            "Comma-separated or repeated.",
        ),
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option("--extend-select", help="Rules to run in addition to the selection."),
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Rules not to run.")] = None,
    fix: Annotated[
        bool,
        typer.Option("--fix", help="Apply safe fixes and write the files (stdin: print it)."),
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes",
            help="With --fix or --diff, also apply unsafe fixes (they may change what the "
            "policy means: check each).",
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="Show the fixes as a unified diff; write nothing."),
    ] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")
    ] = False,
    show_statistics: Annotated[
        bool, typer.Option("--statistics", help="Count findings per rule instead of listing.")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output format.")
    ] = OutputFormat.TEXT,
    output_file: Annotated[
        Path | None,
        typer.Option("--output-file", "-o", help="Write the report to a file, not stdout."),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            help="The name to report for text read from stdin (also finds its configuration).",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Use this sqrt.toml or pyproject.toml for every file instead of searching.",
        ),
    ] = None,
    tools: Annotated[
        list[str] | None,
        typer.Option(
            "--tools",
            help="The agent's tool definitions (OpenAI, Anthropic or MCP; JSON or YAML): "
            "files, directories or globs. Repeatable; replaces the configured `tools`. "
            "Turns on the checks against them (unknown tools and arguments, values).",
        ),
    ] = None,
    max_size: Annotated[int, MAX_SIZE_OPTION] = DEFAULT_MAX_MIB,
) -> None:
    """Check SQRT policies. Exit 0 when clean, 1 on any finding, 2 on usage or I/O errors."""
    set_max_mib(max_size)
    from sqrt_tools.lint.selection import SelectionLayer, SelectorError, parse_selectors

    try:
        layer = SelectionLayer(
            select=parse_selectors(_split(select)) if select else None,
            extend_select=parse_selectors(_split(extend_select)),
            ignore=parse_selectors(_split(ignore)),
        )
    except SelectorError as exc:
        raise _fail(str(exc)) from None
    run = _Run(
        layer=layer, fixed_config=_load_config(config) if config else None, tools=tools or None
    )
    files = run.collect(paths or ["."])
    if output_file is not None:
        _refuse_an_input_as_output(output_file, [*files, *([str(config)] if config else [])])
    if not files and not run.errors:
        sys.stderr.write("sqrt check: warning: no .sqrt files found\n")
    stdin_name = stdin_filename or "<stdin>"
    reports: list[FileReport] = []
    patches: list[str] = []
    fixed_count = 0
    for path in files:
        try:
            source = read(path, stdin_name=stdin_name)
        except SourceError as exc:
            run.error(str(exc))
            continue
        config_path = stdin_filename if path == STDIN else path
        settings = run.settings_for(config_path)
        if settings is None:
            continue
        report_path = config_path if path == STDIN and stdin_filename else source.path
        if syntax_only:
            from sqrt_tools.syntax import parse

            diagnostics = parse(source.text).diagnostics
            reports.append(FileReport(source.path, source.text, diagnostics))
            continue
        if fix or diff:
            from sqrt_tools.lint import fix_source

            outcome = fix_source(source.text, settings, path=report_path, unsafe=unsafe_fixes)
            fixed_count += len(outcome.fixed)
            if diff:
                if outcome.changed:
                    patches.append(_unified_diff(source.path, source.text, outcome.source))
                continue
            if outcome.changed:
                if path == STDIN:
                    sys.stdout.write(outcome.source)
                else:
                    run.write(path, source.text, outcome.source)
            reports.append(FileReport(source.path, outcome.source, outcome.remaining))
            continue
        from sqrt_tools.lint import lint_source

        result = lint_source(source.text, settings, path=report_path)
        reports.append(FileReport(source.path, source.text, result.diagnostics))

    if diff:
        _emit("".join(patches), output_file, run)
        noun = "fix" if fixed_count == 1 else "fixes"
        sys.stderr.write(f"Would apply {fixed_count} {noun}.\n" if patches else "No fixes.\n")
        code = EXIT_FINDINGS if patches and not exit_zero else EXIT_CLEAN
        raise typer.Exit(EXIT_USAGE if run.errors or run.tool_problems else code)

    stdin_fixed = fix and STDIN in files
    text = _render(
        reports,
        output_format,
        show_statistics,
        output_file,
        stdin_fixed,
        not_checked=len(run.errors),
        unsafe_fixes=unsafe_fixes,
    )
    _emit(text, output_file, run, to_stderr=stdin_fixed)
    if fix and fixed_count:
        noun = "finding" if fixed_count == 1 else "findings"
        sys.stderr.write(f"Fixed {fixed_count} {noun}.\n")
    found = any(report.diagnostics for report in reports)
    if run.errors or run.tool_problems:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_FINDINGS if found and not exit_zero else EXIT_CLEAN)


@dataclass
class _Run:
    """State of one `sqrt check` run: configuration lookups and the errors so far."""

    layer: SelectionLayer
    fixed_config: ConfigFile | None
    tools: list[str] | None = None  # --tools: replaces each configuration's `tools`
    errors: list[str] = field(default_factory=list)
    # Tool files that could not be read: exit 2, but every policy was still checked
    # (against the tools that did load).
    tool_problems: list[str] = field(default_factory=list)
    _settings: dict[str, LintSettings] = field(default_factory=dict)

    def error(self, message: str) -> None:
        from sqrt_tools.safe_text import escape_control

        if message in self.errors:  # e.g. one broken configuration shared by many files
            return
        self.errors.append(message)
        sys.stderr.write(f"sqrt check: {escape_control(message, keep_newlines=False)}\n")

    def config_for(self, path: str | None) -> ConfigFile | None:
        from sqrt_tools.config import ConfigError, find_config

        if self.fixed_config is not None:
            return self.fixed_config
        try:
            return find_config(Path(path) if path else Path.cwd())
        except ConfigError as exc:
            self.error(str(exc))
            return None

    def settings_for(self, path: str | None) -> LintSettings | None:
        from sqrt_tools.config import ConfigError
        from sqrt_tools.lint.settings import build_settings

        config = self.config_for(path)
        if config is None:
            return None
        key = str(config.path)
        if key not in self._settings:
            try:
                settings = build_settings(config, self.layer, tools=self.tools)
            except ConfigError as exc:
                self.error(str(exc))
                return None
            self._settings[key] = settings
            for problem in settings.tools.errors if settings.tools is not None else ():
                self.tool_problem(problem)
        return self._settings[key]

    def tool_problem(self, message: str) -> None:
        from sqrt_tools.safe_text import escape_control

        if message in self.tool_problems:  # the same files named by several configurations
            return
        self.tool_problems.append(message)
        sys.stderr.write(f"sqrt check: {escape_control(message, keep_newlines=False)}\n")

    def collect(self, paths: list[str]) -> list[str]:
        """Files to check; files found in directories are filtered by `exclude`."""
        files: list[str] = []
        for raw in paths:
            try:
                found = collect([raw])
            except SourceError as exc:
                self.error(str(exc))
                continue
            if raw == STDIN or not Path(raw).is_dir():
                files.extend(found)
                continue
            for path in found:
                settings = self.settings_for(path)
                if settings is not None and not settings.is_excluded(path):
                    files.append(path)
        return files

    def write(self, path: str, expected: str, text: str) -> None:
        from sqrt_tools.cli.rewrite import rewrite_file

        try:
            rewrite_file(path, expected, text, doing="fixed")
        except OSError as exc:
            self.error(f"{path}: cannot write the fixed file ({exc.strerror or exc})")


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _load_config(path: Path) -> ConfigFile:
    from sqrt_tools.config import ConfigError, load_file

    try:
        return load_file(path)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def _render(
    reports: list[FileReport],
    output_format: OutputFormat,
    show_statistics: bool,
    output_file: Path | None,
    plain: bool,
    *,
    not_checked: int,
    unsafe_fixes: bool,
) -> str:
    from sqrt_tools.present import diagnostics

    if show_statistics:
        if output_format is OutputFormat.JSON:
            return diagnostics.render_statistics_json(reports)
        return diagnostics.render_statistics_text(reports)
    if output_format is OutputFormat.JSON:
        return diagnostics.render_json(reports)
    if output_format is OutputFormat.GITHUB:
        return diagnostics.render_github(reports)
    if output_format is OutputFormat.SARIF:
        return diagnostics.render_sarif(reports)
    if output_format is OutputFormat.JUNIT:
        return diagnostics.render_junit(reports)
    color = output_file is None and not plain and sys.stdout.isatty()
    return diagnostics.render_text(
        reports, color=color, not_checked=not_checked, unsafe_fixes=unsafe_fixes
    )


def _emit(text: str, output_file: Path | None, run: _Run, *, to_stderr: bool = False) -> None:
    if output_file is None:
        (sys.stderr if to_stderr else sys.stdout).write(text)
        return
    try:
        output_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        run.error(f"{output_file}: cannot write the report ({exc.strerror or exc})")


def _unified_diff(path: str, before: str, after: str) -> str:
    from sqrt_tools.safe_text import escape_control

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=path,
        tofile=path,
    )
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return escape_control(text)


def _refuse_an_input_as_output(output_file: Path, inputs: list[str]) -> None:
    """`-o p.sqrt` over the policy it checks would replace the policy with the report:
    refuse an output file that is one of the inputs, by identity (the same inode, so a
    hard link, a symlink or another spelling of the path is caught too)."""
    if not output_file.exists():
        return
    for path in inputs:
        if path == STDIN:
            continue
        try:
            same = Path(path).samefile(output_file)
        except OSError:
            continue
        if same:
            raise _fail(
                f"--output-file {output_file} is the input {path}: writing the report there "
                "would replace it; choose another file"
            )


def _fail(message: str) -> typer.Exit:
    from sqrt_tools.safe_text import escape_control

    sys.stderr.write(f"sqrt check: {escape_control(message, keep_newlines=False)}\n")
    return typer.Exit(EXIT_USAGE)


def register(app: typer.Typer) -> None:
    """Add the `check` command to `app`."""
    app.command("check")(check)
