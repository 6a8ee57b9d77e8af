"""The value of a set expression when the text alone decides it.

Sets are finite (`S`) or co-finite ("everything except `S`"), and union, intersection,
difference and symmetric difference are closed over that representation [ours, as
in the language notes]. Accessors (`x.tags`, `@result.consumers`) are only known at
run time, so any expression that uses one has no static value (None).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from sqrt_tools.syntax import ast

UNIVERSAL_ELEMENT = "*"
# [ours] Sets with more elements than this get no static value: every operation copies
# its operands, so a chain of thousands of unions would cost quadratic time, and no
# rule needs the exact contents of a set that large.
MAX_ELEMENTS = 512


@dataclass(frozen=True, slots=True)
class StaticSet:
    """`elements` when `cofinite` is false; otherwise everything except `elements`."""

    elements: frozenset[Hashable]
    cofinite: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.cofinite and not self.elements

    @property
    def is_universal(self) -> bool:
        return self.cofinite and not self.elements

    def union(self, other: StaticSet) -> StaticSet:
        a, b = self.elements, other.elements
        if not self.cofinite and not other.cofinite:
            return StaticSet(a | b)
        if self.cofinite and other.cofinite:
            return StaticSet(a & b, True)
        finite, rest = (a, b) if not self.cofinite else (b, a)
        return StaticSet(rest - finite, True)

    def intersect(self, other: StaticSet) -> StaticSet:
        a, b = self.elements, other.elements
        if not self.cofinite and not other.cofinite:
            return StaticSet(a & b)
        if self.cofinite and other.cofinite:
            return StaticSet(a | b, True)
        finite, rest = (a, b) if not self.cofinite else (b, a)
        return StaticSet(finite - rest)

    def minus(self, other: StaticSet) -> StaticSet:
        return self.intersect(other.complement())

    def xor(self, other: StaticSet) -> StaticSet:
        return StaticSet(self.elements ^ other.elements, self.cofinite != other.cofinite)

    def complement(self) -> StaticSet:
        return StaticSet(self.elements, not self.cofinite)


EMPTY = StaticSet(frozenset())
UNIVERSAL = StaticSet(frozenset(), True)


def element_key(element: ast.Node) -> Hashable:
    """What makes two set elements the same element (spans do not count)."""
    if isinstance(element, ast.StringLiteral):
        return ("string", element.kind, element.value)
    if isinstance(element, ast.NumberLiteral):
        return ("number", element.value)
    return element  # a domain: AST nodes compare by structure


def literal_value(literal: ast.SetLiteral) -> StaticSet:
    """A set literal's value; [doc] `{"*"}` written in source is the universal set."""
    keys = [element_key(element) for element in literal.elements]
    if ("string", "", UNIVERSAL_ELEMENT) in keys:
        return UNIVERSAL
    return StaticSet(frozenset(keys))


def evaluate(expr: ast.Node, resolve: Callable[[str], StaticSet | None]) -> StaticSet | None:
    """The static value of `expr`, or None. `resolve` gives the value of a `let` name.

    Iterative post-order, since set expressions can nest thousands of levels deep.
    """
    results: list[StaticSet | None] = []
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
                one = StaticSet(frozenset({element_key(node.element)}))
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


def _combine(op: str, left: StaticSet | None, right: StaticSet | None) -> StaticSet | None:
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
