"""The value of a set expression when the text alone decides it.

Values are `sqrt_tools.sets.ElementSet`s, the one set algebra of the toolkit (finite or
co-finite sets), shared with the evaluator. Accessors (`x.tags`, `@result.consumers`)
are only known at run time, so any expression that uses one has no static value (None).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from sqrt_tools.sets import UNIVERSAL, ElementSet
from sqrt_tools.syntax import ast

UNIVERSAL_ELEMENT = "*"
# [ours] Sets with more elements than this get no static value: every operation copies
# its operands, so a chain of thousands of unions would cost quadratic time, and no
# rule needs the exact contents of a set that large.
MAX_ELEMENTS = 512


def element_key(element: ast.Node) -> Hashable:
    """What makes two set elements the same element (spans do not count)."""
    if isinstance(element, ast.StringLiteral):
        return ("string", element.kind, element.value)
    if isinstance(element, ast.NumberLiteral):
        return ("number", element.value)
    return element  # a domain: AST nodes compare by structure


def literal_value(literal: ast.SetLiteral) -> ElementSet:
    """A set literal's value; [doc] `{"*"}` written in source is the universal set."""
    keys = [element_key(element) for element in literal.elements]
    if ("string", "", UNIVERSAL_ELEMENT) in keys:
        return UNIVERSAL
    return ElementSet(frozenset(keys))


def evaluate(expr: ast.Node, resolve: Callable[[str], ElementSet | None]) -> ElementSet | None:
    """The static value of `expr`, or None. `resolve` gives the value of a `let` name.

    Iterative post-order, since set expressions can nest thousands of levels deep.
    """
    results: list[ElementSet | None] = []
    stack: list[tuple[ast.Node, bool]] = [(expr, False)]
    while stack:
        node, expanded = stack.pop()
        if isinstance(node, ast.Group):
            stack.append((node.inner, False))
        elif isinstance(node, ast.SetLiteral):
            results.append(literal_value(node))
        elif isinstance(node, ast.NameRef):
            results.append(resolve(node.name))
        elif isinstance(node, ast.SetOp):
            if expanded:
                right = results.pop()
                left = results.pop()
                results.append(_combine(node.op, left, right))
            else:
                stack.append((node, True))
                stack.append((node.right, False))
                stack.append((node.left, False))
        elif isinstance(node, ast.WithElement):
            if expanded:
                base = results.pop()
                one = ElementSet(frozenset({element_key(node.element)}))
                if base is None:
                    results.append(None)
                else:
                    results.append(base.union(one) if node.op == "with" else base.minus(one))
            else:
                stack.append((node, True))
                stack.append((node.set, False))
        else:
            results.append(None)
    return results[-1] if results else None


def _combine(op: str, left: ElementSet | None, right: ElementSet | None) -> ElementSet | None:
    if left is None or right is None:
        return None
    if len(left.elements) + len(right.elements) > MAX_ELEMENTS:
        return None
    if op == "union":
        return left.union(right)
    if op == "intersect":
        return left.intersect(right)
    if op == "minus":
        return left.minus(right)
    return left.xor(right)
