"""The semantic model of a program: names, kinds, contexts, tools.

`analyze(program)` builds it with one shared walk (`walk.traverse`). It answers what
the linter and the language server need to know beyond the syntax:

- every `let` name: where it is defined, whether it is defined twice, every use, and
  whether a use comes before the definition;
- the kind of each expression (predicate, set, value domain, value) and what each
  position expects;
- the context of each node (which tool, which block) and what `@result` and `@tags`
  mean there, also through `let`s (a `let` that reads `@result` used in a check);
- the tool policies: their ids, priorities, check rules and the argument names they use.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TypeVar

from sqrt_tools.semantics.context import Context, Place
from sqrt_tools.semantics.kinds import SYNTACTIC_KIND, Expect, Kind, accepts
from sqrt_tools.semantics.static_sets import evaluate
from sqrt_tools.semantics.walk import Traversal, traverse
from sqrt_tools.sets import ElementSet
from sqrt_tools.syntax import ast

N = TypeVar("N", bound=ast.Node)


@dataclass(frozen=True, slots=True, eq=False)
class LetSymbol:
    """One `let` declaration. `first` is the earlier declaration of the same name, if any."""

    name: str
    decl: ast.LetDecl
    first: LetSymbol | None = None

    @property
    def is_duplicate(self) -> bool:
        return self.first is not None


@dataclass(frozen=True, slots=True)
class Reference:
    """One use of a bare name.

    `symbol` is the binding it resolves to (the first declaration of the name), None
    when the name is not defined anywhere. `before_definition` is true when the only
    definition ends after the use.
    """

    node: ast.NameRef
    context: Context
    expect: Expect
    symbol: LetSymbol | None
    before_definition: bool


@dataclass(frozen=True, slots=True)
class Access:
    """A context-sensitive node (`@result...`, `@tags`) reached from a `let`.

    `via` lists the `let`s followed from the one asked about to the one holding `node`.
    """

    node: ast.Node
    via: tuple[LetSymbol, ...]


@dataclass(frozen=True, slots=True, eq=False)
class ToolScope:
    """A tool policy (block or shorthand) with what applies to it."""

    policy: ast.ToolPolicy | ast.ToolShorthand
    context: Context
    priority: int | float
    check_rules: tuple[ast.CheckRule, ...]

    @property
    def tool_id(self) -> ast.StringLiteral:
        return self.policy.tool_id

    @property
    def is_regex(self) -> bool:
        return self.policy.tool_id.kind == "r"

    @property
    def key(self) -> tuple[bool, str]:
        """Two policies with the same key apply to exactly the same tools."""
        return (self.is_regex, self.policy.tool_id.value)


_RESULT_NODES = (ast.ResultMeta, ast.ResultValue)


@dataclass(slots=True)
class SemanticModel:
    """Names, kinds, contexts and tools of one program. Build it with `analyze`."""

    program: ast.Program
    lets: dict[str, LetSymbol]  # name -> its first (binding) declaration
    let_symbols: list[LetSymbol]  # every declaration, in source order
    references: list[Reference]
    tools: list[ToolScope]
    _traversal: Traversal
    _symbol_of: dict[int, LetSymbol]
    _kinds: dict[str, Kind] = field(default_factory=dict)
    _static: dict[str, ElementSet | None] | None = None
    _result_access: dict[str, Access] | None = None
    _subject_access: dict[str, Access] | None = None
    _uses: dict[str, list[Reference]] | None = None

    # --- nodes ------------------------------------------------------------------------

    def nodes_of(self, cls: type[N]) -> list[tuple[N, Context]]:
        """Every node of exactly type `cls`, in source order, with its context."""
        return self._traversal.nodes.get(cls, [])  # type: ignore[return-value]

    # --- names ------------------------------------------------------------------------

    def symbol_of(self, decl: ast.LetDecl) -> LetSymbol:
        return self._symbol_of[id(decl)]

    def uses(self, name: str) -> list[Reference]:
        """Every reference to the binding of `name`."""
        if self._uses is None:
            uses: dict[str, list[Reference]] = {}
            for reference in self.references:
                if reference.symbol is not None:
                    uses.setdefault(reference.symbol.name, []).append(reference)
            self._uses = uses
        return self._uses.get(name, [])

    # --- kinds ------------------------------------------------------------------------

    def kind_of(self, expr: ast.Node) -> Kind:
        """The kind of `expr`; a name has the kind of what its `let` binds."""
        seen: set[str] = set()
        node = expr
        while True:
            if isinstance(node, ast.Group):
                node = node.inner
                continue
            if isinstance(node, ast.NameRef):
                name = node.name
                known = self._kinds.get(name)
                if known is not None:
                    return self._remember(seen, known)
                symbol = self.lets.get(name)
                if symbol is None or name in seen:
                    return self._remember(seen, Kind.UNKNOWN)
                seen.add(name)
                node = symbol.decl.value
                continue
            return self._remember(seen, SYNTACTIC_KIND.get(type(node), Kind.UNKNOWN))

    def _remember(self, names: set[str], kind: Kind) -> Kind:
        for name in names:
            self._kinds[name] = kind
        return kind

    def let_kind(self, symbol: LetSymbol) -> Kind:
        return self.kind_of(symbol.decl.value)

    def mismatched(self, reference: Reference) -> Kind | None:
        """The kind of a reference that its position does not accept, else None."""
        if reference.symbol is None:
            return None
        kind = self.kind_of(reference.node)
        return None if accepts(reference.expect, kind) else kind

    # --- static set values ------------------------------------------------------------

    def static_set(self, expr: ast.Node) -> ElementSet | None:
        """The value of a set expression when its text decides it, else None."""
        return evaluate(expr, self._static_let)

    def _static_let(self, name: str) -> ElementSet | None:
        if self._static is None:
            # Evaluated in source order, so a `let` only sees the ones defined before
            # it (a forward reference is an error and has no static value).
            values: dict[str, ElementSet | None] = {}
            self._static = values
            for symbol in self.let_symbols:
                if not symbol.is_duplicate and self.let_kind(symbol) is Kind.SET:
                    values[symbol.name] = evaluate(symbol.decl.value, values.get)
        return self._static.get(name)

    # --- context through lets ---------------------------------------------------------

    def result_access(self, symbol: LetSymbol) -> Access | None:
        """An `@result` that `symbol`'s value reads, directly or through other lets."""
        if self._result_access is None:
            self._result_access = self._propagate(_RESULT_NODES)
        return self._result_access.get(symbol.name)

    def subject_access(self, symbol: LetSymbol) -> Access | None:
        """An `@tags`/`@producers`/`@consumers` that `symbol`'s value reads."""
        if self._subject_access is None:
            self._subject_access = self._propagate((ast.SubjectMeta,))
        return self._subject_access.get(symbol.name)

    def _propagate(self, types: tuple[type[ast.Node], ...]) -> dict[str, Access]:
        """For each let, one node of `types` it reaches, found breadth first."""
        found: dict[str, Access] = {}
        queue: deque[str] = deque()
        for cls in types:
            for node, context in self.nodes_of(cls):
                if context.place is Place.LET and context.let is not None:
                    symbol = self.symbol_of(context.let)
                    if not symbol.is_duplicate and symbol.name not in found:
                        found[symbol.name] = Access(node, (symbol,))
                        queue.append(symbol.name)
        users: dict[str, list[LetSymbol]] = {}
        for reference in self.references:
            let = reference.context.let
            if reference.symbol is not None and let is not None:
                users.setdefault(reference.symbol.name, []).append(self.symbol_of(let))
        while queue:
            name = queue.popleft()
            access = found[name]
            for user in users.get(name, ()):
                if not user.is_duplicate and user.name not in found:
                    found[user.name] = Access(access.node, (user, *access.via))
                    queue.append(user.name)
        return found

    # --- tools ------------------------------------------------------------------------

    def arguments(self, tool: ToolScope) -> frozenset[str]:
        """The argument names a policy uses, directly or through the lets it uses.

        Argument names refer to the parameters of the tool being called, so the same
        `let` can read `to.value` for one tool and mean another tool's `to` elsewhere.
        """
        direct: dict[int, set[str]] = {}
        for cls in (ast.ArgMeta, ast.ArgValue):
            for node, context in self.nodes_of(cls):
                owner = context.policy or context.let
                if owner is not None:
                    direct.setdefault(id(owner), set()).add(node.arg.text)  # type: ignore[attr-defined]
        names = set(direct.get(id(tool.policy), ()))
        pending = [r.symbol for r in self.references if r.context.policy is tool.policy]
        seen: set[str] = set()
        while pending:
            symbol = pending.pop()
            if symbol is None or symbol.name in seen:
                continue
            seen.add(symbol.name)
            names |= direct.get(id(symbol.decl), set())
            pending.extend(r.symbol for r in self.references if r.context.let is symbol.decl)
        return frozenset(names)


def analyze(program: ast.Program) -> SemanticModel:
    """Build the semantic model of `program` (one walk plus name resolution)."""
    traversal = traverse(program)
    lets: dict[str, LetSymbol] = {}
    let_symbols: list[LetSymbol] = []
    symbol_of: dict[int, LetSymbol] = {}
    for decl in traversal.lets:
        name = decl.name.text
        symbol = LetSymbol(name, decl, lets.get(name))
        lets.setdefault(name, symbol)
        let_symbols.append(symbol)
        symbol_of[id(decl)] = symbol
    references = [_resolve(raw.node, raw.context, raw.expect, lets) for raw in traversal.references]
    tools = [_tool_scope(policy, context) for policy, context in traversal.policies]
    return SemanticModel(program, lets, let_symbols, references, tools, traversal, symbol_of)


def _resolve(
    node: ast.NameRef, context: Context, expect: Expect, lets: dict[str, LetSymbol]
) -> Reference:
    symbol = lets.get(node.name)
    # [ours] Names must be bound before use: a use inside its own `let`, or before it,
    # is a forward reference, whatever order the service might accept.
    before = symbol is not None and symbol.decl.span.end > node.span.start
    return Reference(node, context, expect, symbol, before)


def _tool_scope(policy: ast.ToolPolicy | ast.ToolShorthand, context: Context) -> ToolScope:
    # [doc] The default priority is 0. [ours] When a block sets it twice, the last wins.
    priority: int | float = 0
    rules: list[ast.CheckRule] = []
    if isinstance(policy, ast.ToolShorthand):
        if policy.priority is not None:
            priority = policy.priority.value
    else:
        for member in policy.members:
            if isinstance(member, ast.Priority):
                priority = member.value.value
            elif isinstance(member, ast.CheckRule):
                rules.append(member)
    return ToolScope(policy, context, priority, tuple(rules))
