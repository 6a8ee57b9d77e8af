"""Provenance: which assignments a variable's metadata came from.

The namespace snapshot says what metadata each variable ended with; the program says
which other variables and tool calls each assignment read. Putting the two together
shows, for every tag and producer, the inputs that carried it, and for consumers the
inputs that narrowed them. Where the program cannot tell (a name it never assigns, a
program Python cannot parse), the trace says so instead of guessing.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass

from sqrt_tools.results.models import Meta, ResultDocument
from sqrt_tools.results.program import called_name, parse_program

_BUILTIN_NAMES = frozenset(dir(builtins))
_MAX_TRACE_DEPTH = 8
# Methods that change their object in place: `x.append(y)` gives x part of y's metadata.
_MUTATING_METHODS = frozenset(
    {"append", "extend", "insert", "update", "add", "setdefault", "__setitem__"}
)


@dataclass(frozen=True, slots=True)
class Binding:
    """One place the program gives a name a value (or changes it in place)."""

    line: int
    text: str  # the statement's first line
    kind: str  # "assignment", "for-loop target", "in-place change", ...
    reads: tuple[str, ...]  # variables read to compute it
    calls: tuple[str, ...]  # functions and tools called to compute it
    within: tuple[str, ...]  # enclosing control flow, e.g. "for loop (line 3)"


@dataclass(frozen=True, slots=True)
class Attribution:
    """Where one metadata field of a variable came from, at one binding."""

    field: str  # tags | producers | consumers
    summary: str  # one line in words


@dataclass(frozen=True, slots=True)
class BindingTrace:
    binding: Binding
    attributions: tuple[Attribution, ...]
    inputs: tuple[VariableTrace, ...]


@dataclass(frozen=True, slots=True)
class VariableTrace:
    name: str
    meta: Meta | None  # None when the snapshot does not hold the variable
    bindings: tuple[BindingTrace, ...]
    remark: str | None  # why the source is unknown, or why tracing stopped


def trace_variable(document: ResultDocument, name: str) -> VariableTrace | str:
    """The provenance tree of `name`, or a one-line reason it cannot be traced."""
    snapshot = _snapshot_metas(document)
    tree = parse_program(document.program) if document.program else None
    bindings = collect_bindings(tree, document.program or "") if tree else {}
    if name not in snapshot and name not in bindings:
        known = sorted(set(snapshot) | set(bindings))
        listing = ", ".join(known[:20]) if known else "none"
        return f"no variable {name!r} in the namespace snapshot or the program (known: {listing})"
    program_remark: str | None = None
    if document.program is None:
        program_remark = (
            "the document has no program (ask for it with the X-Config "
            "response_format.include_program option); its source cannot be determined"
        )
    elif tree is None:
        program_remark = "the program cannot be parsed as Python; its source cannot be determined"
    return _Tracer(snapshot, bindings, program_remark).trace(name, depth=0)


def _snapshot_metas(document: ResultDocument) -> dict[str, Meta]:
    metas = {name: entry.meta for name, entry in (document.namespace_snapshot or {}).items()}
    if document.final_return_value is not None:
        metas.setdefault("final_return_value", document.final_return_value.meta)
    return metas


class _Tracer:
    """Walks the bindings depth first; each variable is expanded once, where first met."""

    def __init__(
        self,
        snapshot: dict[str, Meta],
        bindings: dict[str, list[Binding]],
        program_remark: str | None,
    ) -> None:
        self.snapshot = snapshot
        self.bindings = bindings
        self.program_remark = program_remark
        self.expanded: set[str] = set()

    def trace(self, name: str, depth: int) -> VariableTrace:
        meta = self.snapshot.get(name)
        if self.program_remark is not None:
            return VariableTrace(name, meta, (), self.program_remark)
        own_bindings = self.bindings.get(name, [])
        if not own_bindings:
            remark = (
                "not assigned in the program (set before it ran, or by the service); "
                "its source cannot be determined"
            )
            if name in _BUILTIN_NAMES:
                remark = "a Python built-in; it carries no metadata of its own"
            return VariableTrace(name, meta, (), remark)
        if name in self.expanded:
            return VariableTrace(name, meta, (), "traced above")
        if depth >= _MAX_TRACE_DEPTH:
            return VariableTrace(name, meta, (), f"not followed further (over {depth} levels)")
        self.expanded.add(name)
        traced: list[BindingTrace] = []
        for binding in own_bindings:
            inputs = tuple(
                self.trace(read, depth + 1)
                if read != name
                else VariableTrace(read, meta, (), "its own earlier value")
                for read in binding.reads
            )
            attributions = _attribute(name, meta, binding, self.snapshot)
            traced.append(BindingTrace(binding, attributions, inputs))
        several_places: str | None = None
        if len(own_bindings) > 1:
            several_places = (
                f"assigned in {len(own_bindings)} places; the snapshot holds the metadata "
                "of the last one that ran"
            )
        return VariableTrace(name, meta, tuple(traced), several_places)


def _attribute(
    name: str, meta: Meta | None, binding: Binding, snapshot: dict[str, Meta]
) -> tuple[Attribution, ...]:
    """For each field, which inputs of `binding` explain the variable's metadata."""
    if meta is None:
        return (Attribution("meta", "the snapshot does not hold this variable's metadata"),)
    # The snapshot holds a variable's final metadata, so its own earlier value (x += y,
    # x.append(y)) explains nothing: only the other inputs are candidates.
    input_metas = {
        read: snapshot[read] for read in binding.reads if read in snapshot and read != name
    }
    tools = [call for call in binding.calls if call not in _BUILTIN_NAMES]
    attributions: list[Attribution] = []
    for field in ("tags", "producers"):
        names = getattr(meta, field)
        if names.is_universal:
            attributions.append(Attribution(field, "universal"))
            continue
        if not names:
            attributions.append(Attribution(field, "none"))
            continue
        by_source: dict[str, list[str]] = {}
        for item in names:
            carriers = [
                read for read, other in input_metas.items() if item in getattr(other, field)
            ]
            source = "from " + ", ".join(carriers) if carriers else "added " + _unexplained(tools)
            by_source.setdefault(source, []).append(item)
        summary = "; ".join(f"{', '.join(items)} {source}" for source, items in by_source.items())
        attributions.append(Attribution(field, summary))
    attributions.append(Attribution("consumers", _consumers(meta, input_metas, tools)))
    return tuple(attributions)


def _unexplained(tools: list[str]) -> str:
    if tools:
        calls = ", ".join(f"{tool}()" for tool in tools)
        return f"by {calls} (its result or a result policy)"
    return "by no input of this line: its source cannot be determined"


def _consumers(meta: Meta, input_metas: dict[str, Meta], tools: list[str]) -> str:
    if meta.consumers.is_universal:
        return "anyone: no input restricted them"
    restricting = [read for read, other in input_metas.items() if not other.consumers.is_universal]
    if restricting:
        return "narrowed by " + ", ".join(restricting) + " (children get the intersection)"
    return "narrowed " + _unexplained(tools)


def collect_bindings(tree: ast.Module, program: str) -> dict[str, list[Binding]]:
    """Every binding of every name, in program order."""
    lines = program.splitlines()
    collector = _BindingCollector(lines)
    collector.visit(tree)
    return collector.bindings


class _BindingCollector(ast.NodeVisitor):
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.bindings: dict[str, list[Binding]] = {}
        self.within: list[str] = []

    def _add(self, name: str, node: ast.AST, kind: str, value: ast.AST | None) -> None:
        line = getattr(node, "lineno", 0)
        end_line = getattr(node, "end_lineno", None) or line
        text = _one_line(" ".join(self.lines[line - 1 : end_line]))
        reads, calls = _reads_and_calls(value) if value is not None else ((), ())
        binding = Binding(line, text, kind, reads, calls, tuple(self.within))
        self.bindings.setdefault(name, []).append(binding)

    def _bind_target(
        self, target: ast.AST, node: ast.AST, kind: str, value: ast.AST | None
    ) -> None:
        if isinstance(target, ast.Name):
            self._add(target.id, node, kind, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind_target(element, node, f"{kind} (unpacked)", value)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, node, kind, value)
        elif isinstance(target, (ast.Subscript, ast.Attribute)):
            base = _base_name(target)
            if base is not None:
                self._add(base, node, "in-place change", value)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._bind_target(target, node, "assignment", node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._bind_target(node.target, node, "assignment", node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        combined = ast.BinOp(left=_as_load(node.target), op=node.op, right=node.value)
        self._bind_target(node.target, node, "augmented assignment", combined)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._bind_target(node.target, node, "assignment expression", node.value)
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        self._bind_target(node.target, node, "for-loop variable", node.iter)
        self._nested(node, f"for loop (line {node.lineno})")

    def visit_While(self, node: ast.While) -> None:
        self._nested(node, f"while loop (line {node.lineno})")

    def visit_If(self, node: ast.If) -> None:
        self._nested(node, f"if (line {node.lineno})")

    def visit_Try(self, node: ast.Try) -> None:
        self._nested(node, f"try (line {node.lineno})")

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self._bind_target(item.optional_vars, node, "with target", item.context_expr)
        self._nested(node, f"with (line {node.lineno})")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._add(node.name, node, "function definition", None)
        self._nested(node, f"function {node.name} (line {node.lineno})")

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self._add(node.name, node, "caught exception", None)
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        call = node.value
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in _MUTATING_METHODS
        ):
            base = _base_name(call.func.value)
            if base is not None:
                self._add(base, node, f"in-place change (.{call.func.attr}())", call)
        self.generic_visit(node)

    def _nested(self, node: ast.AST, description: str) -> None:
        self.within.append(description)
        self.generic_visit(node)
        self.within.pop()


def _one_line(statement: str) -> str:
    """A multi-line statement on one line, without the layout's spaces inside brackets."""
    text = " ".join(statement.split())
    text = re.sub(r"([(\[{]) ", r"\1", text)
    return re.sub(r",? ([)\]}])", r"\1", text)


def _base_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _as_load(target: ast.expr) -> ast.expr:
    if isinstance(target, ast.Name):
        return ast.Name(id=target.id, ctx=ast.Load())
    return target


def _reads_and_calls(value: ast.AST) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Variables read and functions called by an expression, in order, without repeats.

    Names bound inside comprehensions are local to them and are not reads of the
    program's variables; the names of called functions are calls, not reads.
    """
    callee_nodes: set[int] = set()
    local_names: set[str] = set()
    calls: list[str] = []
    for node in ast.walk(value):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                callee_nodes.add(id(node.func))
            name = called_name(node)
            if name is not None and isinstance(node.func, ast.Name) and name not in calls:
                calls.append(name)
        elif isinstance(node, ast.comprehension):
            local_names.update(
                target.id for target in ast.walk(node.target) if isinstance(target, ast.Name)
            )
        elif isinstance(node, ast.Lambda):
            local_names.update(argument.arg for argument in node.args.args)
    reads: list[str] = []
    for node in ast.walk(value):
        if (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and id(node) not in callee_nodes
            and node.id not in local_names
            and node.id not in reads
        ):
            reads.append(node.id)
    ordered = sorted(reads, key=lambda read: _first_position(value, read))
    return tuple(ordered), tuple(calls)


def _first_position(value: ast.AST, name: str) -> tuple[int, int]:
    positions = [
        (node.lineno, node.col_offset)
        for node in ast.walk(value)
        if isinstance(node, ast.Name) and node.id == name
    ]
    return min(positions, default=(0, 0))
