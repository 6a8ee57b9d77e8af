"""`sqrt plan`: run a policy over the planner's program and predict each tool call's verdict.

Exit codes: 0 no call is predicted denied; 1 a call is predicted denied (or the plan
branches in a way the branching preset forbids); 2 an input or the policy cannot be
read.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from sqrt_tools.cli import plan_inputs
from sqrt_tools.cli.options import DEFAULT_MAX_MIB, MAX_SIZE_OPTION

_HELP = (
    "Predict the verdict of every tool call in a plan, without running it.\n\n"
    "Reads each RUN (a saved dual-LLM response in any form `sqrt inspect` reads, JSON "
    "Lines of many, or a bare `.py` plan) and analyses its program under POLICY: the "
    "metadata each argument carries, the verdict (allowed, denied, or depends on a value "
    "the program does not fix), the rules that decide, and the control flow. Where the "
    "run recorded metadata or values (namespace snapshot, policy check history) they are "
    "used, and the output says so.\n\n"
    "Exit codes: 0 no call predicted denied; 1 a call predicted denied or a control-flow "
    "violation; 2 an input or the policy cannot be read."
)


def register(app: typer.Typer) -> None:
    """Add the `plan` command to `app`."""
    app.command("plan", help=_HELP)(plan_command)


def plan_command(  # noqa: PLR0917 - typer maps each option to one parameter
    runs: Annotated[
        list[str] | None,
        typer.Argument(metavar="RUN...", help="Saved runs or .py plans; `-` or none: stdin."),
    ] = None,
    policy: Annotated[
        str, typer.Option("--policy", metavar="POLICY", help="The policy to analyse under.")
    ] = "",
    tools: plan_inputs.ToolsOption = None,
    presets_text: plan_inputs.PresetsOption = None,
    default_deny: plan_inputs.DefaultDenyOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per run.")] = False,
    max_size: Annotated[int, MAX_SIZE_OPTION] = DEFAULT_MAX_MIB,
    html: Annotated[
        str | None,
        typer.Option(
            "--html",
            metavar="PATH",
            help="Write the run report page with the dataflow picture (more runs: PATH-2.html).",
        ),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph", metavar="mermaid|dot", help="Print just the dataflow picture's source."
        ),
    ] = None,
) -> None:
    from sqrt_tools.input_limits import set_max_mib

    set_max_mib(max_size)  # also bounds the policy, plan and tool files
    from sqrt_tools.analysis import analyse_document, analyse_program
    from sqrt_tools.present.plan import plan_json, plan_text
    from sqrt_tools.safe_text import escape_control, escape_json_text

    if not policy:
        plan_inputs.fail("plan", "--policy POLICY is required: the policy to analyse under")
    paths = runs or ["-"]
    if paths == ["-"] and sys.stdin.isatty():
        plan_inputs.fail("plan", "reading a run from the terminal; pass a RUN or pipe one in")
    from sqrt_tools.cli import report_out

    report_out.check_graph_format("plan", graph)
    compiled = plan_inputs.load_policy_file("plan", policy)
    position = 0
    options = plan_inputs.load_options("plan", policy, tools or [], presets_text, default_deny)
    worst = plan_inputs.EXIT_CLEAN
    for run in plan_inputs.read_runs(paths, max_size):
        if isinstance(run, plan_inputs.Skipped):
            plan_inputs.error_line("plan", f"{run.source}: {run.message}")
            continue
        if isinstance(run, plan_inputs.Problem):
            plan_inputs.error_line("plan", f"{run.source}: {run.message}")
            worst = plan_inputs.EXIT_ERROR
            continue
        if run.document is not None:
            analysis = analyse_document(run.document, compiled, options)
        else:
            analysis = analyse_program(run.program or "", compiled, options)
        if analysis.stops:
            worst = max(worst, plan_inputs.EXIT_CHANGED)
        if html is not None or graph is not None:
            position += 1
            report_out.plan_outputs(run, plan_json(analysis, run.source), html, graph, position)
        elif as_json:
            text = json.dumps(plan_json(analysis, run.source), ensure_ascii=False)
            sys.stdout.write(escape_json_text(text) + "\n")
        else:
            for line in plan_text(analysis, run.source):
                sys.stdout.write(escape_control(line, keep_newlines=False) + "\n")
        sys.stdout.flush()
    raise typer.Exit(worst)
