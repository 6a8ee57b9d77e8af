"""A first pass over the program: which names it binds, and which calls are tool calls.

The planner calls tools by name (`send_email(to=...)`) and otherwise uses Python's
built-ins and methods. A called name is a tool unless it is a built-in or a name the
program binds itself (an import, a `def`, an assignment); with tool definitions
(`--tools`), the names they define are tools whatever else holds.
"""

from __future__ import annotations

import ast
import builtins
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from sqrt_tools.analysis.propagation import MUTATING_METHODS
from sqrt_tools.analysis.recorded import CallSite

BUILTIN_NAMES = frozenset(dir(builtins))
# [doc] The service's own tools, called like any other tool and checked by policies.
INTERNAL_TOOLS = frozenset({"parse_with_ai", "verify_hypothesis", "set_policy", "complete_turn"})
_LOOPS = (
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


@dataclass(frozen=True, slots=True)
class ProgramFacts:
    bound: frozenset[str]  # every name the program binds
    bindings: Counter[str]  # statements that bind or change each name
    looped: frozenset[str]  # names bound or changed inside a loop
    sites: tuple[CallSite, ...]  # tool calls, in the order they run
    site_numbers: dict[int, int]  # id(call node) -> 1-based number in that order


def tool_name(call: ast.Call, bound: Collection[str], tools: Collection[str] | None) -> str | None:
    """The tool `call` calls, or None when it calls a built-in, a method or a function
    of the program's own."""
    if not isinstance(call.func, ast.Name):
        return None
    name = call.func.id
    if name in INTERNAL_TOOLS or (tools is not None and name in tools):
        return name
    if name in BUILTIN_NAMES or name in bound:
        return None
    return name


def program_facts(tree: ast.Module, tools: Collection[str] | None) -> ProgramFacts:
    counter = _Bindings()
    counter.visit(tree)
    bound = frozenset(counter.bindings)
    sites = _Sites(bound, tools)
    sites.visit(tree)
    numbers = {site.key: number for number, site in enumerate(sites.found, start=1)}
    return ProgramFacts(
        bound, counter.bindings, frozenset(counter.looped), tuple(sites.found), numbers
    )


class _Bindings(ast.NodeVisitor):
    def __init__(self) -> None:
        self.bindings: Counter[str] = Counter()
        self.looped: set[str] = set()
        self.depth = 0

    def _bind(self, name: str) -> None:
        self.bindings[name] += 1
        if self.depth:
            self.looped.add(name)

    def _target(self, target: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self._bind(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._target(element)
        elif isinstance(target, ast.Starred):
            self._target(target.value)
        elif isinstance(target, ast.Subscript | ast.Attribute):
            base: ast.AST = target
            while isinstance(base, ast.Subscript | ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name):
                self._bind(base.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._target(target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        self.depth += 1
        self._target(node.target)
        self.generic_visit(node)
        self.depth -= 1

    def visit_While(self, node: ast.While) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self.generic_visit(node)  # its targets are local to the comprehension

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._bind((alias.asname or alias.name).split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            self._bind(alias.asname or alias.name)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._bind(node.name)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._bind(node.name)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._bind(node.name)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self._bind(node.name)
        self.generic_visit(node)

    def visit_withitem(self, node: ast.withitem) -> None:
        if node.optional_vars is not None:
            self._target(node.optional_vars)
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        call = node.value
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in MUTATING_METHODS
        ):
            self._target(call.func.value)  # `x.append(y)` changes x
        self.generic_visit(node)


class _Sites(ast.NodeVisitor):
    """Tool calls in the order they run: arguments before the call that takes them."""

    def __init__(self, bound: frozenset[str], tools: Collection[str] | None) -> None:
        self.bound = bound
        self.tools = tools
        self.found: list[CallSite] = []
        self.loops = 0

    def generic_visit(self, node: ast.AST) -> None:
        looping = isinstance(node, _LOOPS)
        self.loops += looping
        super().generic_visit(node)
        self.loops -= looping
        if isinstance(node, ast.Call):
            tool = tool_name(node, self.bound, self.tools)
            if tool is not None:
                self.found.append(CallSite(id(node), tool, self.loops > 0))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        return None  # a function's body runs only when it is called: outside the subset

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        return None

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        return None

    def visit_Lambda(self, node: ast.Lambda) -> None:
        return None
