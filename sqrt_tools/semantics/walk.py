"""One iterative walk over a program that every analysis shares.

It visits each node once, knows the context of each (which tool, which block, which
`let`) and what kind of expression each position expects, and files the nodes by type,
so that a lint rule subscribes to the node types it needs instead of walking again.
Nesting can be thousands of levels deep, so nothing here recurses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqrt_tools.semantics.context import Context, Place, member_place, shorthand_place
from sqrt_tools.semantics.kinds import Expect
from sqrt_tools.syntax import ast

Entry = tuple[ast.Node, Context, Expect]
Push = Callable[[Entry], None]


@dataclass(frozen=True, slots=True)
class RawReference:
    """A bare name as found: where it stands and what kind its position needs."""

    node: ast.NameRef
    context: Context
    expect: Expect


@dataclass(slots=True)
class Traversal:
    """What the walk collected: nodes by type with their contexts, and name uses."""

    nodes: dict[type[ast.Node], list[tuple[ast.Node, Context]]] = field(default_factory=dict)
    references: list[RawReference] = field(default_factory=list)
    lets: list[ast.LetDecl] = field(default_factory=list)
    policies: list[tuple[ast.ToolPolicy | ast.ToolShorthand, Context]] = field(default_factory=list)


_TOP = Context(Place.LET)


def traverse(program: ast.Program) -> Traversal:
    """Walk `program` once, depth first, in source order."""
    out = Traversal()
    stack: list[Entry] = [
        (declaration, _TOP, Expect.ANY) for declaration in reversed(program.declarations)
    ]
    nodes = out.nodes
    handlers = _HANDLERS
    pop = stack.pop
    while stack:
        node, context, expect = pop()
        cls = type(node)
        bucket = nodes.get(cls)
        if bucket is None:
            bucket = nodes[cls] = []
        bucket.append((node, context))
        handler = handlers.get(cls)
        if handler is not None:
            handler(node, context, expect, stack, out)
    return out


# Each handler pushes the children of one node type, last child first so that they
# come off the stack in source order.
Handler = Callable[[ast.Node, Context, Expect, list[Entry], Traversal], None]


def _let(node: ast.Node, _: Context, __: Expect, stack: list[Entry], out: Traversal) -> None:
    assert isinstance(node, ast.LetDecl)
    out.lets.append(node)
    stack.append((node.value, Context(Place.LET, let=node), Expect.ANY))


def _tool(node: ast.Node, _: Context, __: Expect, stack: list[Entry], out: Traversal) -> None:
    assert isinstance(node, ast.ToolPolicy)
    policy_context = Context(Place.TOOL_ID, policy=node)
    out.policies.append((node, policy_context))
    for member in reversed(node.members):
        place = member_place(member)
        context = policy_context if place is None else Context(place, node, member=member)
        stack.append((member, context, Expect.ANY))
    stack.append((node.tool_id, policy_context, Expect.ANY))


def _shorthand(node: ast.Node, _: Context, __: Expect, stack: list[Entry], out: Traversal) -> None:
    assert isinstance(node, ast.ToolShorthand)
    policy_context = Context(Place.TOOL_ID, policy=node)
    out.policies.append((node, policy_context))
    body = Context(shorthand_place(node), node, member=node.update)
    if node.condition is not None:
        stack.append((node.condition, body, Expect.PREDICATE))
    stack.append((node.update, body, Expect.ANY))
    if node.priority is not None:
        stack.append((node.priority, Context(Place.PRIORITY, node), Expect.ANY))
    stack.append((node.tool_id, policy_context, Expect.ANY))


def _check(node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal) -> None:
    assert isinstance(node, ast.CheckRule)
    if node.condition is not None:
        stack.append((node.condition, context, Expect.PREDICATE))


def _block(node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal) -> None:
    assert isinstance(node, ast.ResultBlock | ast.SessionBlock | ast.WhenBlock)
    stack.extend((statement, context, Expect.ANY) for statement in reversed(node.statements))
    if isinstance(node, ast.WhenBlock):
        stack.append((node.condition, context, Expect.PREDICATE))


def _priority(
    node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal
) -> None:
    assert isinstance(node, ast.Priority)
    stack.append((node.value, context, Expect.ANY))


def _update(node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal) -> None:
    assert isinstance(node, ast.Update)
    stack.append((node.value, context, Expect.SET))
    stack.append((node.target, context, Expect.ANY))


def _bool_op(
    node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal
) -> None:
    assert isinstance(node, ast.BoolOp)
    stack.append((node.right, context, Expect.PREDICATE))
    stack.append((node.left, context, Expect.PREDICATE))


def _not(node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal) -> None:
    assert isinstance(node, ast.Not)
    stack.append((node.operand, context, Expect.PREDICATE))


def _group(
    node: ast.Node, context: Context, expect: Expect, stack: list[Entry], __: Traversal
) -> None:
    assert isinstance(node, ast.Group)
    stack.append((node.inner, context, expect))


def _name_ref(
    node: ast.Node, context: Context, expect: Expect, _: list[Entry], out: Traversal
) -> None:
    assert isinstance(node, ast.NameRef)
    out.references.append(RawReference(node, context, expect))


def _set_comparison(
    node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal
) -> None:
    assert isinstance(node, ast.SetComparison)
    stack.append((node.right, context, Expect.SET))
    stack.append((node.left, context, Expect.ANY))


def _set_test(
    node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal
) -> None:
    assert isinstance(node, ast.SetTest)
    stack.append((node.operand, context, Expect.ANY))


def _value_in(
    node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal
) -> None:
    assert isinstance(node, ast.ValueIn)
    stack.append((node.set, context, Expect.VALUE_SET))
    stack.append((node.operand, context, Expect.ANY))


def _value_equals(
    node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal
) -> None:
    assert isinstance(node, ast.ValueEquals)
    stack.append((node.right, context, Expect.ANY))
    stack.append((node.left, context, Expect.ANY))


def _set_op(node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal) -> None:
    assert isinstance(node, ast.SetOp)
    stack.append((node.right, context, Expect.SET))
    stack.append((node.left, context, Expect.SET))


def _with(node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal) -> None:
    assert isinstance(node, ast.WithElement)
    stack.append((node.element, context, Expect.ANY))
    stack.append((node.set, context, Expect.SET))


def _set_literal(
    node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal
) -> None:
    assert isinstance(node, ast.SetLiteral)
    stack.extend((element, context, Expect.ANY) for element in reversed(node.elements))


def _children(
    node: ast.Node, context: Context, _: Expect, stack: list[Entry], __: Traversal
) -> None:
    # Small leaf-ish nodes (domains, ranges, accessors with a name): their children
    # are few and never expressions, so the generic child list is cheap enough.
    stack.extend((child, context, Expect.ANY) for child in reversed(list(node.children())))


_HANDLERS: dict[type[ast.Node], Handler] = {
    ast.LetDecl: _let,
    ast.ToolPolicy: _tool,
    ast.ToolShorthand: _shorthand,
    ast.CheckRule: _check,
    ast.ResultBlock: _block,
    ast.SessionBlock: _block,
    ast.WhenBlock: _block,
    ast.Priority: _priority,
    ast.Update: _update,
    ast.BoolOp: _bool_op,
    ast.Not: _not,
    ast.Group: _group,
    ast.NameRef: _name_ref,
    ast.SetComparison: _set_comparison,
    ast.SetTest: _set_test,
    ast.ValueIn: _value_in,
    ast.ValueEquals: _value_equals,
    ast.SetOp: _set_op,
    ast.WithElement: _with,
    ast.SetLiteral: _set_literal,
    ast.BoolDomain: _children,
    ast.NumberDomain: _children,
    ast.StrDomain: _children,
    ast.StrPattern: _children,
    ast.DatetimeDomain: _children,
    ast.Range: _children,
}
