"""What `sqrt plan` and `sqrt replay` share: reading the policy, the options, and the runs.

Runs are read in every form `sqrt inspect` reads (each JSON Lines record is a run), and
a `.py` file is a bare plan: a program with nothing recorded.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from sqrt_tools.analysis import PlanOptions
    from sqrt_tools.evaluate import PolicySet
    from sqrt_tools.results import ResultDocument

# The options `sqrt plan` and `sqrt replay` both take, defined once so they read the same.
ToolsOption = Annotated[
    list[str] | None,
    typer.Option("--tools", metavar="FILE", help="Tool definitions: name positional arguments."),
]
PresetsOption = Annotated[
    str | None,
    typer.Option(
        "--presets",
        metavar="JSON",
        help="Preset values (JSON or @FILE) with the service's names, e.g. "
        '\'{"branching_meta_policy": {"tags": ["RACE"]}}\'; over [tool.sqrt.presets].',
    ),
]
DefaultDenyOption = Annotated[
    bool, typer.Option("--default-deny", help="Deny calls no rule decides.")
]

EXIT_CLEAN = 0
EXIT_CHANGED = 1  # a call is denied (plan), or a verdict changed (replay)
EXIT_ERROR = 2


@dataclass(frozen=True, slots=True)
class Run:
    """One input to analyse: a run's document, or a bare plan's program."""

    source: str
    document: ResultDocument | None
    program: str | None


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that cannot be analysed, and why (one line)."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input with nothing to analyse yet (a tool-call turn): said, not an error."""

    source: str
    message: str


def fail(command: str, message: str) -> NoReturn:
    error_line(command, message)
    raise typer.Exit(EXIT_ERROR)


def error_line(command: str, message: str) -> None:
    from sqrt_tools.safe_text import escape_control

    sys.stderr.write(f"sqrt {command}: {escape_control(message, keep_newlines=False)}\n")
    sys.stderr.flush()


def load_policy_file(command: str, path: str) -> PolicySet:
    from sqrt_tools.cli.sources import SourceError, read
    from sqrt_tools.evaluate import PolicyError, load_policy

    try:
        source = read(path)
        return load_policy(source.text, source.path)
    except SourceError as error:
        fail(command, str(error))
    except PolicyError as error:
        for line in error.lines():
            error_line(command, line)
        raise typer.Exit(EXIT_ERROR) from None


def load_options(
    command: str, policy: str, tools: list[str], presets_text: str | None, default_deny: bool
) -> PlanOptions:
    """The presets (the service's dual-LLM defaults, the project's `[tool.sqrt.presets]`
    for the policy's folder, `--presets`) and the tools' parameter names."""
    from sqrt_tools.analysis import PlanOptions
    from sqrt_tools.cli.presets import resolve
    from sqrt_tools.config import ConfigError
    from sqrt_tools.evaluate import InputError
    from sqrt_tools.presets import PresetsError
    from sqrt_tools.tools.definitions import load_tools
    from sqrt_tools.tools.errors import ToolDefinitionError

    parameters: dict[str, tuple[str, ...]] | None = None
    if tools:
        parameters = {}
        for path in tools:
            try:
                definitions = load_tools(path)
            except ToolDefinitionError as error:
                fail(command, str(error))
            for definition in definitions:
                parameters[definition.name] = tuple(p.name for p in definition.parameters)
    try:
        start = Path.cwd() if policy == "-" else Path(policy)
        presets = resolve(start, False, presets_text)  # plans exist in dual-LLM mode only
        if default_deny:
            presets = presets.updated({"default_allow": False}, "--default-deny")
    except (PresetsError, ConfigError, InputError) as error:
        fail(command, str(error))
    return PlanOptions(presets=presets, parameters=parameters)


def read_runs(paths: list[str], max_mib: int) -> Iterator[Run | Problem | Skipped]:
    """Every run in `paths` (`-` is standard input), in order."""
    from sqrt_tools.results import Undecodable, decode_stream

    for path in paths or ["-"]:
        source = "<stdin>" if path == "-" else path
        if path.endswith(".py"):
            yield _plan_file(path)
            continue
        try:
            stream = sys.stdin.buffer if path == "-" else Path(path).open("rb")  # noqa: SIM115
        except OSError as exc:
            yield Problem(source, exc.strerror or str(exc))
            continue
        try:
            for decoded in decode_stream(
                stream, source=source, max_bytes=max_mib * 1024 * 1024, limit_name="--max-size"
            ):
                if isinstance(decoded, Undecodable):
                    yield Problem(decoded.source, decoded.message)
                elif decoded.document is None:
                    yield Skipped(
                        decoded.source,
                        "skipped: a tool-call turn carries no program yet (the final "
                        "response of the turn does)",
                    )
                else:
                    yield Run(decoded.source, decoded.document, None)
        except OSError as exc:
            yield Problem(source, exc.strerror or str(exc))
        finally:
            if path != "-":
                stream.close()


def _plan_file(path: str) -> Run | Problem:
    from sqrt_tools.cli.sources import SourceError, read

    try:
        return Run(path, None, read(path).text)
    except SourceError as error:
        return Problem(path, str(error).removeprefix(f"{path}: "))
