"""`--html PATH` and `--graph mermaid|dot` of `sqrt inspect` and `sqrt plan`: write the
run report page, or print the dataflow picture's source."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sqrt_tools.report.graph import DataflowGraph, build_graph, dot_source, mermaid_source
from sqrt_tools.report.page import Report, render

if TYPE_CHECKING:
    from sqrt_tools.cli.plan_inputs import Run

GRAPH_FORMATS = ("mermaid", "dot")


def check_graph_format(command: str, graph: str | None) -> None:
    if graph is not None and graph not in GRAPH_FORMATS:
        _fail(command, f"--graph must be mermaid or dot, not {graph!r}")


def page_path(base: str, position: int) -> Path:
    """The file of the `position`-th run (1-based): PATH, then PATH-2.html, PATH-3.html..."""
    path = Path(base)
    if position == 1:
        return path
    return path.with_name(f"{path.stem}-{position}{path.suffix or '.html'}")


def write_page(command: str, report: Report, base: str, position: int) -> None:
    target = page_path(base, position)
    try:
        target.write_text(render(report), encoding="utf-8")
    except OSError as error:
        _fail(command, f"{target}: {error.strerror or error}")
    sys.stderr.write(f"sqrt {command}: wrote {_safe(str(target))}\n")


def print_graph(graph: DataflowGraph | None, fmt: str) -> None:
    if graph is None:
        sys.stdout.write(
            "% the run has no program to draw\n" if fmt == "dot" else "%% no program\n"
        )
        return
    sys.stdout.write(dot_source(graph) if fmt == "dot" else mermaid_source(graph))
    sys.stdout.flush()


def _safe(text: str) -> str:
    from sqrt_tools.safe_text import escape_control

    return escape_control(text, keep_newlines=False)


def _fail(command: str, message: str) -> NoReturn:
    import typer

    sys.stderr.write(f"sqrt {command}: {_safe(message)}\n")
    raise typer.Exit(2)


def plan_outputs(
    run: Run, plan: dict[str, Any], html: str | None, graph: str | None, position: int
) -> None:
    """`sqrt plan --html/--graph` for one run (a saved run, or a bare `.py` plan)."""
    from sqrt_tools.report.run import document_obj, run_report

    obj = document_obj(run.source, run.document) if run.document is not None else None
    program = str((obj or {}).get("program") or run.program or "")
    if graph is not None:
        namespace = list((obj or {}).get("namespace") or [])
        print_graph(build_graph(plan, namespace), graph)
    if html is not None:
        write_page("plan", run_report(run.source, obj, program, plan, True), html, position)
