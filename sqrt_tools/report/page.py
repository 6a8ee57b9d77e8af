"""The run report page: one self-contained HTML file (inline style and script, no
network request, readable with JavaScript off).

Every piece of text that came from the run, the program, the policy or a tool goes
through `text()`, the one HTML escaping function of this module; nothing from the run
is ever put in an attribute or a script (attributes hold only our own ids and classes).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqrt_tools.report.graph import DataflowGraph, GraphNode, Picture
from sqrt_tools.safe_text import escape_control

# [ours] Values longer than this are cut in the page (the JSON output has them whole),
# so a run with huge values still gives a page one can attach to a bug report.
MAX_VALUE_CHARS = 2000


def text(value: object) -> str:
    """Escape `value` for HTML text: control characters shown visibly, then `<>&"'`."""
    return html.escape(escape_control(str(value)), quote=True)


def value_text(value: object) -> str:
    shown = value if isinstance(value, str) else json.dumps(value, indent=2, default=repr)
    if len(shown) > MAX_VALUE_CHARS:
        shown = shown[:MAX_VALUE_CHARS] + f"… ({len(shown):,} characters, cut)"
    return text(shown)


@dataclass(frozen=True, slots=True)
class Headline:
    title: str
    outcome: str
    facts: tuple[tuple[str, str], ...]  # (label, value) pairs, unescaped


@dataclass(frozen=True, slots=True)
class ProgramLine:
    number: int
    marks: tuple[str, ...]  # "allowed", "denied", "depends"
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A titled table: `rows` of unescaped cells."""

    title: str
    anchor: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "nothing recorded"


@dataclass(frozen=True, slots=True)
class Report:
    headline: Headline
    program: str
    lines: dict[int, ProgramLine]
    graph: DataflowGraph | None
    picture: Picture | None
    sections: tuple[Section, ...] = field(default=())


_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{padding:16px 24px;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:24px 0 8px}
main{padding:0 24px 24px}
.outcome{display:inline-block;padding:2px 8px;border-radius:4px;font-weight:600}
.outcome-failure,.outcome-denied{background:#ffd7d7;color:#8a0019}
.outcome-success,.outcome-passed{background:#dff3df;color:#0b5d1e}
.outcome-other{background:#eee}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
dl.facts dt{color:#555}dl.facts dd{margin:0;font-family:ui-monospace,monospace;white-space:pre-wrap}
pre.program{background:#fff;border:1px solid #ddd;max-height:360px;overflow:auto;margin:0;
padding:4px 0;font:13px/1.5 ui-monospace,monospace}
.line{display:block;padding:0 8px;white-space:pre}
.line .no{display:inline-block;width:3em;color:#999;text-align:right;margin-right:1em}
.line .mark{display:inline-block;width:5.5em;font-size:11px;font-weight:600}
.line.denied{background:#ffe3e3}.line.denied .mark{color:#a0001f}
.line.depends{background:#fff6d6}.line.depends .mark{color:#7a5600}
.line.allowed .mark{color:#0b5d1e}
.tok-k{color:#7b30d0}.tok-s{color:#0a7a33}.tok-n{color:#005cc5}.tok-c{color:#888}.tok-m{color:#b35900}
.flow{display:flex;gap:16px;align-items:flex-start}
.picture{flex:1;overflow:auto;background:#fff;border:1px solid #ddd;padding:8px;min-height:80px}
.picture svg{height:auto}
.picture g.node{cursor:pointer}
#panel{width:340px;background:#fff;border:1px solid #ddd;padding:8px 12px;position:sticky;top:8px}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
td{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}
.nodes li.on-path{font-weight:600;color:#a0001f}
.detail pre{white-space:pre-wrap;word-break:break-word;background:#f4f4f4;padding:4px}
.note{color:#555}
"""

# Clicking a node of the picture shows its detail (rendered below, server-side) in the
# panel: the script copies DOM nodes and never builds markup from strings.
_SCRIPT = """
(function(){
  var panel=document.getElementById('panel');
  function show(key){
    var detail=document.getElementById('detail-'+key);
    if(!detail||!panel){return;}
    panel.replaceChildren(detail.cloneNode(true));
    panel.firstChild.removeAttribute('id');
    panel.setAttribute('data-node',key);
  }
  document.querySelectorAll('.picture g.node').forEach(function(g){
    g.addEventListener('click',function(event){
      event.preventDefault();
      show(g.id.replace(/^node-/,''));
    });
  });
  var denied=document.querySelector('pre.program .line.denied');
  if(denied){denied.parentNode.scrollTop=denied.offsetTop-denied.parentNode.offsetTop-40;}
})();
"""


def _highlighted_lines(program: str) -> list[str]:
    """The program as escaped HTML lines, with Python tokens coloured (pygments only
    tokenises; the markup and escaping are ours)."""
    from pygments.lexers.python import PythonLexer
    from pygments.token import Comment, Keyword, Name, Number, String

    classes = ((Keyword, "k"), (String, "s"), (Comment, "c"), (Number, "m"), (Name.Builtin, "n"))
    lines: list[str] = [""]
    for token, value in PythonLexer(stripnl=False, ensurenl=False).get_tokens(program):
        css = next((name for kind, name in classes if token in kind), None)
        for index, piece in enumerate(value.split("\n")):
            if index:
                lines.append("")
            if piece:
                escaped = text(piece)
                lines[-1] += f'<span class="tok-{css}">{escaped}</span>' if css else escaped
    if lines and lines[-1] == "" and program.endswith("\n"):
        lines.pop()
    return lines


def _program_html(report: Report) -> str:
    if not report.program:
        return '<p class="note">the run recorded no program</p>'
    out = ['<pre class="program">']
    for number, line_html in enumerate(_highlighted_lines(report.program), start=1):
        info = report.lines.get(number)
        marks = info.marks if info else ()
        worst = next((m for m in ("denied", "depends", "allowed") if m in marks), "")
        label = worst if worst else ""
        title = "; ".join(info.notes) if info else ""
        out.append(
            f'<span class="line {worst}" id="line-{number}"><span class="no">{number}</span>'
            f'<span class="mark">{label}</span>{line_html}'
            + (f'  <span class="tok-c"># {text(title)}</span>' if title else "")
            + "</span>"
        )
    out.append("</pre>")
    return "".join(out)


def _names(values: Iterable[str]) -> str:
    shown = list(values)
    return text(", ".join(shown)) if shown else "—"


def _detail_html(node: GraphNode, graph: DataflowGraph) -> str:
    kind = "tool call" if node.kind == "call" else node.kind
    producers = ", ".join(f"{p.label} (line {p.line})" for p in graph.producers_of(node.key))
    consumers = ", ".join(f"{c.label} (line {c.line})" for c in graph.consumers_of(node.key))
    rows = [
        ("kind", text(kind)),
        ("line", text(node.line)),
        ("tags", _names(node.tags)),
        ("producers", _names(node.producers)),
        ("consumers", _names(node.consumers)),
        ("read from", text(producers or "—")),
        ("read by", text(consumers or "—")),
    ]
    if node.outcome:
        rows.insert(2, ("verdict", text(node.outcome)))
    if node.on_path:
        rows.append(("path", "brought the denied call its offending tags"))
    facts = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    value_label = "arguments" if node.kind == "call" else "value"
    value = value_text(node.value) if node.value_known else "not known to the report"
    return (
        f'<div class="detail" id="detail-{node.key}"><h3>{text(node.label)}</h3>'
        f'<dl class="facts">{facts}</dl><p>{value_label}:</p><pre>{value}</pre></div>'
    )


def _flow_html(report: Report) -> str:
    graph = report.graph
    if graph is None:
        return '<p class="note">no dataflow: the program was not analysed</p>'
    picture = report.picture
    drawn = (
        picture.svg
        if picture and picture.svg
        else f'<p class="note">{text(picture.why_not if picture else "")}</p>'
    )
    path = sum(1 for node in graph.nodes if node.on_path)
    summary = (
        f'<p class="note" id="flow-summary">{len(graph.nodes)} nodes, {len(graph.edges)} '
        f"edges; {path} on the path into the denied call (red).</p>"
    )
    items = "".join(
        f'<li class="{"on-path" if node.on_path else ""}"><a href="#detail-{node.key}">'
        f"{text(node.label)}</a> (line {node.line}; tags: {_names(node.tags)})</li>"
        for node in graph.nodes
    )
    details = "".join(_detail_html(node, graph) for node in graph.nodes)
    return (
        f'{summary}<div class="flow"><div class="picture">{drawn}</div>'
        '<aside id="panel"><p class="note">Click a node to see its value and metadata '
        "(without JavaScript, follow a node to its entry below).</p></aside></div>"
        f'<h2>Nodes</h2><ol class="nodes">{items}</ol>'
        f"<details><summary>Node details</summary>{details}</details>"
    )


def _section_html(section: Section) -> str:
    head = "".join(f"<th>{text(column)}</th>" for column in section.columns)
    if not section.rows:
        body = f'<p class="note">{text(section.empty)}</p>'
        return f'<h2 id="{section.anchor}">{text(section.title)}</h2>{body}'
    rows = "".join(
        "<tr>" + "".join(f"<td>{text(cell)}</td>" for cell in row) + "</tr>" for row in section.rows
    )
    return (
        f'<h2 id="{section.anchor}">{text(section.title)}</h2>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def render(report: Report) -> str:
    """The whole page."""
    head = report.headline
    outcome_class = (
        head.outcome if head.outcome in ("failure", "denied", "success", "passed") else "other"
    )
    facts = "".join(f"<dt>{text(label)}</dt><dd>{text(value)}</dd>" for label, value in head.facts)
    body = (
        f'<header><h1>{text(head.title)}</h1><p>Outcome: <span id="outcome" '
        f'class="outcome outcome-{outcome_class}">{text(head.outcome)}</span></p>'
        f'<dl class="facts" id="headline">{facts}</dl></header><main>'
        f'<h2 id="program">Program</h2>{_program_html(report)}'
        f'<h2 id="dataflow">Dataflow</h2>{_flow_html(report)}'
        + "".join(_section_html(section) for section in report.sections)
        + "</main>"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        # No request may leave the page: scripts, styles and images are inline only.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{text(head.title)}</title><style>{_STYLE}</style></head><body>"
        f"{body}<script>{_SCRIPT}</script></body></html>\n"
    )
