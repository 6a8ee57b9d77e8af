"""The abstract interpreter: walks the planner's program and computes, for every value,
its metadata (and its value, where the program fixes it), deciding each tool call with
the policy as it goes.

The program is never run. Statements are taken in program order; an `if` whose
condition the program does not fix is analysed both ways and the two states joined; a
loop is analysed as one abstract iteration over a widened state (see `propagation`).
Anything outside the planner's Python subset is reported with its line, and the
analysis goes on around it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from sqrt_tools.analysis import propagation
from sqrt_tools.analysis.branching import violation
from sqrt_tools.analysis.constants import (
    call_builtin,
    call_method,
    compare,
    evaluate_binop,
    truth_of,
    unary,
)
from sqrt_tools.analysis.model import (
    AnalysedCall,
    ArgumentFact,
    ControlFlowCheck,
    FlowEdge,
    FlowNode,
    MetaSource,
    Outside,
    Prediction,
    ValueSource,
    VariableFact,
)
from sqrt_tools.analysis.recorded import RecordedArgument, RecordedRun
from sqrt_tools.analysis.sites import BUILTIN_NAMES, ProgramFacts, tool_name
from sqrt_tools.analysis.values import Unknown, Value, constant, derived, join_values
from sqrt_tools.analysis.verdicts import decide_call
from sqrt_tools.evaluate.model import Argument, Meta, Verdict
from sqrt_tools.evaluate.policy import PolicySet
from sqrt_tools.presets import Presets
from sqrt_tools.results.history import PolicyCheck

# Statements the planner's subset holds; others are reported (see `_outside`).
_SIMPLE_STATEMENTS = (ast.Pass, ast.Break, ast.Continue)


@dataclass(slots=True)
class State:
    """What the program has computed so far: its variables and the session metadata."""

    env: dict[str, Value]
    session: Meta

    def copy(self) -> State:
        return State(dict(self.env), self.session)

    def join(self, other: State) -> State:
        env = dict(self.env)
        for name, value in other.env.items():
            mine = env.get(name)
            env[name] = value if mine is None else join_values(mine, value)
        return State(env, propagation.join(self.session, other.session))


@dataclass(frozen=True, slots=True)
class _Condition:
    line: int
    meta: Meta
    node: str


@dataclass(frozen=True, slots=True)
class Settings:
    policy: PolicySet
    presets: Presets
    parameters: Mapping[str, tuple[str, ...]] | None  # tool -> parameter names (--tools)


class Interpreter:
    def __init__(
        self,
        program: str,
        facts: ProgramFacts,
        settings: Settings,
        recorded: RecordedRun,
        matched: Mapping[int, tuple[PolicyCheck, ...]],
    ) -> None:
        self.lines = program.splitlines()
        self.facts = facts
        self.settings = settings
        self.recorded = recorded
        self.matched = matched
        self.state = State({}, Meta())
        self.context: list[_Condition] = []
        self.loops: list[int] = []
        self.calls: dict[int, AnalysedCall] = {}
        self.outcomes_by_pass: dict[int, set[str]] = {}
        self.verdicts_by_pass: dict[int, set[Verdict]] = {}
        self.checks: dict[tuple[int, int, str], ControlFlowCheck] = {}
        self.outside: dict[tuple[int, str], Outside] = {}
        self.nodes: dict[str, FlowNode] = {}
        self.edges: dict[FlowEdge, None] = {}
        self.computed: dict[str, Meta] = {}
        self.loop_lines: set[int] = set()
        tools = settings.parameters
        self._tools = None if tools is None else frozenset(tools)
        for name, entry in recorded.snapshot.items():
            if name not in facts.bound:  # set before the program ran (an earlier turn)
                node = self._node(f"input:{name}", "input", name, 0)
                self.state.env[name] = Value(
                    entry.meta, True, entry.value, None, frozenset({node}), "namespace snapshot"
                )

    # --- the graph ---------------------------------------------------------------------

    def _node(self, node_id: str, kind: str, label: str, line: int) -> str:
        if node_id not in self.nodes:
            self.nodes[node_id] = FlowNode(node_id, kind, label, line)  # type: ignore[arg-type]
        return node_id

    def _edges(self, sources: frozenset[str], target: str, role: str) -> None:
        for source in sorted(sources):
            if source != target:
                self.edges[FlowEdge(source, target, role)] = None

    # --- reporting -----------------------------------------------------------------

    def _text(self, node: ast.AST) -> str:
        line = getattr(node, "lineno", 0)
        end = getattr(node, "end_lineno", None) or line
        if line < 1:
            return ""
        if line == end:
            column = getattr(node, "col_offset", 0)
            end_column = getattr(node, "end_col_offset", None)
            raw = self.lines[line - 1] if line <= len(self.lines) else ""
            return raw.encode("utf-8")[column:end_column].decode("utf-8", "replace")
        return " ".join(" ".join(self.lines[line - 1 : end]).split())

    def _outside(self, node: ast.AST, construct: str, message: str) -> None:
        line = getattr(node, "lineno", 0)
        self.outside.setdefault((line, construct), Outside(line, construct, message))

    # --- statements ------------------------------------------------------------------

    def run(self, body: Sequence[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Assign):
            value = self.expr(node.value)
            for target in node.targets:
                self.assign(target, value, node)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.assign(node.target, self.expr(node.value), node)
        elif isinstance(node, ast.AugAssign):
            current = self.expr(_as_load(node.target))
            value = self._binop(node.op, current, self.expr(node.value))
            self.assign(node.target, value, node)
        elif isinstance(node, ast.Expr):
            self.expr(node.value)
        elif isinstance(node, ast.If):
            self._if(node)
        elif isinstance(node, ast.For):
            self._for(node)
        elif isinstance(node, ast.While):
            self._while(node)
        elif isinstance(node, ast.Try) or _is_try_star(node):
            self._try(node)
        elif isinstance(node, _SIMPLE_STATEMENTS):
            return
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.state.env.pop(target.id, None)
        elif isinstance(node, ast.Raise):
            if node.exc is not None:
                self.expr(node.exc)
        else:
            self._outside_statement(node)

    def _outside_statement(self, node: ast.stmt) -> None:
        construct = type(node).__name__
        if isinstance(node, ast.Import | ast.ImportFrom):
            self._outside(node, "import", "an import: the names it binds carry no metadata")
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                self.state.env[name] = Value()
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            kind = "a class" if isinstance(node, ast.ClassDef) else "a function"
            self._outside(
                node, "definition", f"{kind} definition ({node.name}): its body is not analysed"
            )
            self.state.env[node.name] = Value()
        elif isinstance(node, ast.With | ast.AsyncWith):
            self._outside(node, "with", "a `with` block: analysed as if its body ran once")
            for item in node.items:
                value = self.expr(item.context_expr)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, value, node)
            self.run(node.body)
        elif isinstance(node, ast.Assert):
            self._outside(node, "assert", "an `assert`: its condition is read, not checked")
            self.expr(node.test)
        else:
            words = {
                "Return": "a `return` outside a function",
                "Match": "a `match` statement: its cases are not analysed",
                "Global": "a `global` declaration",
                "Nonlocal": "a `nonlocal` declaration",
                "AsyncFor": "an `async for` loop: its body is not analysed",
            }
            self._outside(node, construct, words.get(construct, f"a `{construct}` statement"))

    def assign(self, target: ast.AST, value: Value, statement: ast.AST) -> None:
        line = getattr(statement, "lineno", 0)
        if isinstance(target, ast.Name):
            self._bind(target.id, value, line)
        elif isinstance(target, ast.Tuple | ast.List):
            for index, element in enumerate(target.elts):
                part = value.item(index)
                if isinstance(element, ast.Starred):
                    self.assign(element.value, _element_of(value), statement)
                else:
                    piece = _element_of(value) if part is None else part.with_meta(value.meta)
                    self.assign(element, piece, statement)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, value, statement)
        elif isinstance(target, ast.Subscript | ast.Attribute):
            # `x[k] = v`, `x.a = v`: x now holds v (and k), see `propagation`.
            reads = [value]
            if isinstance(target, ast.Subscript):
                reads.append(self.expr(target.slice))
            base = target.value
            while isinstance(base, ast.Subscript | ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name):
                self._mutate(base.id, reads, line)
            else:
                self.expr(base)

    def _bind(self, name: str, value: Value, line: int) -> None:
        if propagation.CONTEXT_FLOWS_INTO_VALUES and self.context:
            metas = [value.meta, *(condition.meta for condition in self.context)]
            value = value.with_meta(propagation.combine(metas))
        node = self._node(f"{name}@{line}", "variable", name, line)
        self._edges(value.origins, node, "assignment")
        self.computed[name] = value.meta
        recorded = self.recorded.snapshot.get(name)
        if (
            recorded is not None
            and self.facts.bindings[name] == 1
            and name not in self.facts.looped
        ):
            # The run recorded what this one binding gave the variable: the truth.
            value = Value(
                recorded.meta,
                True,
                recorded.value,
                value.items,
                value.origins,
                "namespace snapshot",
            )
        self.state.env[name] = replace(value, origins=frozenset({node}))

    def _mutate(self, name: str, reads: list[Value], line: int) -> None:
        current = self.state.env.get(name, Value())
        node = self._node(f"{name}@{line}", "variable", name, line)
        self._edges(current.origins, node, "assignment")
        for read in reads:
            self._edges(read.origins, node, "mutation")
        meta = propagation.combine([current.meta, *(read.meta for read in reads)])
        self.computed[name] = meta
        self.state.env[name] = Value(meta, origins=frozenset({node}))

    # --- control flow ------------------------------------------------------------------

    def _condition(self, test: ast.AST, value: Value, kind: str) -> _Condition:
        line = getattr(test, "lineno", 0)
        column = getattr(test, "col_offset", 0)
        node = self._node(f"condition@{line}:{column}", "condition", kind, line)
        self._edges(value.origins, node, "condition")
        reason = violation(value.meta, self.settings.presets.branching_meta_policy)
        key = (line, column, kind)
        previous = self.checks.get(key)
        if previous is None or not previous.violation or reason:
            self.checks[key] = ControlFlowCheck(
                line, kind, self._text(test), value.meta, bool(reason), reason
            )
        return _Condition(line, value.meta, node)

    @contextmanager
    def _under(self, condition: _Condition) -> Iterator[None]:
        self.context.append(condition)
        try:
            yield
        finally:
            self.context.pop()

    def _if(self, node: ast.If) -> None:
        test = self.expr(node.test)
        condition = self._condition(node.test, test, "if")
        with self._under(condition):
            if test.known:
                taken = truth_of(test.constant)
                if taken is not None:
                    self.run(node.body if taken else node.orelse)
                    return
            before = self.state.copy()
            self.run(node.body)
            after_body = self.state
            self.state = before
            self.run(node.orelse)
            self.state = after_body.join(self.state)

    def _loop(self, line: int, body: Callable[[], None]) -> None:
        """One abstract iteration over a widened state (see `propagation`)."""
        self.loop_lines.add(line)
        self.loops.append(line)
        entry = self.state.copy()
        try:
            for _ in range(propagation.MAX_LOOP_PASSES):
                self.state = entry.copy()
                body()
                widened = entry.join(self.state)
                if widened == entry:
                    break
                entry = widened
            self.state = entry.join(self.state)  # the loop may also not run at all
        finally:
            self.loops.pop()

    def _for(self, node: ast.For) -> None:
        iterable = self.expr(node.iter)
        condition = self._condition(node.iter, iterable, "for")

        def body() -> None:
            self.assign(node.target, _element_of(iterable), node)
            self.run(node.body)

        with self._under(condition):
            self._loop(node.lineno, body)
        self.run(node.orelse)

    def _while(self, node: ast.While) -> None:
        def body() -> None:
            test = self.expr(node.test)
            condition = self._condition(node.test, test, "while")
            with self._under(condition):
                self.run(node.body)

        self._loop(node.lineno, body)
        test = self.expr(node.test)  # read once more when the loop ends
        self._condition(node.test, test, "while")
        self.run(node.orelse)

    def _try(self, node: ast.stmt) -> None:
        assert isinstance(node, ast.Try) or _is_try_star(node)
        before = self.state.copy()
        self.run(node.body)  # type: ignore[attr-defined]
        self.run(node.orelse)  # type: ignore[attr-defined]
        finished = self.state
        # A handler may start anywhere in the body: from the join of before and after.
        start = before.join(finished)
        for handler in node.handlers:  # type: ignore[attr-defined]
            self.state = start.copy()
            if handler.name:
                self._bind(handler.name, Value(), handler.lineno)
            self.run(handler.body)
            finished = finished.join(self.state)
        self.state = finished
        self.run(node.finalbody)  # type: ignore[attr-defined]

    # --- expressions -----------------------------------------------------------------

    def expr(self, node: ast.AST) -> Value:
        if isinstance(node, ast.Constant):
            return constant(node.value)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node)
        if isinstance(node, ast.FormattedValue):
            return self.expr(node.value)
        if isinstance(node, ast.BinOp):
            return self._binop(node.op, self.expr(node.left), self.expr(node.right))
        if isinstance(node, ast.UnaryOp):
            operand = self.expr(node.operand)
            return self._computed([operand], lambda: unary(node.op, operand.constant))
        if isinstance(node, ast.Compare):
            parts = [self.expr(node.left), *(self.expr(item) for item in node.comparators)]
            return self._computed(parts, lambda: _compare(node.ops, parts))
        if isinstance(node, ast.BoolOp):
            return self._boolop(node)
        if isinstance(node, ast.IfExp):
            return self._ifexp(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Attribute):
            return derived([self.expr(node.value)])
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return self._sequence(node)
        if isinstance(node, ast.Dict):
            return self._dict(node)
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            return self._comprehension(node)
        if isinstance(node, ast.Starred):
            return self.expr(node.value)
        if isinstance(node, ast.Slice):
            parts = [self.expr(part) for part in (node.lower, node.upper, node.step) if part]
            return derived(parts)
        if isinstance(node, ast.NamedExpr):
            value = self.expr(node.value)
            self.assign(node.target, value, node)
            return value
        construct = type(node).__name__
        words = {
            "Lambda": "a lambda: its body is not analysed",
            "Await": "an `await`",
            "Yield": "a `yield`",
            "YieldFrom": "a `yield from`",
        }
        self._outside(node, construct, words.get(construct, f"a `{construct}` expression"))
        return Value()

    def _name(self, node: ast.Name) -> Value:
        found = self.state.env.get(node.id)
        if found is not None:
            return found
        return Value()  # a built-in, or a name the program never set: no metadata

    def _computed(self, parts: list[Value], compute: Callable[[], object]) -> Value:
        """A value derived from `parts`, with its value when every part is known and
        `compute` can work it out."""
        value = derived(parts)
        if all(part.known for part in parts):
            result = _safely(compute)
            if result is not _NO_VALUE:
                return replace(value, known=True, constant=result)
        return value

    def _binop(self, op: ast.operator, left: Value, right: Value) -> Value:
        return self._computed(
            [left, right], lambda: evaluate_binop(op, left.constant, right.constant)
        )

    def _fstring(self, node: ast.JoinedStr) -> Value:
        parts: list[Value] = []
        pieces: list[object] = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                pieces.append(part.value)
                continue
            assert isinstance(part, ast.FormattedValue)
            value = self.expr(part.value)
            spec = self.expr(part.format_spec) if part.format_spec is not None else None
            parts.append(value)
            if spec is not None:
                parts.append(spec)
            pieces.append((value, part.conversion, spec))

        def text() -> str:
            out: list[str] = []
            for piece in pieces:
                if isinstance(piece, str):
                    out.append(piece)
                    continue
                assert isinstance(piece, tuple)
                value, conversion, spec = piece
                shown = value.constant
                if conversion == ord("r"):
                    shown = repr(shown)
                elif conversion == ord("a"):
                    shown = ascii(shown)
                format_spec = "" if spec is None else str(spec.constant)
                out.append(format(shown, format_spec))
            return "".join(out)

        return self._computed(parts, text)

    def _boolop(self, node: ast.BoolOp) -> Value:
        first = self.expr(node.values[0])
        parts = [first]
        kind = "and" if isinstance(node.op, ast.And) else "or"
        guards: list[_Condition] = []
        try:
            previous, previous_node = first, node.values[0]
            for operand in node.values[1:]:
                # What runs right of `and`/`or` runs only as the left side says.
                guard = self._condition(previous_node, previous, kind)
                guards.append(guard)
                self.context.append(guard)
                value = self.expr(operand)
                parts.append(value)
                previous, previous_node = value, operand
        finally:
            del self.context[len(self.context) - len(guards) :]
        return self._computed(parts, lambda: _boolean(kind, [part.constant for part in parts]))

    def _ifexp(self, node: ast.IfExp) -> Value:
        test = self.expr(node.test)
        condition = self._condition(node.test, test, "if expression")
        with self._under(condition):
            body = self.expr(node.body)
            orelse = self.expr(node.orelse)
        if test.known:
            taken = truth_of(test.constant)
            if taken is not None:
                chosen = body if taken else orelse
                return replace(chosen, meta=propagation.combine([chosen.meta, test.meta]))
        joined = join_values(body, orelse)
        return replace(joined, meta=propagation.combine([joined.meta, test.meta]))

    def _subscript(self, node: ast.Subscript) -> Value:
        container = self.expr(node.value)
        index = self.expr(node.slice)
        value = derived([container, index])
        element = container.item(index.constant) if index.known else None
        if element is not None and element.known:
            return replace(value, known=True, constant=element.constant, items=element.items)
        if container.known and index.known:
            result = _safely(lambda: _index(container.constant, index.constant))
            if result is not _NO_VALUE:
                return replace(value, known=True, constant=result)
        if element is not None:
            return replace(value, items=element.items)
        return value

    def _sequence(self, node: ast.List | ast.Tuple | ast.Set) -> Value:
        elements = [self.expr(element) for element in node.elts]
        value = derived(elements)
        if isinstance(node, ast.Set) or any(
            isinstance(element, ast.Starred) for element in node.elts
        ):
            return value
        items = tuple(enumerate(elements))
        value = replace(value, items=tuple((index, item) for index, item in items))
        if all(element.known for element in elements):
            constants = [element.constant for element in elements]
            return replace(
                value,
                known=True,
                constant=tuple(constants) if isinstance(node, ast.Tuple) else constants,
            )
        return value

    def _dict(self, node: ast.Dict) -> Value:
        keys: list[Value | None] = [None if key is None else self.expr(key) for key in node.keys]
        values = [self.expr(value) for value in node.values]
        parts = [key for key in keys if key is not None] + values
        value = derived(parts)
        if any(key is None or not key.known for key in keys):
            return value
        pairs = tuple(
            (key.constant, item) for key, item in zip(keys, values, strict=True) if key is not None
        )
        value = replace(value, items=pairs)
        if all(item.known for item in values) and all(_hashable(key) for key, _ in pairs):
            return replace(value, known=True, constant={key: item.constant for key, item in pairs})
        return value

    def _comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> Value:
        saved_env = self.state.env
        self.state.env = dict(saved_env)  # the comprehension's names are its own
        reads: list[Value] = []
        guards: list[_Condition] = []
        self.loops.append(node.lineno)
        try:
            for generator in node.generators:
                iterable = self.expr(generator.iter)
                reads.append(iterable)
                guard = self._condition(generator.iter, iterable, "for")
                guards.append(guard)
                self.context.append(guard)
                self.assign(generator.target, _element_of(iterable), generator.iter)
                for test in generator.ifs:
                    filter_value = self.expr(test)
                    guard = self._condition(test, filter_value, "comprehension filter")
                    guards.append(guard)
                    self.context.append(guard)
                    if propagation.FILTER_FLOWS_INTO_RESULT:
                        reads.append(filter_value)
            if isinstance(node, ast.DictComp):
                reads.extend([self.expr(node.key), self.expr(node.value)])
            else:
                reads.append(self.expr(node.elt))
        finally:
            del self.context[len(self.context) - len(guards) :]
            self.loops.pop()
            inner = self.state.env
            self.state.env = saved_env
            for name in saved_env:  # a mutation inside reaches the outer variable
                if inner.get(name) is not saved_env[name] and name in inner:
                    saved_env[name] = inner[name]
        return derived(reads)

    # --- calls -------------------------------------------------------------------------

    def _call(self, node: ast.Call) -> Value:
        tool = tool_name(node, self.facts.bound, self._tools)
        if tool is not None:
            return self._tool_call(node, tool)
        receiver: Value | None = None
        if isinstance(node.func, ast.Attribute):
            receiver = self.expr(node.func.value)
        elif not isinstance(node.func, ast.Name):
            receiver = self.expr(node.func)
        positional = [self.expr(argument) for argument in node.args]
        keywords = {kw.arg: self.expr(kw.value) for kw in node.keywords}
        parts = ([] if receiver is None else [receiver]) + positional + list(keywords.values())
        value = derived(parts)
        if isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in propagation.MUTATING_METHODS:
                base: ast.AST = node.func.value
                while isinstance(base, ast.Subscript | ast.Attribute):
                    base = base.value
                if isinstance(base, ast.Name):
                    self._mutate(base.id, positional + list(keywords.values()), node.lineno)
            elif receiver is not None and receiver.known and all(p.known for p in parts):
                assert receiver is not None
                result = _safely(
                    lambda: call_method(receiver.constant, method, [p.constant for p in positional])
                )
                if result is not _NO_VALUE and not keywords:
                    return replace(value, known=True, constant=result)
        elif (
            isinstance(node.func, ast.Name)
            and node.func.id in BUILTIN_NAMES
            and all(part.known for part in parts)
            and not keywords
        ):
            name = node.func.id
            result = _safely(lambda: call_builtin(name, [p.constant for p in positional]))
            if result is not _NO_VALUE:
                return replace(value, known=True, constant=result)
        return value

    def _tool_call(self, node: ast.Call, tool: str) -> Value:
        number = self.facts.site_numbers.get(id(node), 0)
        notes: list[str] = []
        named: list[tuple[str, Value]] = []
        parameters = (self.settings.parameters or {}).get(tool)
        for position, argument in enumerate(node.args):
            value = self.expr(argument)
            if isinstance(argument, ast.Starred):
                notes.append("`*` arguments: which parameters they fill is not known")
                continue
            if parameters is not None and position < len(parameters):
                named.append((parameters[position], value))
            else:
                name = f"#{position + 1}"
                named.append((name, value))
                notes.append(
                    f"positional argument {position + 1}: give --tools to know its name"
                    if parameters is None
                    else f"positional argument {position + 1}: the tool has no such parameter"
                )
        for keyword in node.keywords:
            value = self.expr(keyword.value)
            if keyword.arg is None:
                notes.append("`**` arguments: which parameters they fill is not known")
                continue
            named.append((keyword.arg, value))
        if self._tools is not None and tool not in self._tools:
            notes.append(f"`{tool}` is not among the tool definitions given")
        checks = self.matched.get(id(node), ())
        recorded = [self.recorded.arguments(check) for check in checks]
        facts: list[ArgumentFact] = []
        args: dict[str, Argument] = {}
        for name, value in named:
            fact, evaluated = _argument(name, value, recorded, checks, self.recorded)
            facts.append(fact)
            args[name] = evaluated
        session = self.state.session
        outcome = decide_call(self.settings.policy, tool, args, session, self.settings.presets)
        self.state.session = outcome.session_after
        call_node = self._node(f"call:{number}", "call", tool, node.lineno)
        for name, value in named:
            self._edges(value.origins, call_node, f"argument `{name}`")
        for condition in self.context:
            self._edges(frozenset({condition.node}), call_node, "context")
        context_meta = (
            propagation.combine(condition.meta for condition in self.context)
            if self.context
            else None
        )
        prediction = outcome.prediction
        self.outcomes_by_pass.setdefault(number, set()).add(prediction.outcome)
        self.verdicts_by_pass.setdefault(number, set()).update(prediction.verdicts)
        self.calls[number] = AnalysedCall(
            number=number,
            tool=tool,
            line=node.lineno,
            end_line=node.end_lineno or node.lineno,
            column=node.col_offset + 1,
            text=self._text(node),
            arguments=tuple(facts),
            session=outcome.decision.session,
            session_in=session,
            context=context_meta,
            context_lines=tuple(sorted({condition.line for condition in self.context})),
            prediction=prediction,
            result=outcome.result,
            session_after=outcome.session_after,
            loop_line=self.loops[-1] if self.loops else None,
            after_denial=None,
            recorded_checks=tuple(check.number for check in checks),
            recorded_where=tuple(self.recorded.where(check) for check in checks),
            notes=tuple(dict.fromkeys(notes)),
        )
        return Value(outcome.result, origins=frozenset({call_node}))

    # --- results -----------------------------------------------------------------------

    def finished_calls(self) -> tuple[AnalysedCall, ...]:
        """The calls in program order; a call in a loop whose verdict changes from one
        pass to another depends on the iteration; calls after a denial are marked."""
        ordered = [self.calls[number] for number in sorted(self.calls)]
        finished: list[AnalysedCall] = []
        denied_line: int | None = None
        for original in ordered:
            call = original
            outcomes = self.outcomes_by_pass.get(call.number, set())
            if len(outcomes - {"depends"}) == 2 and call.prediction.outcome != "depends":
                verdicts = tuple(sorted(self.verdicts_by_pass[call.number], key=str))
                call = replace(
                    call,
                    prediction=Prediction(
                        "depends",
                        verdicts,
                        ("iteration",),
                        call.prediction.deciding,
                        call.prediction.explanation,
                    ),
                )
            if denied_line is not None:
                call = replace(call, after_denial=denied_line)
            elif call.prediction.outcome == "denied":
                denied_line = call.line
            finished.append(call)
        return tuple(finished)

    def variables(self) -> tuple[VariableFact, ...]:
        facts = []
        for name, value in self.state.env.items():
            facts.append(
                VariableFact(
                    name=name,
                    meta=value.meta,
                    computed=self.computed.get(name, value.meta),
                    recorded_in=value.recorded,
                    value_known=value.known,
                    value=value.constant if value.known else None,
                )
            )
        return tuple(facts)


def _argument(
    name: str,
    value: Value,
    recorded: list[dict[str, RecordedArgument]],
    checks: tuple[PolicyCheck, ...],
    run: RecordedRun,
) -> tuple[ArgumentFact, Argument]:
    """An argument's fact and the evaluator's argument, from what the program computed
    and what the matched history entries recorded."""
    entries = [found[name] for found in recorded if name in found]
    agreed = bool(entries) and len(entries) == len(recorded)
    recorded_value = agreed and all(_same(entry.value, entries[0].value) for entry in entries)
    recorded_meta = (
        entries[0].meta
        if agreed
        and entries[0].meta is not None
        and all(entry.meta == entries[0].meta for entry in entries)
        else None
    )
    where = ", ".join(run.where(check) for check in checks) or None
    value_source: ValueSource
    if value.known:
        origin: ValueSource = "recorded" if value.recorded is not None else "program"
        known, shown, value_source = True, value.constant, origin
    elif recorded_value:
        known, shown, value_source = True, entries[0].value, "recorded"
    else:
        known, shown, value_source = False, None, "unknown"
    meta_source: MetaSource
    if recorded_meta is not None:
        meta, meta_source, recorded_in = recorded_meta, "recorded", where
    elif value.recorded is not None:
        meta, meta_source, recorded_in = value.meta, "recorded", value.recorded
    else:
        meta, meta_source, recorded_in = value.meta, "computed", None
    if value_source == "recorded" and recorded_in is None:
        recorded_in = where
    fact = ArgumentFact(
        name,
        meta,
        meta_source,
        known,
        shown,
        value_source,
        recorded_in,
        tuple(sorted(value.origins)),
    )
    evaluated = shown if known else Unknown(name)
    return fact, Argument(evaluated, meta)


def _same(first: object, second: object) -> bool:
    return type(first) is type(second) and first == second


def _element_of(container: Value) -> Value:
    """An element of `container`, position unknown: it carries the container's
    metadata (read whole, see `propagation`), its value is not known."""
    return Value(container.meta, origins=container.origins)


def _as_load(target: ast.expr) -> ast.expr:
    if isinstance(target, ast.Name):
        return ast.Name(id=target.id, ctx=ast.Load())
    return target


def _is_try_star(node: ast.AST) -> bool:
    return type(node).__name__ == "TryStar"


def _hashable(key: object) -> bool:
    try:
        hash(key)
    except TypeError:
        return False
    return True


_NO_VALUE = object()


def _safely(compute: Callable[[], object]) -> object:
    """`compute()`, or `_NO_VALUE` when it fails: a value the analysis cannot work out
    is simply not known."""
    try:
        return compute()
    except Exception:  # any failure means "not known"
        return _NO_VALUE


def _compare(ops: list[ast.cmpop], parts: list[Value]) -> object:
    values = [part.constant for part in parts]
    return all(
        compare(op, left, right) for op, left, right in zip(ops, values, values[1:], strict=False)
    )


def _boolean(kind: str, values: list[object]) -> object:
    result = values[0]
    for value in values[1:]:
        if kind == "and" and not result:
            return result
        if kind == "or" and result:
            return result
        result = value
    return result


def _index(container: object, index: object) -> object:
    if isinstance(container, dict):
        return container[index]
    if isinstance(container, list | tuple | str) and type(index) is int:
        return container[index]
    raise ValueError("not computed")
