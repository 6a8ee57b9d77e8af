"""Compile a parsed program into the runnable policies of `compiled.py`.

Compiling does once what deciding a call would otherwise repeat: regexes, wildcards and
datetimes are parsed, constant sets folded, names resolved (by the semantic model).
What cannot be compiled (an invalid regex or datetime, an undefined name, a set where a
predicate belongs, `@tags` in a check rule) is a located error; every error of the
program is collected, not only the first.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.bounded_regex import BoundedPattern
from sqrt_tools.evaluate.compiled import (
    AllOf,
    AnyOf,
    Atom,
    CompiledPolicy,
    CompiledRule,
    Negation,
    Pred,
    Step,
    Test,
    all_of,
    always,
    any_of,
    negation,
    pair,
)
from sqrt_tools.evaluate.errors import (
    EVALUATION_ERROR_CODE,
    EVALUATION_ERROR_RULE,
    CompileError,
    SourceText,
)
from sqrt_tools.evaluate.expressions import ExpressionCompiler
from sqrt_tools.evaluate.model import Argument, Location, PolicyInfo, RuleInfo
from sqrt_tools.evaluate.runtime import Env, as_metadata
from sqrt_tools.semantics import Context, Place, SemanticModel, ToolScope, analyze
from sqrt_tools.semantics.context import member_place, shorthand_place
from sqrt_tools.sets import ElementSet
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Diagnostic, Severity

_TIMING = {Place.SESSION_BEFORE: "before", Place.RESULT: "result", Place.SESSION_AFTER: "after"}

_ASSIGN: dict[str, Callable[[ElementSet, ElementSet], ElementSet]] = {
    "=": lambda _old, new: new,
    "|=": ElementSet.union,
    "&=": ElementSet.intersect,
    "-=": ElementSet.minus,
    "^=": ElementSet.xor,
}


class Compiler:
    """Compiles one program; `diagnostics` holds every error found.

    `optimize=False` compiles the straightforward way: each rule runs its condition's
    own closures, nothing is shared between rules. The results are the same; tests
    compare the two (tests/evaluate/test_differential.py).
    """

    def __init__(
        self, program: ast.Program, source: str, path: str, *, optimize: bool = True
    ) -> None:
        self.program = program
        self.path = path
        self.text = SourceText(source)
        self.model: SemanticModel = analyze(program)
        self.optimize = optimize
        self.expressions = ExpressionCompiler(self.model, self.text, optimize=optimize, path=path)
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[tuple[int, str]] = set()

    def compile(self) -> tuple[CompiledPolicy, ...]:
        policies: list[CompiledPolicy] = []
        for scope in self.model.tools:
            try:
                policies.append(self._policy(scope))
            except CompileError as error:
                self._report(error)
        if not self.optimize:
            return tuple(policies)
        # Sharing needs every rule of the program: an atom is worth remembering when
        # more than one rule (or more than one place in one rule) tests it.
        linker = Linker(
            rule.condition
            for policy in policies
            for rule in policy.rules
            if rule.condition is not None
        )
        return tuple(replace(policy, tests=linker.tests(policy.rules)) for policy in policies)

    def _report(self, error: CompileError) -> None:
        key = (error.span.start, error.message)
        if key not in self._seen:
            self._seen.add(key)
            self.diagnostics.append(
                Diagnostic(
                    EVALUATION_ERROR_RULE,
                    EVALUATION_ERROR_CODE,
                    Severity.ERROR,
                    error.message,
                    error.span,
                )
            )

    def _location(self, node: ast.Node) -> Location:
        return Location(self.path, node.span.line, node.span.column)

    # --- policies -------------------------------------------------------------------

    def _policy(self, scope: ToolScope) -> CompiledPolicy:
        node = scope.policy
        info = PolicyInfo(
            tool_id=node.tool_id.value,
            is_regex=scope.is_regex,
            priority=scope.priority,  # the semantic model decides which `priority` counts
            location=self._location(node),
            docs="\n".join(doc.content for doc in node.docs),
        )
        pattern: BoundedPattern | None = None
        if scope.is_regex:
            pattern = self.expressions.elements.regex(node.tool_id)
        exact = None if scope.is_regex else node.tool_id.value
        if isinstance(node, ast.ToolShorthand):
            return self._shorthand(node, info, exact, pattern)
        rules: list[CompiledRule] = []
        blocks: dict[str, list[Step]] = {"before": [], "result": [], "after": []}
        for member in node.members:
            place = member_place(member)
            if place is None:
                continue
            context = Context(place, node, member=member)
            try:
                if isinstance(member, ast.CheckRule):
                    rules.append(self._rule(member, context, info))
                elif isinstance(member, ast.ResultBlock):
                    blocks["result"].extend(self._block(member.statements, context))
                elif isinstance(member, ast.SessionBlock):
                    blocks[member.timing].extend(self._block(member.statements, context))
            except CompileError as error:
                self._report(error)
        allow_rules = tuple(rule.info for rule in rules if rule.info.outcome == "allow")
        return CompiledPolicy(
            info,
            exact,
            pattern,
            tuple(rules),
            allow_rules,
            tuple(blocks["before"]),
            tuple(blocks["result"]),
            tuple(blocks["after"]),
            tuple(
                (always if rule.condition is None else rule.condition.test, rule.info)
                for rule in rules
            ),
        )

    def _rule(self, node: ast.CheckRule, context: Context, policy: PolicyInfo) -> CompiledRule:
        condition = None
        if node.condition is not None:
            condition = self.expressions.predicate(node.condition, context, 0)
        info = RuleInfo(
            text=self.text(node).removesuffix(";").rstrip(),
            enforcement=node.enforcement,
            outcome=node.outcome,
            location=self._location(node),
            docs="\n".join(doc.content for doc in node.docs),
            policy=policy,
        )
        return CompiledRule(info, condition)

    def _shorthand(
        self,
        node: ast.ToolShorthand,
        info: PolicyInfo,
        exact: str | None,
        pattern: BoundedPattern | None,
    ) -> CompiledPolicy:
        place = shorthand_place(node)
        context = Context(place, node, member=node.update)
        step = self._update(node.update, context)
        if node.condition is not None:
            step = _guarded(self.expressions.predicate(node.condition, context, 0), (step,))
        steps = (step,)
        timing = _TIMING[place]
        return CompiledPolicy(
            info,
            exact,
            pattern,
            (),
            (),
            steps if timing == "before" else (),
            steps if timing == "result" else (),
            steps if timing == "after" else (),
            (),
        )

    # --- blocks ---------------------------------------------------------------------

    def _block(self, statements: tuple[ast.Statement, ...], context: Context) -> list[Step]:
        steps: list[Step] = []
        for statement in statements:
            try:
                if isinstance(statement, ast.Update):
                    steps.append(self._update(statement, context))
                elif isinstance(statement, ast.WhenBlock):
                    condition = self.expressions.predicate(statement.condition, context, 0)
                    inner = tuple(
                        self._update(update, context)
                        for update in statement.statements
                        if isinstance(update, ast.Update)
                    )
                    steps.append(_guarded(condition, inner))
            except CompileError as error:
                self._report(error)
        return steps

    def _update(self, node: ast.Update, context: Context) -> Step:
        target = node.target
        field = target.field
        combine = _ASSIGN[node.op]
        value = self.expressions.set_expr(node.value, context, 0)
        constant = value.constant
        if constant is not None:
            names = as_metadata(constant)

            def new_names(env: Env) -> ElementSet:
                return names

        else:
            compute = value.value

            def new_names(env: Env) -> ElementSet:
                return as_metadata(compute(env))

        whose = self.expressions.meta_owner(target, context)
        before_call = whose == "result" and not context.result_available
        if before_call and decisions.RESULT_UPDATE_BEFORE_CALL_IS_ERROR:
            raise CompileError(
                target.span,
                f"`@result.{field}` cannot be updated in a {context.place}: the tool "
                "has not run yet, so there is no result",
            )
        if whose == "session":

            def update_session(env: Env) -> None:
                meta = env.session
                env.session = meta.with_field(field, combine(meta.get(field), new_names(env)))
                env.updated()

            return update_session
        if whose == "result":

            def update_result(env: Env) -> None:
                result = env.result
                if result is not None:  # a result block only runs after the tool
                    old = result.meta
                    meta = old.with_field(field, combine(old.get(field), new_names(env)))
                    env.result = Argument(result.value, meta, result.present)
                    env.updated()

            return update_result
        assert isinstance(target, ast.ArgMeta)
        name = target.arg.text
        absent = decisions.ABSENT_ARGUMENT

        def update_argument(env: Env) -> None:
            argument = env.args.get(name, absent)
            old = argument.meta
            meta = old.with_field(field, combine(old.get(field), new_names(env)))
            env.args[name] = Argument(argument.value, meta, argument.present)
            env.updated()  # aggregates over the arguments may have changed

        return update_argument


# Slots of `Env.truths`, unique across every program compiled in this process, so that
# closures of two programs can never read each other's truths.
_SLOTS = itertools.count()


class Linker:
    """Builds the tests that deciding a call runs from the rules' conditions.

    Rules often repeat an atom (`to.value in trusted` in many policies, a `let` used by
    several rules). Atoms with equal keys (`Atom.key`) are true in the same states, so
    an atom whose key occurs more than once is computed by the first test that needs it
    and its truth kept in the call's `Env.truths` for the others: the rules of a call
    all run against one state, and updates clear the truths. Nothing else changes:
    every rule still runs, in source order, with `and`/`or` stopping where they did.
    """

    def __init__(self, conditions: Iterable[Pred]) -> None:
        counts: Counter[Hashable] = Counter()
        for condition in conditions:
            stack = [condition]
            while stack:
                pred = stack.pop()
                if isinstance(pred, Atom):
                    if pred.key is not None:
                        counts[pred.key] += 1
                elif isinstance(pred, AllOf | AnyOf):
                    stack.extend(pred.parts)
                elif isinstance(pred, Negation):
                    stack.append(pred.inner)
        self._slots = {key: next(_SLOTS) for key, count in counts.items() if count > 1}
        # One test per shared condition object (a `let` used by several rules); the
        # condition is kept alive with it so that its id is not reused.
        self._built: dict[int, tuple[Pred, Test]] = {}

    def tests(self, rules: tuple[CompiledRule, ...]) -> tuple[tuple[Test, RuleInfo], ...]:
        return tuple(
            (always if rule.condition is None else self.test(rule.condition), rule.info)
            for rule in rules
        )

    def test(self, pred: Pred) -> Test:
        # Recursion is bounded: compiling refused anything more than
        # `decisions.MAX_NESTING` levels deep.
        built = self._built.get(id(pred))
        if built is not None:
            return built[1]
        test: Test
        if isinstance(pred, Atom):
            slot = self._slots.get(pred.key) if pred.key is not None else None
            test = pred.test if slot is None else _remembered(pred.test, slot)
        elif isinstance(pred, AllOf | AnyOf) and len(pred.parts) == 2:
            (first, first_negated), (second, second_negated) = map(self._signed, pred.parts)
            test = pair(isinstance(pred, AllOf), first, second, (first_negated, second_negated))
        elif isinstance(pred, AllOf):
            test = all_of(tuple(self.test(part) for part in pred.parts))
        elif isinstance(pred, AnyOf):
            test = any_of(tuple(self.test(part) for part in pred.parts))
        elif isinstance(pred, Negation):
            test = negation(self.test(pred.inner))
        else:
            test = pred.test
        self._built[id(pred)] = (pred, test)
        return test

    def _signed(self, pred: Pred) -> tuple[Test, bool]:
        """The test of `pred` without its negations, and whether they negate it."""
        negated = False
        while isinstance(pred, Negation):
            negated = not negated
            pred = pred.inner
        return self.test(pred), negated


def _remembered(test: Test, slot: int) -> Test:
    """`test`, computed at most once per state of a call."""

    def remembered(env: Env) -> bool:
        truths = env.truths
        known = truths.get(slot)
        if known is None:
            known = truths[slot] = test(env)
        return known

    return remembered


def _guarded(condition: Pred, steps: tuple[Step, ...]) -> Step:
    test = condition.test

    def when(env: Env) -> None:
        if test(env):
            for step in steps:
                step(env)

    return when
