"""`sqrt inspect`'s terminal view of one decoded result, section by section.

Every piece of outside data reaches rich through `display.outside_text` (escaped, never
markup). Our own labels are plain `Text` too, so nothing printed is ever parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from sqrt_tools.results.decoded import DecodedResult
from sqrt_tools.results.denials import DenialKind
from sqrt_tools.results.display import (
    DIM,
    Limits,
    cut,
    describe_value,
    meta_set_text,
    outside_text,
    pretty_value,
    short_value,
)
from sqrt_tools.results.glossary import INTERNAL_TAGS, INTERNAL_TOOLS, explain_verdict
from sqrt_tools.results.hidden import count_in_value, describe_places, hidden_places
from sqrt_tools.results.history import Denial, PolicyCheck, find_denial, read_policy_checks
from sqrt_tools.results.models import Meta, ResultDocument, ValueWithMeta
from sqrt_tools.results.program import CallSites, find_call_sites
from sqrt_tools.results.sections import SECTIONS
from sqrt_tools.results.trace import VariableTrace, trace_variable

_OUTCOME_STYLES = {
    "success": ("SUCCESS", "bold green"),
    "failure": ("FAILURE", "bold red"),
    "unknown": ("UNKNOWN", "bold yellow"),
    "tool_calls": ("TOOL CALLS PENDING", "bold yellow"),
}
_PROGRAM_CHARS = 20_000  # a longer program is cut unless --full
_NAME_CHARS = 40  # variable and field names longer than this are cut in tables
_TABLE_ROWS = 200  # rows of the namespace and history tables shown unless --full


@dataclass(frozen=True, slots=True)
class RenderOptions:
    full: bool = False
    sections: frozenset[str] = frozenset(SECTIONS)
    trace_names: tuple[str, ...] = ()


def render_result(decoded: DecodedResult, options: RenderOptions) -> Group:
    """All the chosen sections for one result, ready for `Console.print`."""
    return Group(*_sections(decoded, options))


def _sections(decoded: DecodedResult, options: RenderOptions) -> Iterator[RenderableType]:
    wanted = options.sections
    document = decoded.document
    if "status" in wanted:
        yield _headline(decoded)
    if document is None:
        if "tools" in wanted:
            yield from _tool_calls(decoded, options)
        return
    denial = find_denial(document) if document.status == "failure" else None
    call_sites = (
        find_call_sites(document.program, denial.tool)
        if denial and denial.tool and document.program
        else None
    )
    if "error" in wanted and document.status == "failure":
        yield from _error(document, denial, call_sites, options)
    if "value" in wanted and document.status == "unknown":
        yield from _raw(document, options)
    if "value" in wanted and document.final_return_value is not None:
        yield from _value(document, options)
    if "meta" in wanted and document.final_return_value is not None:
        yield _heading("Metadata of the final value")
        yield _indented(_meta_table(document.final_return_value.meta, options))
        yield from _glossary_for(_meta_names(document.final_return_value.meta))
    if "tools" in wanted and decoded.tool_calls:
        yield from _tool_calls(decoded, options)
    if "program" in wanted and document.program is not None:
        yield from _program(document.program, denial, call_sites, options)
    if "namespace" in wanted and document.namespace_snapshot:
        yield from _namespace(document, options)
    if "session" in wanted and document.session_meta is not None:
        yield _heading("Session metadata")
        yield _indented(_meta_table(document.session_meta.meta, options))
        beside = document.session_meta.fields_beside_meta
        if beside:
            line = Text("other fields: ", DIM)
            line.append_text(short_value(beside, Limits.for_cell(options.full)))
            yield _indented(line)
    if "history" in wanted and document.policy_check_history:
        yield from _history(read_policy_checks(document.policy_check_history), options)
    if "extra" in wanted:
        yield from _extra(document, options)
    if "trace" in wanted and options.trace_names:
        for name in options.trace_names:
            yield from _trace(document, name, options)


# -- headline ------------------------------------------------------------------------


def _headline(decoded: DecodedResult) -> RenderableType:
    word, style = _OUTCOME_STYLES[decoded.outcome]
    line = Text(word, style)
    line.append("  session ", DIM)
    if decoded.session_id:
        line.append_text(outside_text(decoded.session_id, "bold", one_line=True))
        line.append(f" (from the {decoded.session_id_source})", DIM)
    else:
        line.append("not in this input (the X-Session-ID response header carries it)", DIM)
    lines: list[RenderableType] = [line]
    models = decoded.models
    if models is not None:
        model_line = Text("planner ", DIM)
        model_line.append_text(outside_text(models.planner, "bold", one_line=True))
        if models.quarantined is not None:
            model_line.append("  quarantined ", DIM)
            model_line.append_text(outside_text(models.quarantined, "bold", one_line=True))
        else:
            model_line.append("  (one model: was this a dual-LLM request?)", DIM)
        lines.append(_indented(model_line))
    origin = Text("read as ", DIM)
    origin.append_text(outside_text(decoded.form_description, one_line=True))
    origin.append(" from ", DIM)
    origin.append_text(outside_text(decoded.source, one_line=True))
    if decoded.http_status is not None:
        origin.append(f" (HTTP {decoded.http_status})", DIM)
    lines.append(_indented(origin))
    for note in decoded.notes:
        note_line = Text("note: ", "yellow")
        note_line.append_text(outside_text(note, one_line=True))
        lines.append(_indented(note_line))
    if decoded.document is not None:
        places = hidden_places(decoded.document)
        if places:
            hidden = Text("hidden text: ", "bold yellow")
            # Place names may be namespace keys from the response: escaped like the rest.
            hidden.append_text(outside_text(describe_places(places), one_line=True))
            hidden.append(" (shown escaped, as \\u.... or \\U........)", DIM)
            lines.append(_indented(hidden))
    return Group(*lines)


# -- sections ------------------------------------------------------------------------


def _heading(title: str, detail: str = "") -> Text:
    text = Text("\n" + title, "bold underline")
    if detail:
        text.append_text(outside_text(f"  {detail}", DIM, one_line=True))
    return text


def _indented(renderable: RenderableType) -> Padding:
    return Padding(renderable, (0, 0, 0, 2), expand=False)


def _error(
    document: ResultDocument,
    denial: Denial | None,
    call_sites: CallSites | None,
    options: RenderOptions,
) -> Iterator[RenderableType]:
    yield _heading("Error")
    table = _label_table()
    error = document.error
    if error is None:
        table.add_row("", Text("the document gives no error details", DIM))
    else:
        code = "(none)" if error.code is None else str(error.code)
        table.add_row("code", outside_text(code, "bold", one_line=True))
        message, omitted = cut(error.message or "", None if options.full else 2000)
        message_text = outside_text(message) if message else Text("(none)", DIM)
        if omitted:
            message_text.append(f"… ({omitted:,} more characters; --full shows all)", DIM)
        table.add_row("message", message_text)
    yield _indented(table)
    if denial is None:
        return
    yield _heading(_DENIAL_HEADINGS[denial.kind])
    yield _indented(_denial_sentence(denial))
    details = _label_table()
    if denial.meaning and denial.kind is not DenialKind.TOOL_CALL:
        # A tool-call denial says it in its sentence; other kinds need the words.
        details.add_row("meaning", Text(denial.meaning))
    if denial.rules:
        details.add_row("rules", outside_text("\n".join(denial.rules)))
    details.add_row("found in", Text(", ".join(denial.found_in)))
    if denial.context_problem:
        details.add_row("arguments", Text(f"not shown: {denial.context_problem}", DIM))
    if call_sites is not None:
        details.add_row("in program", _call_site_words(call_sites, denial))
    yield _indented(details)
    if denial.arguments:
        yield from _denied_arguments(denial, options)
    if denial.tool in INTERNAL_TOOLS:
        yield from _glossary_for([denial.tool])


_DENIAL_HEADINGS = {
    DenialKind.TOOL_CALL: "Policy denial",
    DenialKind.CONTROL_FLOW: "Control-flow denial",
    DenialKind.UNRECOGNISED: "Unrecognised denial",
}


def _denied_arguments(denial: Denial, options: RenderOptions) -> Iterator[RenderableType]:
    """The arguments the denial message quotes, each with its value type and metadata."""
    assert denial.arguments is not None
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("argument", style="bold", no_wrap=True, max_width=_NAME_CHARS)
    table.add_column("value", ratio=1)
    table.add_column("type", no_wrap=True)
    for field_name in ("tags", "consumers", "producers"):
        table.add_column(field_name)
    other = any(argument.other for argument in denial.arguments)
    if other:
        table.add_column("other fields")
    names: list[str] = []
    for argument in denial.arguments:
        meta = _quoted_meta(argument.meta)
        if meta is not None:
            names.extend(_meta_names(meta))
        cells: list[RenderableType] = [
            outside_text(argument.name, one_line=True),
            short_value(argument.value, Limits.for_cell(options.full)),
            outside_text(argument.value_type or "-", one_line=True),
            *(
                meta_set_text(getattr(meta, field_name), field_name)
                if meta is not None
                else Text("(not quoted)", DIM)
                for field_name in ("tags", "consumers", "producers")
            ),
        ]
        if other:
            cells.append(short_value(argument.other, Limits.for_cell(options.full)))
        table.add_row(*cells)
    yield _heading("Arguments of the denied call", "(as the denial message quotes them)")
    yield _indented(table)
    yield from _glossary_for(names)


def _quoted_meta(meta: dict[str, object] | None) -> Meta | None:
    """The quoted metadata as a `Meta`, or None when it is absent or not one."""
    if meta is None:
        return None
    try:
        return Meta.model_validate(meta)
    except ValueError:
        return None


def _denial_sentence(denial: Denial) -> Text:
    if denial.kind is DenialKind.CONTROL_FLOW:
        return Text("The program was stopped by the control-flow (branching) policy.")
    if denial.kind is DenialKind.UNRECOGNISED:
        return Text(
            "The error message sounds like a denial, in a wording this inspector does not "
            "know: read the message above."
        )
    text = Text("The call to ")
    if denial.tool:
        text.append_text(outside_text(denial.tool, "bold", one_line=True))
    else:
        text.append("a tool (not named)", DIM)
    text.append(" was denied")
    if denial.phase:
        text.append_text(outside_text(f" by {denial.phase} policies", one_line=True))
    if denial.verdict:
        text.append(": ")
        text.append_text(outside_text(denial.verdict, "bold red", one_line=True))
        text.append(" - " + explain_verdict(denial.verdict))
    text.append(".")
    return text


def _call_site_words(call_sites: CallSites, denial: Denial) -> Text:
    lines = call_sites.lines
    tool = denial.tool or "the tool"
    if not lines:
        return Text(f"{tool} is not called by name in the program", DIM)
    numbers = ", ".join(str(line) for line in lines)
    if len(lines) == 1 and call_sites.exact:
        return Text(f"line {numbers} (marked below)")
    if len(lines) == 1:
        return Text(f"probably line {numbers} (the program does not parse; found by name)")
    return Text(f"called on lines {numbers}; the history does not say which call it was")


def _value(document: ResultDocument, options: RenderOptions) -> Iterator[RenderableType]:
    assert document.final_return_value is not None
    final = document.final_return_value
    value = final.value
    typed = f"value_type {final.value_type}; " if final.value_type is not None else ""
    hidden = count_in_value(value)
    invisible = f", {hidden:,} invisible" if hidden else ""
    yield _heading("Final value", f"({typed}{describe_value(value)}{invisible})")
    yield _indented(pretty_value(value, Limits.for_panel(options.full)))
    if final.unknown_fields:
        line = Text("other fields: ", DIM)
        line.append_text(short_value(final.unknown_fields, Limits.for_cell(options.full)))
        yield _indented(line)


def _raw(document: ResultDocument, options: RenderOptions) -> Iterator[RenderableType]:
    """Status "unknown": the content that was not a result document, escaped."""
    raw = document.raw or ""
    yield _heading(
        "Raw content",
        f"({len(raw):,} characters; not a result document, so its outcome is unknown)",
    )
    shown, omitted = cut(raw, None if options.full else 2000)
    text = outside_text(shown) if shown else Text("(empty)", DIM)
    if omitted:
        text.append(f"… ({omitted:,} more characters; --full shows all)", DIM)
    yield _indented(text)


def _meta_table(meta: Meta, options: RenderOptions) -> Table:
    table = _label_table()
    for field_name in ("tags", "consumers", "producers"):
        table.add_row(field_name, meta_set_text(getattr(meta, field_name), field_name))
    # Never drop a field silently: what the service sent beside the three sets.
    for name, value in meta.unknown_fields.items():
        table.add_row(_name_cell(name, options), short_value(value, Limits.for_cell(options.full)))
    return table


def _meta_names(meta: Meta) -> list[str]:
    return [*meta.tags.sorted_names(), *meta.producers.sorted_names()]


def _glossary_for(names: list[str]) -> Iterator[RenderableType]:
    """One line per internal name present, saying what the service means by it."""
    seen: list[str] = []
    for name in names:
        if (name in INTERNAL_TAGS or name in INTERNAL_TOOLS) and name not in seen:
            seen.append(name)
    for name in seen:
        line = Text(name, "italic")
        line.append(": " + (INTERNAL_TAGS.get(name) or INTERNAL_TOOLS[name]), DIM)
        yield _indented(line)


def _tool_calls(decoded: DecodedResult, options: RenderOptions) -> Iterator[RenderableType]:
    if not decoded.tool_calls:
        return
    count = len(decoded.tool_calls)
    yield _heading("Pending tool calls", f"({count}; the application runs them and replies)")
    sessions = {call.session_id for call in decoded.tool_calls}
    one_session = len(sessions) == 1 and None not in sessions
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style=DIM)
    table.add_column("tool", style="bold", no_wrap=True, max_width=_NAME_CHARS)
    table.add_column("arguments", ratio=1)
    table.add_column("call id" if one_session else "id", no_wrap=True)
    for number, call in enumerate(decoded.tool_calls, start=1):
        if one_session:
            id_text = outside_text(call.call_id or "", one_line=True)
        else:
            id_text = outside_text(call.id or "(none)", one_line=True)
            if call.session_id:
                id_text.append_text(outside_text(f"\nsession {call.session_id}", DIM))
        table.add_row(
            str(number),
            outside_text(call.name or "(unnamed)", one_line=True),
            short_value(call.arguments, Limits.for_cell(options.full)),
            id_text,
        )
    yield _indented(table)
    if one_session:
        line = Text("all in session ", DIM)
        line.append_text(outside_text(next(iter(sessions)) or "", "bold", one_line=True))
        line.append(" (decoded from the tc-<session>-<call> ids)", DIM)
        yield _indented(line)
    yield from _glossary_for([call.name for call in decoded.tool_calls])


def _program(
    program: str, denial: Denial | None, call_sites: CallSites | None, options: RenderOptions
) -> Iterator[RenderableType]:
    # ast counts \r\n as one line break; show it as one too, then escape the rest.
    source = program.replace("\r\n", "\n")
    line_count = source.count("\n") + (0 if source.endswith("\n") else 1)
    shown, omitted = cut(source, None if options.full else _PROGRAM_CHARS)
    yield _heading("Program", f"({_plural(line_count, 'line')})")
    marked: set[int] = set()
    if denial and call_sites and call_sites.lines:
        marked = set(call_sites.lines)
    syntax = Syntax(
        escape_for_syntax(shown.rstrip("\n")),
        "python",
        line_numbers=True,
        highlight_lines=marked,
        theme="ansi_dark",
        word_wrap=True,
        background_color="default",
    )
    yield _indented(syntax)
    if omitted:
        yield Text(f"  … {omitted:,} more characters (--full shows all)", DIM)
    if marked and denial:
        caption = Text("❱ ", "bold red")
        lines = ", ".join(str(line) for line in sorted(marked))
        which = "the denied call to " if len(marked) == 1 else "a call to "
        caption.append(f"line {lines}: {which}")
        caption.append_text(outside_text(denial.tool or "", "bold", one_line=True))
        if len(marked) > 1:
            caption.append(" (one of these was denied)")
        yield _indented(caption)


def escape_for_syntax(program: str) -> str:
    """The program escaped like any outside text (Syntax never reads markup)."""
    return outside_text(program).plain


def _namespace(document: ResultDocument, options: RenderOptions) -> Iterator[RenderableType]:
    snapshot = document.namespace_snapshot or {}
    yield _heading("Namespace snapshot", f"({_plural(len(snapshot), 'variable')})")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    entries = list(snapshot.items())
    shown = entries if options.full else entries[:_TABLE_ROWS]
    # Columns for what the service sent beside value and meta, when it sent any.
    typed = any(entry.value_type is not None for _, entry in shown)
    other = any(_other_fields(entry) for _, entry in shown)
    table.add_column("variable", style="bold", no_wrap=True)
    table.add_column("value", ratio=3)
    if typed:
        table.add_column("type", no_wrap=True)
    table.add_column("tags", ratio=2)
    table.add_column("producers", ratio=2)
    table.add_column("consumers", ratio=2)
    if other:
        table.add_column("other fields", ratio=2)
    names: list[str] = []
    for name, entry in shown:
        cells: list[RenderableType] = [
            _name_cell(name, options),
            short_value(entry.value, Limits.for_cell(options.full)),
        ]
        if typed:
            cells.append(outside_text(entry.value_type or "-", one_line=True))
        cells += [
            meta_set_text(entry.meta.tags, "tags"),
            meta_set_text(entry.meta.producers, "producers"),
            meta_set_text(entry.meta.consumers, "consumers"),
        ]
        if other:
            cells.append(short_value(_other_fields(entry), Limits.for_cell(options.full)))
        table.add_row(*cells)
        names.extend(_meta_names(entry.meta))
    yield _indented(table)
    yield from _rows_left_out(len(entries) - len(shown), "variable")
    yield from _glossary_for(names)


def _other_fields(entry: ValueWithMeta) -> dict[str, Any]:
    """A variable's fields beside value, meta and value_type, then its metadata's fields
    beside the three sets (as `meta.NAME`)."""
    inside = {f"meta.{name}": value for name, value in entry.meta.unknown_fields.items()}
    return entry.unknown_fields | inside


def _history(checks: list[PolicyCheck], options: RenderOptions) -> Iterator[RenderableType]:
    yield _heading("Policy check history", f"({_plural(len(checks), 'check')})")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style=DIM)
    table.add_column("tool", style="bold")
    table.add_column("verdict")
    table.add_column("meaning", ratio=2)
    table.add_column("rules / details", ratio=3)
    shown = checks if options.full else checks[:_TABLE_ROWS]
    for check in shown:
        style = "red" if check.denied else ("green" if check.denied is False else "")
        verdict = (
            outside_text(check.verdict, style, one_line=True) if check.verdict else Text("?", DIM)
        )
        meaning = Text(explain_verdict(check.verdict) if check.verdict else "not stated", DIM)
        if check.rules:
            details = outside_text("\n".join(check.rules))
        elif check.tool is None and check.verdict is None:
            details = short_value(check.raw, Limits.for_cell(options.full))
        else:
            details = Text("")
        table.add_row(
            str(check.number),
            outside_text(check.tool, one_line=True) if check.tool else Text("?", DIM),
            verdict,
            meaning,
            details,
        )
    yield _indented(table)
    yield from _rows_left_out(len(checks) - len(shown), "check")
    yield from _glossary_for([check.tool for check in shown if check.tool])


def _extra(document: ResultDocument, options: RenderOptions) -> Iterator[RenderableType]:
    if document.message_history_mismatch_detected:
        yield Text(
            "\nwarning: the service found that the message history sent with this request "
            "does not match the session's own history (message_history_mismatch_detected)",
            "yellow",
        )
    unknown = document.unknown_fields
    if not unknown:
        return
    yield _heading("Other fields", "(not documented; kept as sent)")
    table = _label_table()
    for name, value in unknown.items():
        table.add_row(_name_cell(name, options), short_value(value, Limits.for_cell(options.full)))
    yield _indented(table)


def _trace(document: ResultDocument, name: str, options: RenderOptions) -> Iterator[RenderableType]:
    heading = Text("\nProvenance of ", "bold underline")
    heading.append_text(outside_text(name, "bold underline", one_line=True))
    yield heading
    result = trace_variable(document, name)
    if isinstance(result, str):
        yield _indented(outside_text(result, "yellow"))
        return
    tree = Tree(_trace_label(result))
    _grow(tree, result)
    yield _indented(tree)


def _trace_label(node: VariableTrace) -> Text:
    label = outside_text(node.name, "bold", one_line=True)
    if node.meta is not None:
        label.append("  tags ", DIM)
        label.append_text(meta_set_text(node.meta.tags, "tags"))
        label.append("  producers ", DIM)
        label.append_text(meta_set_text(node.meta.producers, "producers"))
        label.append("  consumers ", DIM)
        label.append_text(meta_set_text(node.meta.consumers, "consumers"))
    else:
        label.append("  (not in the namespace snapshot)", DIM)
    if node.remark:
        label.append_text(outside_text(f"  - {node.remark}", "yellow", one_line=True))
    return label


def _grow(tree: Tree, node: VariableTrace) -> None:
    for step in node.bindings:
        binding = step.binding
        heading = Text(f"line {binding.line} ", "cyan")
        heading.append_text(outside_text(binding.text, one_line=True))
        heading.append(f"  ({binding.kind}", DIM)
        if binding.within:
            heading.append(", inside " + ", ".join(binding.within), DIM)
        heading.append(")", DIM)
        for attribution in step.attributions:
            heading.append(f"\n{attribution.field}: ", DIM)
            heading.append_text(outside_text(attribution.summary, one_line=True))
        branch = tree.add(heading)
        for child in step.inputs:
            _grow(branch.add(_trace_label(child)), child)


def _rows_left_out(count: int, noun: str) -> Iterator[RenderableType]:
    if count > 0:
        yield _indented(Text(f"… {_plural(count, 'more ' + noun)} (--full shows all)", DIM))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _name_cell(name: str, options: RenderOptions) -> Text:
    """A name (variable, field) for a table's first column: one line, cut when long."""
    shown, omitted = cut(name, None if options.full else _NAME_CHARS)
    text = outside_text(shown, one_line=True)
    if omitted:
        text.append("…", DIM)
    return text


def _label_table() -> Table:
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(style=DIM, no_wrap=True)
    table.add_column()
    return table
