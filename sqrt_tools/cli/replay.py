"""`sqrt replay`: what a new policy would have decided for recorded runs.

Exit codes: 0 no recorded verdict changes; 1 a verdict changes; 2 an input or the policy
cannot be read.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from sqrt_tools.cli import plan_inputs
from sqrt_tools.cli.options import DEFAULT_MAX_MIB, MAX_SIZE_OPTION

_HELP = (
    "Replay recorded runs under a new policy.\n\n"
    "For every RUN (saved dual-LLM responses in any form `sqrt inspect` reads, JSON Lines "
    "of many), each call's recorded verdict (from the policy check history) beside the "
    "verdict the NEW policy gives it, changed calls first, then a summary table over all "
    "runs.\n\n"
    "Exit codes: 0 nothing changed; 1 a verdict changed; 2 an input or the policy cannot "
    "be read."
)


def register(app: typer.Typer) -> None:
    """Add the `replay` command to `app`."""
    app.command("replay", help=_HELP)(replay_command)


def replay_command(  # noqa: PLR0917 - typer maps each option to one parameter
    runs: Annotated[
        list[str] | None,
        typer.Argument(metavar="RUN...", help="Saved runs; `-` or none: stdin."),
    ] = None,
    policy: Annotated[str, typer.Option("--policy", metavar="NEW", help="The new policy.")] = "",
    tools: plan_inputs.ToolsOption = None,
    presets_text: plan_inputs.PresetsOption = None,
    default_deny: plan_inputs.DefaultDenyOption = False,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="JSON Lines: one object per run, then the summary."),
    ] = False,
    max_size: Annotated[int, MAX_SIZE_OPTION] = DEFAULT_MAX_MIB,
) -> None:
    from sqrt_tools.input_limits import set_max_mib

    set_max_mib(max_size)  # also bounds the policy, plan and tool files
    from sqrt_tools.analysis.replay import ReplaySummary, replay_document
    from sqrt_tools.safe_text import escape_control, escape_json_text

    if not policy:
        plan_inputs.fail("replay", "--policy NEW is required: the policy to replay under")
    paths = runs or ["-"]
    if paths == ["-"] and sys.stdin.isatty():
        plan_inputs.fail("replay", "reading runs from the terminal; pass a RUN or pipe runs in")
    compiled = plan_inputs.load_policy_file("replay", policy)
    options = plan_inputs.load_options("replay", policy, tools or [], presets_text, default_deny)
    summary = ReplaySummary()
    had_problem = False

    def write(line: str) -> None:
        sys.stdout.write(escape_control(line, keep_newlines=False) + "\n")

    for run in plan_inputs.read_runs(paths, max_size):
        if isinstance(run, plan_inputs.Skipped):
            plan_inputs.error_line("replay", f"{run.source}: {run.message}")
            continue
        if isinstance(run, plan_inputs.Problem):
            plan_inputs.error_line("replay", f"{run.source}: {run.message}")
            had_problem = True
            continue
        if run.document is None:
            plan_inputs.error_line(
                "replay", f"{run.source}: a bare plan has no recorded verdicts to replay"
            )
            had_problem = True
            continue
        replayed = replay_document(run.document, compiled, run.source, options)
        summary.add(replayed)
        if as_json:
            text = json.dumps(_run_json(replayed), ensure_ascii=False)
            sys.stdout.write(escape_json_text(text) + "\n")
        else:
            for line in _run_lines(replayed):
                write(line)
    if as_json:
        text = json.dumps(
            {"summary": dict(summary.rows()), "policy": compiled.path}, ensure_ascii=False
        )
        sys.stdout.write(escape_json_text(text) + "\n")
    else:
        write(f"summary (under {compiled.path}):")
        width = max(len(label) for label, _ in summary.rows())
        for label, count in summary.rows():
            write(f"  {label:<{width}}  {count:>6}")
    sys.stdout.flush()
    if had_problem:
        raise typer.Exit(plan_inputs.EXIT_ERROR)
    raise typer.Exit(plan_inputs.EXIT_CHANGED if summary.changed else plan_inputs.EXIT_CLEAN)


def _run_lines(replayed: Any) -> list[str]:
    from sqrt_tools.analysis.replay import RunReplay

    assert isinstance(replayed, RunReplay)
    changed = len(replayed.changed)
    lines = [
        f"{replayed.source}: {changed} of {len(replayed.calls)} recorded "
        f"call{'s' if len(replayed.calls) != 1 else ''} change"
    ]
    if replayed.remark is not None:
        lines.append(f"  {replayed.remark}")
    for call in replayed.calls:
        where = f"line {call.line}" if call.line is not None else "no line"
        new = "-" if call.new is None else _new_text(call.new)
        lines.append(
            f"  {call.where} ({where}) {call.tool or '?'}: recorded "
            f"{call.recorded or 'a denial'}, now {new}: {call.change}"
        )
        if call.changed and call.new is not None:
            lines.extend(f"    {sentence}" for sentence in call.new.explanation)
    return lines


def _new_text(prediction: Any) -> str:
    verdicts = "/".join(str(verdict) for verdict in prediction.verdicts)
    if prediction.outcome == "depends":
        return f"{prediction.text} ({verdicts})"
    return verdicts


def _run_json(replayed: Any) -> dict[str, Any]:
    from sqrt_tools.analysis.replay import RunReplay

    assert isinstance(replayed, RunReplay)
    return {
        "source": replayed.source,
        "remark": replayed.remark,
        "changed": len(replayed.changed),
        "calls": [
            {
                "check": call.check,
                "where": call.where,
                "tool": call.tool,
                "line": call.line,
                "recorded": call.recorded,
                "outcome": None if call.new is None else call.new.outcome,
                "verdicts": [] if call.new is None else [str(v) for v in call.new.verdicts],
                "depends_on": [] if call.new is None else list(call.new.depends_on),
                "change": call.change,
                "changed": call.changed,
                "explanation": [] if call.new is None else list(call.new.explanation),
            }
            for call in replayed.calls
        ],
    }
