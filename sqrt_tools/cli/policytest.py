"""`sqrt test`: run policy test files (`*.sqrt-test.yaml`) and report like pytest.

(The module is not called `test.py` so that pytest never mistakes it for a test.)
Exit codes: 0 every case passed, 1 a case failed or no test file was found, 2 a path
that does not exist.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from sqrt_tools.cli.options import DEFAULT_MAX_MIB, MAX_SIZE_OPTION
from sqrt_tools.cli.presets import MODE_HELP, PRESETS_HELP
from sqrt_tools.input_limits import set_max_mib

if TYPE_CHECKING:
    from sqrt_tools.evaluate.policytests.run import FileOutcome

EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

_HELP = (
    "Run policy tests: *.sqrt-test.yaml files of tool calls and the verdicts, fired rules, "
    "results and session metadata a policy must give them (schema in the README).\n\n"
    "PATH may be a directory (searched recursively), a test file, or a policy file (its "
    "test file next to it). Calls are decided under the service's presets: dual-LLM "
    "defaults unless --single-llm, then [tool.sqrt.presets], then the file's presets: "
    "block, then --presets. Exit codes: 0 all passed, 1 a case failed or nothing was "
    "found, 2 a path does not exist or a bad --presets."
)


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    JUNIT = "junit"


def register(app: typer.Typer) -> None:
    """Add the `test` command to `app`."""
    app.command("test", help=_HELP)(test_command)


def test_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="[PATH]...", help="Where to look for tests (default: .)."),
    ] = None,
    report_format: Annotated[
        ReportFormat, typer.Option("--format", help="Output format.")
    ] = ReportFormat.TEXT,
    presets_text: Annotated[
        str | None,
        typer.Option(
            "--presets",
            metavar="JSON",
            help=PRESETS_HELP + " They override each file's presets: block too.",
        ),
    ] = None,
    single_llm: Annotated[bool, typer.Option("--single-llm/--dual-llm", help=MODE_HELP)] = False,
    max_size: Annotated[int, MAX_SIZE_OPTION] = DEFAULT_MAX_MIB,
) -> None:
    set_max_mib(max_size)
    from sqrt_tools.cli.presets import arch_of, command_line_presets, project_presets
    from sqrt_tools.config import ConfigError
    from sqrt_tools.evaluate.jsonform import InputError
    from sqrt_tools.evaluate.policytests import FileOutcome, discover, run_test_file
    from sqrt_tools.evaluate.policytests.discover import DiscoveryError
    from sqrt_tools.presets import DEFAULT_PRESETS, PresetsError

    try:
        files = discover(paths or ["."])
        overrides = command_line_presets(presets_text)
        DEFAULT_PRESETS.updated(overrides, "--presets")  # a mistake here is a usage error
    except (DiscoveryError, InputError, PresetsError) as error:
        _error_line(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    if not files:
        _error_line("no policy test files (*.sqrt-test.yaml) found")
    outcomes: list[FileOutcome] = []
    for path in files:
        try:  # the project's [tool.sqrt.presets] for this file
            base = project_presets(path, arch_of(single_llm))
        except (ConfigError, PresetsError) as error:
            outcomes.append(FileOutcome(path, None, (), str(error)))
            continue
        outcomes.append(run_test_file(path, base, overrides))
    _write(outcomes, report_format)
    failed = sum(outcome.failed for outcome in outcomes)
    raise typer.Exit(EXIT_FAILED if failed or not files else EXIT_PASSED)


def _write(outcomes: list[FileOutcome], report_format: ReportFormat) -> None:
    from sqrt_tools.present.policytests import render_json, render_junit, render_text
    from sqrt_tools.safe_text import escape_control, escape_json_text

    files = outcomes
    if report_format is ReportFormat.JSON:
        text = json.dumps(render_json(files), indent=2, ensure_ascii=False)
        sys.stdout.write(escape_json_text(text) + "\n")
    elif report_format is ReportFormat.JUNIT:
        sys.stdout.write(render_junit(files))
    else:
        for line in render_text(files):
            sys.stdout.write(escape_control(line, keep_newlines=False) + "\n")


def _error_line(message: str) -> None:
    from sqrt_tools.safe_text import escape_control

    sys.stderr.write(f"sqrt test: {escape_control(message, keep_newlines=False)}\n")
