"""The dataflow picture: plan analysis nodes and edges, with each node's metadata and the
path that brought a denied call its offending tags.

Layout: Graphviz `dot` (Debian's `graphviz` package), run at report time and inlined as
SVG. We chose it over a bundled JavaScript layout library because the picture must show
with JavaScript off and the page must make no network request; `dot` is the well-kept
layered layout, and the PyPI `graphviz` binding would only shell out to the same binary,
so we call it directly (with a timeout). When `dot` is missing, or the graph is too large
to lay out quickly, the page keeps the node list and says why there is no picture.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from sqrt_tools.safe_text import escape_control

# [ours] Above this many nodes the picture is not drawn (dot takes seconds); the node
# list still shows every node.
MAX_DRAWN_NODES = 400
DOT_TIMEOUT_SECONDS = 10


@dataclass(frozen=True, slots=True)
class GraphNode:
    key: str  # "n0", "n1", ...: ours, safe in any attribute
    analysis_id: str  # "report@1", "call:3"
    kind: str
    label: str
    line: int
    tags: tuple[str, ...]
    producers: tuple[str, ...]
    consumers: tuple[str, ...]
    outcome: str | None  # for calls: allowed / denied / depends
    on_path: bool
    value: Any
    value_known: bool


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str  # node keys
    target: str
    role: str
    on_path: bool


@dataclass(frozen=True, slots=True)
class DataflowGraph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]

    def producers_of(self, key: str) -> list[GraphNode]:
        by_key = {node.key: node for node in self.nodes}
        return [by_key[edge.source] for edge in self.edges if edge.target == key]

    def consumers_of(self, key: str) -> list[GraphNode]:
        by_key = {node.key: node for node in self.nodes}
        return [by_key[edge.target] for edge in self.edges if edge.source == key]


def _meta_lists(meta: Any) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(tags, producers, consumers) from a plan meta JSON or an inspect meta JSON."""
    if not isinstance(meta, dict):
        return (), (), ()

    def names(field: str) -> tuple[str, ...]:
        found = meta.get(field)
        if isinstance(found, dict):  # inspect form: {"universal": bool, "values": [...]}
            if found.get("universal"):
                return ("*",)
            return tuple(str(item) for item in found.get("values") or ())
        if isinstance(found, list):
            return tuple(str(item) for item in found)
        return ()

    return names("tags"), names("producers"), names("consumers")


def build_graph(
    plan: dict[str, Any], namespace: list[dict[str, Any]], denied_lines: tuple[int, ...] = ()
) -> DataflowGraph:
    """The picture of `plan` (a `plan_json` object); `namespace` (inspect JSON) gives
    variables their recorded value and metadata; `denied_lines` mark calls the run
    recorded as denied when no policy predicted it."""
    flow = plan.get("dataflow") or {}
    raw_nodes: list[dict[str, Any]] = list(flow.get("nodes") or [])
    raw_edges: list[dict[str, Any]] = list(flow.get("edges") or [])
    calls = {f"call:{call['number']}": call for call in plan.get("calls") or []}
    snapshot = {entry["name"]: entry for entry in namespace if isinstance(entry, dict)}
    variables = {entry["name"]: entry for entry in plan.get("variables") or []}
    keys = {node["id"]: f"n{index}" for index, node in enumerate(raw_nodes)}
    facts: dict[str, dict[str, Any]] = {}
    for node in raw_nodes:
        fact: dict[str, Any] = {"meta": None, "value": None, "known": False, "outcome": None}
        call = calls.get(node["id"])
        if call is not None:
            fact["meta"] = call.get("result")
            outcome = call.get("outcome")
            if call.get("line") in denied_lines:
                outcome = "denied"
            fact["outcome"] = outcome
            fact["value"] = {arg["name"]: arg.get("value") for arg in call.get("arguments", [])}
            fact["known"] = True
        elif node["label"] in snapshot:
            entry = snapshot[node["label"]]
            fact.update(meta=entry.get("meta"), value=entry.get("value"), known=True)
        elif node["label"] in variables:
            entry = variables[node["label"]]
            fact.update(meta=entry.get("meta"), value=entry.get("value"))
            fact["known"] = bool(entry.get("value_known"))
        facts[node["id"]] = fact
    on_path = _path_into_denials(raw_nodes, raw_edges, calls, facts)
    nodes = tuple(
        GraphNode(
            key=keys[node["id"]],
            analysis_id=str(node["id"]),
            kind=str(node["kind"]),
            label=str(node["label"]),
            line=int(node["line"]),
            tags=_meta_lists(facts[node["id"]]["meta"])[0],
            producers=_meta_lists(facts[node["id"]]["meta"])[1],
            consumers=_meta_lists(facts[node["id"]]["meta"])[2],
            outcome=facts[node["id"]]["outcome"],
            on_path=node["id"] in on_path,
            value=facts[node["id"]]["value"],
            value_known=facts[node["id"]]["known"],
        )
        for node in raw_nodes
    )
    edges = tuple(
        GraphEdge(
            keys[edge["source"]],
            keys[edge["target"]],
            str(edge["role"]),
            edge["source"] in on_path and edge["target"] in on_path,
        )
        for edge in raw_edges
        if edge["source"] in keys and edge["target"] in keys
    )
    return DataflowGraph(nodes, edges)


def _path_into_denials(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    calls: dict[str, dict[str, Any]],
    facts: dict[str, dict[str, Any]],
) -> set[str]:
    """The nodes that brought a denied call the tags of its arguments: walk back from the
    denied call through nodes carrying one of those tags (every ancestor when the denied
    arguments carry no tag, e.g. a denial on a value or on consumers)."""
    feeds: dict[str, list[str]] = {}
    for edge in edges:
        feeds.setdefault(edge["target"], []).append(edge["source"])
    found: set[str] = set()
    for node in nodes:
        if facts[node["id"]]["outcome"] != "denied":
            continue
        call = calls.get(node["id"], {})
        offending = {
            tag
            for argument in call.get("arguments", [])
            for tag in _meta_lists(argument.get("meta"))[0]
            if not tag.startswith("__")  # [ours] internal tags (__non_executable) are no cause
        }
        found.add(node["id"])
        stack = [node["id"]]
        while stack:
            for source in feeds.get(stack.pop(), []):
                tags = set(_meta_lists(facts.get(source, {}).get("meta"))[0])
                if source in found or (offending and not tags & offending):
                    continue
                found.add(source)
                stack.append(source)
    return found


def _one_line(text: str, limit: int = 60) -> str:
    flat = escape_control(text, keep_newlines=False)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _node_caption(node: GraphNode) -> list[str]:
    head = f"{node.label}()" if node.kind == "call" else node.label
    lines = [f"{head}  · line {node.line}"]
    if node.outcome:
        lines.append(node.outcome)
    shown = [tag for tag in node.tags if tag != "*"]
    if shown:
        lines.append("tags: " + ", ".join(shown))
    return [_one_line(line) for line in lines]


def _dot_string(text: str) -> str:
    """A dot quoted string: backslashes and quotes escaped, so no dot escape (\\N, \\l)
    and no attribute can be smuggled in; dot escapes the text again in its SVG."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_source(graph: DataflowGraph) -> str:
    """The picture as Graphviz dot."""
    out = [
        "digraph dataflow {",
        '  rankdir=LR; bgcolor="transparent";',
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", '
        'fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8, color="#888888"];',
    ]
    for node in graph.nodes:
        fill = {"denied": "#ffd7d7", "depends": "#fff1c2", "allowed": "#dff3df"}.get(
            node.outcome or "", "#eef2ff" if node.kind == "call" else "#ffffff"
        )
        colour = "#c0002a" if node.on_path else "#555555"
        width = "2.5" if node.on_path else "1"
        label = _dot_string("\n".join(_node_caption(node)))
        out.append(
            f'  {node.key} [id="node-{node.key}", label={label}, URL="#detail-{node.key}", '
            f'fillcolor="{fill}", color="{colour}", penwidth={width}];'
        )
    for edge in graph.edges:
        colour = "#c0002a" if edge.on_path else "#888888"
        width = "2.5" if edge.on_path else "1"
        out.append(
            f"  {edge.source} -> {edge.target} [label={_dot_string(_one_line(edge.role, 30))}, "
            f'color="{colour}", penwidth={width}];'
        )
    out.append("}")
    return "\n".join(out) + "\n"


_MERMAID_UNSAFE = re.compile(r'["<>#|`\[\]{}()]')


def _mermaid_text(text: str) -> str:
    return _MERMAID_UNSAFE.sub(lambda match: f"#{ord(match.group(0))};", _one_line(text))


def mermaid_source(graph: DataflowGraph) -> str:
    """The picture as a Mermaid flowchart (GitHub renders it in Markdown)."""
    out = ["flowchart LR"]
    for node in graph.nodes:
        label = "<br/>".join(_mermaid_text(line) for line in _node_caption(node))
        out.append(f'  {node.key}["{label}"]')
    hot: list[int] = []
    for index, edge in enumerate(graph.edges):
        out.append(f'  {edge.source} -->|"{_mermaid_text(edge.role)}"| {edge.target}')
        if edge.on_path:
            hot.append(index)
    out.append("  classDef path stroke:#c0002a,stroke-width:3px")
    out.append("  classDef denied fill:#ffd7d7")
    path_nodes = [node.key for node in graph.nodes if node.on_path]
    if path_nodes:
        out.append(f"  class {','.join(path_nodes)} path")
    denied = [node.key for node in graph.nodes if node.outcome == "denied"]
    if denied:
        out.append(f"  class {','.join(denied)} denied")
    if hot:
        out.append(f"  linkStyle {','.join(map(str, hot))} stroke:#c0002a,stroke-width:3px")
    return "\n".join(out) + "\n"


@dataclass(frozen=True, slots=True)
class Picture:
    svg: str | None  # inline SVG, or None with `why_not`
    why_not: str


def draw(graph: DataflowGraph) -> Picture:
    """Lay the graph out with `dot` and return its SVG (without the XML prologue)."""
    if not graph.nodes:
        return Picture(None, "the program has no tool calls or variables to draw")
    if len(graph.nodes) > MAX_DRAWN_NODES:
        return Picture(
            None,
            f"the graph has {len(graph.nodes):,} nodes, more than the {MAX_DRAWN_NODES} "
            "drawn; the node list below has them all (`--graph dot` prints its source)",
        )
    dot = shutil.which("dot")
    if dot is None:
        return Picture(
            None,
            "Graphviz `dot` is not installed (Debian: apt-get install graphviz), so the "
            "picture is left out; the node list below has every node",
        )
    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=dot_source(graph).encode(),
            capture_output=True,
            timeout=DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return Picture(None, f"Graphviz `dot` failed ({type(error).__name__})")
    svg = done.stdout.decode("utf-8", "replace")
    start = svg.find("<svg")
    if done.returncode != 0 or start < 0:
        return Picture(None, f"Graphviz `dot` failed (exit {done.returncode})")
    return Picture(svg[start:], "")
