"""`sqrt inspect`: decode and explain dual-LLM results.

Only typer is imported at module level: rich, pydantic and the decoder load when the
command runs, so `sqrt --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NoReturn

import typer

from sqrt_tools.cli.presets import MODE_HELP, PRESETS_HELP
from sqrt_tools.results.sections import SECTIONS

if TYPE_CHECKING:
    from rich.console import Console

    from sqrt_tools.analysis import PlanOptions
    from sqrt_tools.evaluate import PolicySet
    from sqrt_tools.evaluate.inspect_bridge import PolicyProbe
    from sqrt_tools.results import DecodedResult, Undecodable

_PARTS = SECTIONS
# An unknown outcome (content that is not a result document) is not a success either.
_EXIT_CODES = {"success": 0, "tool_calls": 0, "failure": 1, "unknown": 1, "undecodable": 2}

_HELP = (
    "Decode and explain a dual-LLM result.\n\n"
    "Reads each FILE (or standard input, `-`) in any form the service's responses come in: "
    "a Chat Completions, Responses API or Anthropic Messages response (streamed or not), the "
    "bare result document, a JSON string holding it, a saved HTTP exchange, or JSON Lines of "
    "many. It says which form it found, then shows the outcome, session, models, final value "
    "and its metadata, the error and any policy denial, the program, the namespace snapshot "
    "and the policy check history.\n\n"
    f"Parts for --only: {', '.join(_PARTS)}.\n\n"
    "Exit codes: 0 every input decoded; with --exit-status, 0 only when every run succeeded "
    "or waits for tool calls and 1 when a run failed or its outcome is unknown; 2 when an "
    "input could not be decoded."
)


@dataclass(frozen=True, slots=True)
class _Settings:
    parts: tuple[str, ...]
    as_json: bool
    full: bool
    trace: tuple[str, ...]
    console: Console | None
    max_mib: int
    probe: PolicyProbe | None = None  # --policy/--tool/--arg
    plan_policy: PolicySet | None = None  # --policy alone: the plan view
    plan_options: PlanOptions | None = None  # the presets --policy decides under
    html: str | None = None  # --html PATH: the report page
    graph: str | None = None  # --graph mermaid|dot: the picture's source


def register(app: typer.Typer) -> None:
    """Add the `inspect` command to `app`."""
    app.command("inspect", help=_HELP, no_args_is_help=False)(inspect_command)


def inspect_command(  # noqa: PLR0917 - typer maps each option to one parameter
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar="[FILE|-]", help="Saved responses to read; `-` or none: stdin."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One normalised JSON object per input (see README).")
    ] = False,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only", metavar="PART[,PART]", help="Show only these parts (repeatable, or a,b)."
        ),
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Show values, messages and programs uncut.")
    ] = False,
    exit_status: Annotated[
        bool, typer.Option("--exit-status", help="Exit 1 when a run failed (CI smoke tests).")
    ] = False,
    trace: Annotated[
        list[str] | None,
        typer.Option("--trace", metavar="VAR", help="Which assignments VAR's metadata came from."),
    ] = None,
    color: Annotated[
        str, typer.Option("--color", metavar="auto|always|never", help="When to use colours.")
    ] = "auto",
    json_schema: Annotated[
        bool, typer.Option("--json-schema", help="Print the JSON Schema of --json and exit.")
    ] = False,
    max_size: Annotated[
        int,
        typer.Option(
            "--max-size", metavar="MIB", min=1, help="Refuse inputs (or records) larger than this."
        ),
    ] = 16,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            metavar="POLICY",
            help="The plan view: each call marked allowed/denied/depends. With --tool, "
            "--arg: the checks each value would trip.",
        ),
    ] = None,
    tool: Annotated[
        str | None, typer.Option("--tool", metavar="NAME", help="The tool for --policy.")
    ] = None,
    arg: Annotated[
        str | None, typer.Option("--arg", metavar="ARG", help="The argument for --policy.")
    ] = None,
    presets_text: Annotated[
        str | None, typer.Option("--presets", metavar="JSON", help=PRESETS_HELP)
    ] = None,
    single_llm: Annotated[
        bool | None, typer.Option("--single-llm/--dual-llm", help=MODE_HELP, show_default=False)
    ] = None,
    html: Annotated[
        str | None,
        typer.Option(
            "--html",
            metavar="PATH",
            help="Write the run report: one self-contained HTML page with the dataflow "
            "picture (more runs: PATH-2.html, ...).",
        ),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph", metavar="mermaid|dot", help="Print just the dataflow picture's source."
        ),
    ] = None,
) -> None:
    if json_schema:
        _print_schema()
        return
    trace_names = tuple(trace or ())
    parts = _parse_parts(only or [], trace_names)
    if color not in ("auto", "always", "never"):
        _fail(f"--color must be auto, always or never, not {color!r}")
    paths = files or ["-"]
    if paths == ["-"] and sys.stdin.isatty():
        _fail("reading a response from the terminal; pass a FILE or pipe a response in")
    from sqrt_tools.input_limits import set_max_mib

    set_max_mib(max_size)  # also bounds the --policy file
    if policy is None and (presets_text is not None or single_llm is not None):
        _fail("--presets, --single-llm and --dual-llm go with --policy: what it decides under")
    plan_options = _load_plan_options(policy, presets_text, bool(single_llm))
    from sqrt_tools.cli.report_out import check_graph_format

    check_graph_format("inspect", graph)
    probe = _load_probe(policy, tool, arg, plan_options)
    plan_policy = _load_plan_policy(policy) if policy is not None and probe is None else None
    settings = _Settings(
        parts,
        as_json,
        full,
        trace_names,
        None if as_json else _console(color),
        max_size,
        probe,
        plan_policy,
        plan_options,
        html,
        graph,
    )
    worst = 0
    try:
        for path in paths:
            worst = max(worst, _inspect_path(path, settings))
    except BrokenPipeError:
        # The reader (`head`, a pager) has gone; stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(worst or 1) from None
    if worst == 2 or (exit_status and worst == 1):
        raise typer.Exit(worst)


def _parse_parts(only: list[str], trace: tuple[str, ...]) -> tuple[str, ...]:
    chosen = [part.strip() for item in only for part in item.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in _PARTS]
    if unknown:
        _fail(f"unknown --only part {unknown[0]!r} (choose from {', '.join(_PARTS)})")
    if chosen:
        return tuple(chosen) + (("trace",) if trace and "trace" not in chosen else ())
    if trace:  # --trace alone: the headline and the trace, not the whole report
        return ("status", "trace")
    return _PARTS


def _inspect_path(path: str, settings: _Settings) -> int:
    from sqrt_tools.results import decode_stream

    source = "<stdin>" if path == "-" else path
    try:
        stream: IO[bytes] = sys.stdin.buffer if path == "-" else Path(path).open("rb")  # noqa: SIM115
    except OSError as exc:
        _error_line(source, exc.strerror or str(exc))
        return 2
    worst = 0
    count = 0
    with stream if path != "-" else _no_close(stream):
        try:
            for decoded in decode_stream(
                stream,
                source=source,
                max_bytes=settings.max_mib * 1024 * 1024,
                limit_name="--max-size",
            ):
                count += 1
                worst = max(worst, _show(decoded, settings, count))
        except OSError as exc:  # e.g. reading a directory
            _error_line(source, exc.strerror or str(exc))
            return 2
    return worst


class _no_close:  # like contextlib.nullcontext, but typed for a stream
    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def __enter__(self) -> IO[bytes]:
        return self.stream

    def __exit__(self, *exc_info: object) -> None:
        return None


def _show(decoded: DecodedResult | Undecodable, settings: _Settings, position: int) -> int:
    from sqrt_tools.results import Undecodable
    from sqrt_tools.results.normalise import (
        normalise,
        normalise_undecodable,
        select_parts,
        to_json_line,
    )

    if isinstance(decoded, Undecodable):
        _error_line(decoded.source, decoded.message)
        if settings.as_json:
            sys.stdout.write(to_json_line(normalise_undecodable(decoded)) + "\n")
            sys.stdout.flush()
        return 2
    if settings.html is not None or settings.graph is not None:
        return _report(decoded, settings, position)
    if settings.as_json:
        traced = settings.trace if decoded.document else ()
        obj = normalise(decoded, trace_names=traced)
        selected = select_parts(obj, settings.parts)
        if settings.probe is not None and decoded.document is not None:
            selected["policy_probe"] = settings.probe.json(decoded.document)
        if settings.plan_policy is not None and decoded.document is not None:
            selected["plan"] = _plan_json(decoded, settings.plan_policy, settings.plan_options)
        sys.stdout.write(to_json_line(selected) + "\n")
        sys.stdout.flush()
    else:
        console = settings.console
        assert console is not None
        from rich.rule import Rule

        from sqrt_tools.results.display import outside_text
        from sqrt_tools.results.render import RenderOptions, render_result

        if position > 1 or decoded.source.rpartition(":")[2].isdigit():
            console.print(Rule(outside_text(decoded.source, one_line=True), style="dim"))
        options = RenderOptions(
            full=settings.full, sections=frozenset(settings.parts), trace_names=settings.trace
        )
        console.print(render_result(decoded, options))
        if settings.probe is not None and decoded.document is not None:
            for line in settings.probe.lines(decoded.document):
                console.print(outside_text(line, one_line=True), soft_wrap=True)
        if settings.plan_policy is not None and decoded.document is not None:
            from sqrt_tools.analysis import analyse_document
            from sqrt_tools.present.plan import plan_listing

            analysis = analyse_document(
                decoded.document, settings.plan_policy, settings.plan_options
            )
            for line in plan_listing(analysis):
                console.print(outside_text(line, one_line=True), soft_wrap=True)
    return _EXIT_CODES[decoded.outcome]


def _plan_json(
    decoded: DecodedResult, policy: PolicySet, options: PlanOptions | None
) -> dict[str, object]:
    from sqrt_tools.analysis import analyse_document
    from sqrt_tools.present.plan import plan_json

    assert decoded.document is not None
    return plan_json(analyse_document(decoded.document, policy, options), decoded.source)


def _report(decoded: DecodedResult, settings: _Settings, position: int) -> int:
    from sqrt_tools.cli.report_out import print_graph, write_page
    from sqrt_tools.report.run import decoded_report, graph_for

    if settings.graph is not None:
        print_graph(graph_for(decoded, settings.plan_policy), settings.graph)
    if settings.html is not None:
        report = decoded_report(decoded, settings.plan_policy)
        write_page("inspect", report, settings.html, position)
    return _EXIT_CODES[decoded.outcome]


def _load_plan_options(
    policy: str | None, presets_text: str | None, single_llm: bool
) -> PlanOptions | None:
    """The presets --policy decides under: the mode's defaults, the project's
    `[tool.sqrt.presets]` for the policy's folder, then --presets (as `sqrt eval`)."""
    if policy is None:
        return None
    from sqrt_tools.analysis import PlanOptions
    from sqrt_tools.cli.presets import resolve
    from sqrt_tools.config import ConfigError
    from sqrt_tools.evaluate import InputError
    from sqrt_tools.presets import PresetsError

    try:
        return PlanOptions(presets=resolve(Path(policy), single_llm, presets_text))
    except (PresetsError, ConfigError, InputError) as error:
        _fail(str(error))


def _load_plan_policy(policy: str) -> PolicySet:
    from sqrt_tools.evaluate.inspect_bridge import ProbeError, load_policy_file

    try:
        return load_policy_file(policy)
    except ProbeError as error:
        _fail(str(error))


def _load_probe(
    policy: str | None, tool: str | None, arg: str | None, options: PlanOptions | None
) -> PolicyProbe | None:
    if tool is None and arg is None:
        return None
    if policy is None or tool is None or arg is None:
        _fail("--tool and --arg go together, with --policy: which tool, and as which argument")
    from sqrt_tools.evaluate.inspect_bridge import ProbeError, load_probe

    try:
        presets = None if options is None else options.presets
        return load_probe(policy, tool, arg, presets)
    except ProbeError as error:
        _fail(str(error))


def _console(color: str) -> Console:
    from rich.console import Console

    return Console(
        file=sys.stdout,
        force_terminal=True if color == "always" else None,
        color_system=None if color == "never" else ("standard" if color == "always" else "auto"),
        no_color=color == "never" or None,
        highlight=False,
        markup=False,
        emoji=False,
    )


def _print_schema() -> None:
    import json

    from sqrt_tools.results.normalise import inspect_json_schema

    sys.stdout.write(json.dumps(inspect_json_schema(), indent=2) + "\n")


def _error_line(source: str, message: str) -> None:
    _stderr_line(f"{source}: {message}")


def _fail(message: str) -> NoReturn:
    _stderr_line(message)
    raise typer.Exit(2)


def _stderr_line(message: str) -> None:
    """One line on stderr, prefixed, with any control characters from the input escaped."""
    from sqrt_tools.safe_text import escape_control

    sys.stderr.write(f"sqrt inspect: {escape_control(message, keep_newlines=False)}\n")
    sys.stderr.flush()
