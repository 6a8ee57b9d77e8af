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

if TYPE_CHECKING:
    from sqrt_tools.evaluate.policytests.run import FileOutcome

EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

_HELP = (
    "Run policy tests: *.sqrt-test.yaml files of tool calls and the verdicts, fired rules, "
    "results and session metadata a policy must give them (schema in the README).\n\n"
    "PATH may be a directory (searched recursively), a test file, or a policy file (its "
    "test file next to it). Exit codes: 0 all passed, 1 a case failed or nothing was "
    "found, 2 a path does not exist."
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
) -> None:
    from sqrt_tools.evaluate.policytests import discover, run_test_file
    from sqrt_tools.evaluate.policytests.discover import DiscoveryError

    try:
        files = discover(paths or ["."])
    except DiscoveryError as error:
        _error_line(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    if not files:
        _error_line("no policy test files (*.sqrt-test.yaml) found")
    outcomes = [run_test_file(path) for path in files]
    _write(outcomes, report_format)
    failed = sum(outcome.failed for outcome in outcomes)
    raise typer.Exit(EXIT_FAILED if failed or not files else EXIT_PASSED)


def _write(outcomes: list[FileOutcome], report_format: ReportFormat) -> None:
    from sqrt_tools.evaluate.policytests.report_json import render_json
    from sqrt_tools.evaluate.policytests.report_junit import render_junit
    from sqrt_tools.evaluate.policytests.report_text import render_text
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
