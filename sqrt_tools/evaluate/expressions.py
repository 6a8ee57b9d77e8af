"""Compile predicates and set expressions into closures with explanations.

Names and contexts come from the semantic model (`sqrt_tools.semantics`): which `let`
a name means, what kind it binds, what `@tags` means and whether `@result` exists in
the place an expression runs. A `let` is compiled where it is used, once per kind of
place, since `@tags` in it means the subject of the block that uses it.

Chains of one operator (`a or b or c`, `x | y | z`) and parentheses are flattened
iteratively, constant set expressions are folded, and any other nesting is bounded
(`decisions.MAX_NESTING`), so neither compiling nor running can exhaust the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from functools import partial
from operator import attrgetter
from typing import Literal

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.compiled import AllOf, AnyOf, Atom, Negation, Pred, SetExpr
from sqrt_tools.evaluate.elements import DOMAIN_NODES, ElementCompiler
from sqrt_tools.evaluate.errors import CompileError, SourceText
from sqrt_tools.evaluate.model import Argument, Meta
from sqrt_tools.evaluate.runtime import Env, as_metadata, contains_value, membership
from sqrt_tools.evaluate.show import show_set, show_value
from sqrt_tools.semantics import Context, Kind, Reference, SemanticModel
from sqrt_tools.sets import EMPTY, UNIVERSAL, ElementSet
from sqrt_tools.syntax import ast

ACCESSOR_NODES = (
    ast.ArgMeta,
    ast.ResultMeta,
    ast.SessionMeta,
    ast.SubjectMeta,
    ast.ArgsMeta,
    ast.Aggregation,
)

_LITERALS = (ast.StringLiteral, ast.NumberLiteral, ast.BoolLiteral)

SetCombine = Callable[[ElementSet, ElementSet], ElementSet]
COMBINE: dict[str, SetCombine] = {
    "union": ElementSet.union,
    "intersect": ElementSet.intersect,
    "minus": ElementSet.minus,
    "xor": ElementSet.xor,
}
_COMPARE: dict[str, Callable[[ElementSet, ElementSet], bool]] = {
    "overlaps": ElementSet.overlaps,
    "subset of": ElementSet.is_subset,
    "superset of": ElementSet.is_superset,
    "==": ElementSet.__eq__,
}
_COMPARE_WORDS: dict[str, tuple[str, str]] = {  # (when false, when true)
    "overlaps": ("does not overlap", "overlaps"),
    "subset of": ("is not a subset of", "is a subset of"),
    "superset of": ("is not a superset of", "is a superset of"),
    "==": ("does not equal", "equals"),
}

ValueGetter = Callable[[Env], Argument]
ValueShower = Callable[[Argument], str]


def strip_groups(node: ast.Node) -> ast.Node:
    while isinstance(node, ast.Group):
        node = node.inner
    return node


class ExpressionCompiler:
    def __init__(
        self,
        model: SemanticModel,
        text: SourceText,
        *,
        optimize: bool = True,
        path: str = "<policy>",
    ) -> None:
        self.model = model
        self.text = text
        self.optimize = optimize  # False: the straightforward closures (see `Compiler`)
        self.elements = ElementCompiler(text, path)
        self._references: dict[int, Reference] = {id(r.node): r for r in model.references}
        self._lets: dict[tuple[int, str, str | None, bool], Pred | SetExpr] = {}

    # --- nesting --------------------------------------------------------------------

    def _deep(self, node: ast.Node, depth: int) -> None:
        if depth > decisions.MAX_NESTING:
            raise CompileError(
                node.span,
                f"expression nested more than {decisions.MAX_NESTING} levels deep: too deep "
                "to evaluate; name parts of it with `let`",
            )

    # --- names ----------------------------------------------------------------------

    def _let(
        self, node: ast.NameRef, context: Context, depth: int, want: Literal["predicate", "set"]
    ) -> Pred | SetExpr:
        reference = self._references.get(id(node))
        symbol = None if reference is None else reference.symbol
        if reference is None or symbol is None:
            raise CompileError(
                node.span, f"`{node.name}` is not defined: add `let {node.name} = ...;`"
            )
        declaration = symbol.decl
        if reference.before_definition:
            raise CompileError(
                node.span,
                f"`{node.name}` is used before it is defined (its `let` is on line "
                f"{declaration.span.line}); move the `let` above its first use",
            )
        kind = self.model.kind_of(declaration.value)
        domain_as_set = (
            want == "set" and kind is Kind.DOMAIN and decisions.DOMAIN_AS_ONE_ELEMENT_SET
        )
        if kind is not Kind.UNKNOWN and kind.value != want and not domain_as_set:
            raise CompileError(
                node.span,
                f"`{node.name}` is {_article(kind)} (line {declaration.span.line}), "
                f"but a {want} is needed here",
            )
        key = (id(declaration), want, context.subject, context.result_available)
        compiled = self._lets.get(key)
        if compiled is None:
            if want == "predicate":
                compiled = self.predicate(declaration.value, context, depth + 1)
            else:
                compiled = self.set_expr(declaration.value, context, depth + 1)
            self._lets[key] = compiled
        return compiled

    # --- predicates -----------------------------------------------------------------

    def predicate(self, expr: ast.Node, context: Context, depth: int) -> Pred:
        self._deep(expr, depth)
        node = strip_groups(expr)
        if isinstance(node, ast.BoolOp):
            parts = tuple(self.predicate(part, context, depth + 1) for part in _chain(node))
            pred: Pred = AllOf(parts) if node.op == "and" else AnyOf(parts)
            self._deep(node, pred.height)
            return pred
        if isinstance(node, ast.Not):
            negated = False
            inner: ast.Node = node
            while isinstance(inner, ast.Not):
                negated = not negated
                inner = strip_groups(inner.operand)
            compiled = self.predicate(inner, context, depth + 1)
            if not negated:
                return compiled
            self._deep(node, compiled.height + 1)
            return Negation(compiled)
        if isinstance(node, ast.NameRef):
            value = self._let(node, context, depth, "predicate")
            assert isinstance(value, Pred)
            return value
        if isinstance(node, ast.SetComparison):
            return self._set_comparison(node, context, depth)
        if isinstance(node, ast.SetTest):
            return self._set_test(node, context, depth)
        if isinstance(node, ast.ValueIn):
            return self._value_in(node, context, depth)
        if isinstance(node, ast.ValueEquals):
            return self._value_equals(node)
        raise CompileError(
            node.span, f"expected a predicate, found {_article(self.model.kind_of(node))}"
        )

    def _set_comparison(self, node: ast.SetComparison, context: Context, depth: int) -> Atom:
        left = self.set_expr(node.left, context, depth + 1)
        right = self.set_expr(node.right, context, depth + 1)
        compare = _COMPARE[node.op]
        left_value = left.value
        finite = right.constant is not None and not right.constant.cofinite
        if self.optimize and finite and node.op == "overlaps":
            assert right.constant is not None
            test = self._overlaps_names(node.left, left_value, as_metadata(right.constant))
        elif right.constant is not None and isinstance(node.left, ast.ArgMeta):
            # The most common check (`body.tags overlaps {...}`), with two calls less.
            constant = as_metadata(right.constant)
            name = node.left.arg.text
            absent = decisions.ABSENT_ARGUMENT
            pick: Callable[[Meta], ElementSet] = attrgetter(node.left.field)

            def test(env: Env) -> bool:
                return compare(pick(env.args.get(name, absent).meta), constant)

        elif right.constant is not None:
            constant = as_metadata(right.constant)

            def test(env: Env) -> bool:
                return compare(left_value(env), constant)

        else:
            right_value = right.value

            def test(env: Env) -> bool:
                return compare(left_value(env), as_metadata(right_value(env)))

        words = _COMPARE_WORDS[node.op]

        def describe(env: Env, truth: bool) -> str:
            return f"{_shown(left, env)} {words[truth]} {_shown(right, env)}"

        # The right side is compared as metadata names (`as_metadata`), the left as it is.
        right_key = _key("as metadata", right.key)
        return Atom(test, describe, _key("compare", node.op, left.key, right_key))

    def _overlaps_names(
        self, left: ast.Node, left_value: Callable[[Env], ElementSet], constant: ElementSet
    ) -> Callable[[Env], bool]:
        """`LEFT overlaps {...}` for a finite set: the most common check, with
        `ElementSet.overlaps` inline and, where it can be, the left side read inline."""
        names = constant.elements
        disjoint = names.isdisjoint
        if isinstance(left, ast.ArgMeta):
            name = left.arg.text
            absent = decisions.ABSENT_ARGUMENT
            pick: Callable[[Meta], ElementSet] = attrgetter(left.field)

            def argument_overlaps(env: Env) -> bool:
                found = pick(env.args.get(name, absent).meta)
                # A co-finite set overlaps a finite one unless it excludes all of it.
                if found.cofinite:
                    return not names <= found.elements
                return not disjoint(found.elements)

            return argument_overlaps
        if isinstance(left, ast.ArgsMeta | ast.Aggregation):
            key = _memo_key(left)

            def aggregate_overlaps(env: Env) -> bool:
                found = env.memo.get(key)  # what `left_value` would return, if known
                if found is None:
                    found = left_value(env)
                if found.cofinite:
                    return not names <= found.elements
                return not disjoint(found.elements)

            return aggregate_overlaps

        def overlaps(env: Env) -> bool:
            found = left_value(env)
            if found.cofinite:
                return not names <= found.elements
            return not disjoint(found.elements)

        return overlaps

    def _set_test(self, node: ast.SetTest, context: Context, depth: int) -> Atom:
        operand = self.set_expr(node.operand, context, depth + 1)
        value = operand.value
        name = node.test

        if name == "empty":

            def test(env: Env) -> bool:
                return value(env).is_empty

        else:

            def test(env: Env) -> bool:
                return value(env).is_universal

        def describe(env: Env, truth: bool) -> str:
            return f"{_shown(operand, env)} is {'' if truth else 'not '}{name}"

        return Atom(test, describe, _key("set test", name, operand.key))

    def _value_in(self, node: ast.ValueIn, context: Context, depth: int) -> Atom:
        operand, show_operand, operand_key = self._value_operand(node.operand)
        elements = self.set_expr(node.set, context, depth + 1)
        if elements.constant is not None and isinstance(node.operand, ast.ArgValue):
            # The most common check (`path.value in allowed`), with one call less.
            contains = membership(elements.constant, fast=self.optimize)
            name = node.operand.arg.text
            absent = decisions.ABSENT_ARGUMENT

            def test(env: Env) -> bool:
                argument = env.args.get(name, absent)
                return argument.present and contains(argument.value)

        elif elements.constant is not None:
            contains = membership(elements.constant, fast=self.optimize)

            def test(env: Env) -> bool:
                argument = operand(env)
                return argument.present and contains(argument.value)

        elif isinstance(node.operand, _LITERALS) and self.optimize:
            # `"step1" in @session.tags`: a literal is always present.
            compute = elements.value
            value = node.operand.value

            def test(env: Env) -> bool:
                return contains_value(compute(env), value)

        else:
            compute = elements.value

            def test(env: Env) -> bool:
                argument = operand(env)
                return argument.present and contains_value(compute(env), argument.value)

        def describe(env: Env, truth: bool) -> str:
            argument = operand(env)
            if not argument.present:
                return show_operand(argument)
            inside = "is in" if truth else "is not in"
            return f"{show_operand(argument)} {inside} {_shown(elements, env)}"

        # Equal sets hold the same values: pattern elements are equal by what they mean.
        return Atom(test, describe, _key("in", operand_key, elements.key))

    def _value_equals(self, node: ast.ValueEquals) -> Atom:
        left, show_left, left_key = self._value_operand(node.left)
        right, show_right, right_key = self._value_operand(node.right)
        datetimes = any(
            isinstance(side, ast.StringLiteral) and side.kind == "d"
            for side in (node.left, node.right)
        )
        equal = decisions.instants_equal if datetimes else decisions.values_equal
        literal = node.right if isinstance(node.right, _LITERALS) else None
        if isinstance(node.left, ast.ArgValue) and literal is not None and self.optimize:
            name = node.left.arg.text
            absent = decisions.ABSENT_ARGUMENT
            equals_literal = (
                partial(decisions.instants_equal, right=literal.value)
                if datetimes
                else decisions.equal_to(literal.value)
            )

            def test(env: Env) -> bool:
                argument = env.args.get(name, absent)
                return argument.present and equals_literal(argument.value)

        elif isinstance(node.left, ast.ArgValue) and literal is not None:
            # `x.value == "literal"`, with two calls less.
            name = node.left.arg.text
            absent = decisions.ABSENT_ARGUMENT
            constant = literal.value

            def test(env: Env) -> bool:
                argument = env.args.get(name, absent)
                return argument.present and equal(argument.value, constant)

        else:

            def test(env: Env) -> bool:
                first, second = left(env), right(env)
                return first.present and second.present and equal(first.value, second.value)

        def describe(env: Env, truth: bool) -> str:
            first, second = left(env), right(env)
            if not first.present:
                return show_left(first)
            if not second.present:
                return show_right(second)
            verb = "equals" if truth else "does not equal"
            return f"{show_left(first)} {verb} {show_right(second)}"

        return Atom(test, describe, _key("equals", datetimes, left_key, right_key))

    def _value_operand(self, node: ast.Node) -> tuple[ValueGetter, ValueShower, Hashable]:
        """The operand's getter, how it is shown, and its key (see `Atom.key`)."""
        if isinstance(node, ast.ArgValue):
            name = node.arg.text
            absent = decisions.ABSENT_ARGUMENT

            def argument(env: Env) -> Argument:
                return env.args.get(name, absent)

            return argument, _shower(f"{name}.value"), ("argument", name)
        if isinstance(node, ast.ResultValue):
            before = decisions.RESULT_BEFORE_CALL

            def result(env: Env) -> Argument:
                return env.result or before

            return result, _shower("@result.value"), ("result",)
        if isinstance(node, ast.SessionValue):
            session = decisions.SESSION_VALUE
            return (lambda env: session), _shower("@session.value"), ("session",)
        if isinstance(node, _LITERALS):
            constant = Argument(node.value)
            # By type too: `1` and `true` are equal in Python, not in a policy.
            key = ("literal", type(node.value), node.value)
            return (lambda env: constant), lambda argument: show_value(argument.value), key
        raise CompileError(node.span, "expected a value")

    # --- sets -----------------------------------------------------------------------

    def set_expr(self, expr: ast.Node, context: Context, depth: int) -> SetExpr:
        self._deep(expr, depth)
        node = strip_groups(expr)
        text = self.text(node)
        if isinstance(node, ast.SetOp):
            # A left-deep chain of one operator folds from the left, without nesting.
            operands: list[ast.Node] = []
            current: ast.Node = node
            while isinstance(current, ast.SetOp) and current.op == node.op:
                operands.append(current.right)
                current = strip_groups(current.left)
            operands.append(current)
            operands.reverse()
            parts = [self.set_expr(part, context, depth + 1) for part in operands]
            return self._fold(node, text, parts, [COMBINE[node.op]] * (len(parts) - 1))
        if isinstance(node, ast.WithElement):
            steps: list[tuple[str, Hashable]] = []
            current = node
            while isinstance(current, ast.WithElement):
                steps.append((current.op, self.elements.element(current.element)))
                current = strip_groups(current.set)
            steps.reverse()
            base = self.set_expr(current, context, depth + 1)
            singles = [_constant_set(ElementSet((element,)), text) for _, element in steps]
            combines = [ElementSet.union if op == "with" else ElementSet.minus for op, _ in steps]
            return self._fold(node, text, [base, *singles], combines)
        if isinstance(node, ast.SetLiteral):
            elements = [self.elements.element(element) for element in node.elements]
            strings = [element for element in elements if isinstance(element, str)]
            if decisions.universal_mark(strings):
                return _constant_set(UNIVERSAL, text)  # [doc] `{"*"}` is the universal set
            return _constant_set(ElementSet(elements) if elements else EMPTY, text)
        if isinstance(node, ACCESSOR_NODES):
            accessor, key = self._accessor(node, context)
            return SetExpr(accessor, text, 1, shown_with_value=True, key=key)
        if isinstance(node, ast.NameRef):
            value = self._let(node, context, depth, "set")
            assert isinstance(value, SetExpr)
            return replace(value, text=text, shown_with_value=False)
        if isinstance(node, DOMAIN_NODES) and decisions.DOMAIN_AS_ONE_ELEMENT_SET:
            return _constant_set(ElementSet((self.elements.domain(node),)), text)
        raise CompileError(node.span, f"expected a set, found {_article(self.model.kind_of(node))}")

    def _fold(
        self, node: ast.Node, text: str, parts: list[SetExpr], combines: Sequence[SetCombine]
    ) -> SetExpr:
        """`parts[0] combines[0] parts[1] combines[1] ...`, folded from the left."""
        constants = [part.constant for part in parts]
        if all(constant is not None for constant in constants):
            result = constants[0]
            for combine, constant in zip(combines, constants[1:], strict=True):
                assert result is not None and constant is not None
                result = combine(result, constant)
            assert result is not None
            return _constant_set(result, text)
        height = 1 + max(part.height for part in parts)
        self._deep(node, height)
        first = parts[0].value
        rest = tuple(zip(combines, (part.value for part in parts[1:]), strict=True))

        def value(env: Env) -> ElementSet:
            accumulated = first(env)
            for combine, part in rest:
                accumulated = combine(accumulated, part(env))
            return accumulated

        key = _key("fold", tuple(combines), *(part.key for part in parts))
        return SetExpr(value, text, height, key=key)

    def _accessor(
        self, node: ast.Node, context: Context
    ) -> tuple[Callable[[Env], ElementSet], Hashable]:
        """The accessor's value, and its key (see `Atom.key`)."""
        assert isinstance(node, ACCESSOR_NODES)
        field = node.field
        pick: Callable[[Meta], ElementSet] = attrgetter(field)
        whose = self.meta_owner(node, context)
        if whose == "result":
            before = decisions.RESULT_BEFORE_CALL
            return (lambda env: pick((env.result or before).meta)), ("result", field)
        if whose == "session":
            return (lambda env: pick(env.session)), ("session", field)
        if isinstance(node, ast.ArgMeta):
            name = node.arg.text
            absent = decisions.ABSENT_ARGUMENT
            return (lambda env: pick(env.args.get(name, absent).meta)), ("argument", name, field)
        assert isinstance(node, ast.ArgsMeta | ast.Aggregation)
        intersect = node.aggregate == "intersect"
        nothing = decisions.aggregate_of_no_arguments("intersect" if intersect else "union")
        key = _memo_key(node)

        def over_arguments(env: Env) -> ElementSet:
            known = env.memo.get(key)
            if known is None:
                sets = [pick(a.meta) for a in env.args.values() if a.present]
                known = aggregate(sets, intersect=intersect) if sets else nothing
                env.memo[key] = known
            return known

        return over_arguments, ("arguments", field, intersect)

    def meta_owner(self, node: ast.Node, context: Context) -> str | None:
        """`result` or `session` for metadata of the result or the session (`@FIELD`
        as the semantic model says for `context`), else None (arguments)."""
        if isinstance(node, ast.SubjectMeta):
            if context.subject is None:
                raise CompileError(
                    node.span,
                    f"`@{node.field}` has no subject in a {context.place}: write "
                    f"`@session.{node.field}` or an argument's `ARG.{node.field}`",
                )
            return context.subject
        if isinstance(node, ast.ResultMeta):
            return "result"
        if isinstance(node, ast.SessionMeta):
            return "session"
        return None


# --- helpers -------------------------------------------------------------------------


def aggregate(sets: list[ElementSet], *, intersect: bool) -> ElementSet:
    """The union or intersection of one or more sets, finite ones in one step."""
    if not any(one.cofinite for one in sets):
        elements = [one.elements for one in sets]
        if intersect:
            return ElementSet(frozenset.intersection(*elements))
        return ElementSet(frozenset().union(*elements))
    combine = ElementSet.intersect if intersect else ElementSet.union
    result = sets[0]
    for one in sets[1:]:
        result = combine(result, one)
    return result


def _memo_key(node: ast.ArgsMeta | ast.Aggregation) -> tuple[str, bool]:
    """Where `Env.memo` keeps the aggregate `node` reads."""
    return (node.field, node.aggregate == "intersect")


def _chain(node: ast.BoolOp) -> list[ast.Node]:
    """The operands of a chain of one boolean operator, in source order, iteratively."""
    parts: list[ast.Node] = []
    stack: list[ast.Node] = [node]
    while stack:
        current = strip_groups(stack.pop())
        if isinstance(current, ast.BoolOp) and current.op == node.op:
            stack.append(current.right)
            stack.append(current.left)
        else:
            parts.append(current)
    return parts


def _constant_set(value: ElementSet, text: str) -> SetExpr:
    return SetExpr(lambda env: value, text, 1, value, key=_constant_key(value))


def _constant_key(value: ElementSet) -> Hashable:
    # Pattern elements are equal by what they mean, but read as metadata a pattern is
    # its text (`{3}` holds the name "3", `{3.0}` the name "3.0", though the two sets
    # are equal), so the names are part of the key. The elements go in the order a
    # membership test tries them, so that even which pattern is tried first (and may
    # raise, as a number too large for a float does) is the same for equal keys.
    return ("constant", value.cofinite, tuple(value.elements), as_metadata(value))


def _key(*parts: Hashable) -> Hashable:
    """A structural key from its parts, or None (unknown) when any part is unknown."""
    return None if any(part is None for part in parts) else parts


def _shown(expr: SetExpr, env: Env) -> str:
    value = show_set(expr.value(env))
    return f"{expr.text} = {value}" if expr.shown_with_value else value


def _shower(text: str) -> ValueShower:
    def show(argument: Argument) -> str:
        if not argument.present:
            return f"{text} is missing"
        return f"{text} = {show_value(argument.value)}"

    return show


def _article(kind: Kind) -> str:
    if kind is Kind.UNKNOWN:
        return "an expression of unknown kind"
    return f"a {kind.value}"
