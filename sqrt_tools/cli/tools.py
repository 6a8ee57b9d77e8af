"""`sqrt tools`: the coverage report of the agent's tools by a set of policies.

Exit codes: 0 the report was made, 1 with `--fail-on-uncovered` a tool has no policy,
2 no tools, a tool or policy file that cannot be read, or a bad configuration (one line
each on standard error; the report still covers what could be read).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sqrt_tools.cli.options import DEFAULT_MAX_MIB, MAX_SIZE_OPTION
from sqrt_tools.cli.presets import MODE_HELP, PRESETS_HELP
from sqrt_tools.input_limits import set_max_mib

EXIT_CLEAN = 0
EXIT_UNCOVERED = 1
EXIT_USAGE = 2

_HELP = (
    "Report, for each of the agent's tools, which policies apply to it (exact or by "
    "regex), which arguments their rules read, what a call with default metadata gets, "
    "and the findings of the `tools` rules.\n\n"
    "Tools come from --tools or from `tools = [...]` in sqrt.toml / [tool.sqrt]; calls "
    "are decided under the service's presets (dual-LLM defaults, [tool.sqrt.presets], "
    "--presets). Exit "
    "codes: 0 done, 1 a tool has no policy (with --fail-on-uncovered), 2 usage or I/O "
    "errors."
)


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def tools_command(  # noqa: PLR0917 - typer maps each option to one parameter
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Policy files or directories (searched for *.sqrt), judged together. "
            "Default: the current directory.",
        ),
    ] = None,
    tools: Annotated[
        list[str] | None,
        typer.Option(
            "--tools",
            help="Tool definition files, directories or globs (repeatable); replaces "
            "the configured `tools`.",
        ),
    ] = None,
    report_format: Annotated[
        ReportFormat, typer.Option("--format", help="Output format.")
    ] = ReportFormat.TEXT,
    fail_on_uncovered: Annotated[
        bool,
        typer.Option("--fail-on-uncovered", help="Exit 1 when a tool has no policy."),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Use this sqrt.toml or pyproject.toml."),
    ] = None,
    presets_text: Annotated[
        str | None,
        typer.Option("--presets", metavar="JSON", help=PRESETS_HELP),
    ] = None,
    single_llm: Annotated[bool, typer.Option("--single-llm/--dual-llm", help=MODE_HELP)] = False,
    max_size: Annotated[int, MAX_SIZE_OPTION] = DEFAULT_MAX_MIB,
) -> None:
    set_max_mib(max_size)
    from sqrt_tools.cli.presets import resolve
    from sqrt_tools.cli.sources import SourceError, collect, read
    from sqrt_tools.config import ConfigError, find_config, load_file
    from sqrt_tools.coverage import PolicySource, build_report
    from sqrt_tools.evaluate import InputError
    from sqrt_tools.lint.settings import build_settings
    from sqrt_tools.presets import PresetsError

    problems: list[str] = []
    targets = paths or ["."]
    try:
        configuration = load_file(config) if config else find_config(Path(targets[0]))
        settings = build_settings(configuration, tools=tools)
        presets = resolve(Path(targets[0]), single_llm, presets_text)
    except (ConfigError, PresetsError, InputError) as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    catalog = settings.tools
    if catalog is None:
        _error("no tool definitions: pass --tools PATH or set `tools = [...]` in sqrt.toml")
        raise typer.Exit(EXIT_USAGE)
    problems.extend(catalog.errors)
    sources: list[PolicySource] = []
    try:
        files = collect(targets)
    except SourceError as exc:
        problems.append(str(exc))
        files = []
    for file in files:
        try:
            source = read(file)
        except SourceError as exc:
            problems.append(str(exc))
            continue
        sources.append(PolicySource(source.path, source.text))
    for problem in problems:
        _error(problem)
    report = build_report(sources, catalog, settings, presets=presets)
    for problem in report.problems:
        _error(problem)
    sys.stdout.write(_render(report, report_format))
    if problems or report.problems:
        raise typer.Exit(EXIT_USAGE)
    if fail_on_uncovered and report.uncovered:
        raise typer.Exit(EXIT_UNCOVERED)
    raise typer.Exit(EXIT_CLEAN)


def _render(report: object, report_format: ReportFormat) -> str:
    from sqrt_tools.coverage import CoverageReport
    from sqrt_tools.present import coverage

    assert isinstance(report, CoverageReport)
    if report_format is ReportFormat.JSON:
        return coverage.render_json(report)
    if report_format is ReportFormat.MARKDOWN:
        return coverage.render_markdown(report)
    return coverage.render_text(report)


def _error(message: str) -> None:
    from sqrt_tools.safe_text import escape_control

    sys.stderr.write(f"sqrt tools: {escape_control(message, keep_newlines=False)}\n")


def register(app: typer.Typer) -> None:
    """Add the `tools` command to `app`."""
    app.command("tools", help=_HELP)(tools_command)
