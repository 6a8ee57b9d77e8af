"""Printing predicates, set expressions, accessors, literals and value domains.

Layout (see the README's formatting section):
- binary chains (`or`, `and`, and each level of set operators) stay on one line when
  they fit; otherwise they break before every operator of the chain, with a hanging
  indent. A chain inside an operand of a looser chain breaks one level deeper, so `and`
  lines always sit to the right of the `or` lines they belong to;
- set literals are `{"a", "b"}` when they fit, else one element per line with the
  commas at the line ends and no comma after the last element (the grammar has none);
- no spaces inside accessors (`x.tags`, `@args.tags.union`), parentheses or ranges
  (`1..<10`); one space around every other operator and keyword.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqrt_tools.format import gaps, spelling
from sqrt_tools.format.context import Context
from sqrt_tools.format.doc import EMPTY, LINE, SOFT, Doc, concat, group, indent
from sqrt_tools.syntax import ast


def child(ctx: Context, node: ast.Node, before: Doc) -> Doc:
    """`node` after `before` and the comments in front of it."""
    lead = ctx.gap_to(node, before)
    return concat((lead, expression(ctx, node)))


def expression(ctx: Context, node: ast.Node) -> Doc:
    """Any expression node, value operand, literal or domain (cursor at its start)."""
    printer = _PRINTERS.get(type(node))
    if printer is None:
        raise TypeError(f"no printer for {type(node).__name__}")
    return printer(ctx, node)


def chain(ctx: Context, node: ast.BoolOp | ast.SetOp | ast.WithElement, *, hang: bool) -> Doc:
    """A left-nested chain of one operator (or one precedence level), broken before
    each operator when it does not fit; `hang` indents the continuation lines."""
    links: list[Any] = []
    operand: Any = node
    while _same_level(operand, node):
        links.append(operand)
        operand = operand.set if isinstance(operand, ast.WithElement) else operand.left
    links.reverse()
    first = expression(ctx, operand)
    if isinstance(operand, ast.BoolOp | ast.SetOp | ast.WithElement):
        first = indent(first)  # a tighter chain in front: its breaks go one level deeper
    rest: list[Doc] = []
    for link in links:
        rest.append(_operator(ctx, link))
        right = link.element if isinstance(link, ast.WithElement) else link.right
        rest.append(child(ctx, right, " "))
    return group(first, indent(*rest) if hang else concat(rest))


def _same_level(candidate: ast.Node, head: ast.Node) -> bool:
    if isinstance(head, ast.WithElement):
        return isinstance(candidate, ast.WithElement)
    if isinstance(head, ast.BoolOp):
        return isinstance(candidate, ast.BoolOp) and candidate.op == head.op
    assert isinstance(head, ast.SetOp)
    return isinstance(candidate, ast.SetOp) and candidate.op == head.op


def _operator(ctx: Context, link: ast.BoolOp | ast.SetOp | ast.WithElement) -> Doc:
    if isinstance(link, ast.SetOp):
        return ctx.tok(link.symbol, LINE, spelling.set_operator(link, ctx.options))
    return ctx.tok(link.op, LINE)


def _chain(ctx: Context, node: Any) -> Doc:
    return chain(ctx, node, hang=True)


def _not(ctx: Context, node: ast.Not) -> Doc:
    return concat((ctx.tok("not"), child(ctx, node.operand, " ")))


def _group(ctx: Context, node: ast.Group) -> Doc:
    return concat((ctx.tok("("), child(ctx, node.inner, EMPTY), ctx.tok(")")))


def _name_ref(ctx: Context, node: ast.NameRef) -> Doc:
    return ctx.tok(node.name)


def _set_comparison(ctx: Context, node: ast.SetComparison) -> Doc:
    parts = [expression(ctx, node.left)]
    parts.extend(ctx.tok(word, " ") for word in node.op.split(" "))
    parts.append(child(ctx, node.right, " "))
    return concat(parts)


def _set_test(ctx: Context, node: ast.SetTest) -> Doc:
    operand = expression(ctx, node.operand)
    return concat((operand, ctx.tok("is", " "), ctx.tok(node.test, " ")))


def _value_in(ctx: Context, node: ast.ValueIn) -> Doc:
    operand = expression(ctx, node.operand)
    return concat((operand, ctx.tok("in", " "), child(ctx, node.set, " ")))


def _value_equals(ctx: Context, node: ast.ValueEquals) -> Doc:
    left = expression(ctx, node.left)
    return concat((left, ctx.tok("==", " "), child(ctx, node.right, " ")))


def _set_literal(ctx: Context, node: ast.SetLiteral) -> Doc:
    opening = ctx.tok("{")
    if not node.elements:
        return concat((opening, ctx.tok("}")))
    inner = [child(ctx, node.elements[0], SOFT)]
    for element in node.elements[1:]:
        inner.append(ctx.tok(","))
        inner.append(child(ctx, element, LINE))
    inner.append(gaps.dangling(ctx.cursor.gap_before("}")))
    return group(opening, indent(*inner), ctx.tok("}", SOFT))


# --- accessors and value operands ------------------------------------------------------


def _arg_meta(ctx: Context, node: ast.ArgMeta) -> Doc:
    return concat((ctx.tok(node.arg.text), ctx.tok("."), ctx.tok(node.field)))


def _result_meta(ctx: Context, node: ast.ResultMeta) -> Doc:
    return concat((ctx.tok("@result"), ctx.tok("."), ctx.tok(node.field)))


def _session_meta(ctx: Context, node: ast.SessionMeta) -> Doc:
    return concat((ctx.tok("@session"), ctx.tok("."), ctx.tok(node.field)))


def _subject_meta(ctx: Context, node: ast.SubjectMeta) -> Doc:
    return concat((ctx.tok("@"), ctx.tok(node.field)))


def _args_meta(ctx: Context, node: ast.ArgsMeta) -> Doc:
    parts = [ctx.tok("@args"), ctx.tok("."), ctx.tok(node.field)]
    if node.aggregate is not None:
        parts.extend((ctx.tok("."), ctx.tok(node.aggregate)))
    return concat(parts)


def _aggregation(ctx: Context, node: ast.Aggregation) -> Doc:
    words = (node.aggregate, "of", node.field, "from", "args")
    return concat([ctx.tok(words[0])] + [ctx.tok(word, " ") for word in words[1:]])


def _arg_value(ctx: Context, node: ast.ArgValue) -> Doc:
    return concat((ctx.tok(node.arg.text), ctx.tok(".value")))


def _result_value(ctx: Context, node: ast.ResultValue) -> Doc:
    return concat((ctx.tok("@result"), ctx.tok(".value")))


def _session_value(ctx: Context, node: ast.SessionValue) -> Doc:
    return concat((ctx.tok("@session"), ctx.tok(".value")))


# --- literals and domains ----------------------------------------------------------------


def _string(ctx: Context, node: ast.StringLiteral) -> Doc:
    return ctx.tok(node.raw)


def _number(ctx: Context, node: ast.NumberLiteral) -> Doc:
    return ctx.tok(node.raw)


def _bool(ctx: Context, node: ast.BoolLiteral) -> Doc:
    return ctx.tok("true" if node.value else "false")


def _range(ctx: Context, node: ast.Range) -> Doc:
    parts: list[Doc] = []
    if node.low is not None:
        parts.append(expression(ctx, node.low))
    if node.op is not None:
        parts.append(ctx.tok(node.op))
    if node.high is not None:
        parts.append(child(ctx, node.high, EMPTY))
    return concat(parts)


def _bool_domain(ctx: Context, node: ast.BoolDomain) -> Doc:
    return concat((ctx.tok("bool"), child(ctx, node.value, " ")))


def _number_domain(ctx: Context, node: ast.NumberDomain) -> Doc:
    return concat((ctx.tok(node.kind), child(ctx, node.range, " ")))


def _str_pattern(ctx: Context, node: ast.StrPattern) -> Doc:
    return concat((ctx.tok(node.kind), child(ctx, node.literal, " ")))


def _str_domain(ctx: Context, node: ast.StrDomain) -> Doc:
    parts = [ctx.tok("str"), child(ctx, node.pattern, " ")]
    if node.length is not None:
        parts.extend((ctx.tok("length", " "), child(ctx, node.length, " ")))
    return concat(parts)


def _datetime_domain(ctx: Context, node: ast.DatetimeDomain) -> Doc:
    return concat((ctx.tok("datetime"), child(ctx, node.range, " ")))


_PRINTERS: dict[type[ast.Node], Callable[[Context, Any], Doc]] = {
    ast.BoolOp: _chain,
    ast.SetOp: _chain,
    ast.WithElement: _chain,
    ast.Not: _not,
    ast.Group: _group,
    ast.NameRef: _name_ref,
    ast.SetComparison: _set_comparison,
    ast.SetTest: _set_test,
    ast.ValueIn: _value_in,
    ast.ValueEquals: _value_equals,
    ast.SetLiteral: _set_literal,
    ast.ArgMeta: _arg_meta,
    ast.ResultMeta: _result_meta,
    ast.SessionMeta: _session_meta,
    ast.SubjectMeta: _subject_meta,
    ast.ArgsMeta: _args_meta,
    ast.Aggregation: _aggregation,
    ast.ArgValue: _arg_value,
    ast.ResultValue: _result_value,
    ast.SessionValue: _session_value,
    ast.StringLiteral: _string,
    ast.NumberLiteral: _number,
    ast.BoolLiteral: _bool,
    ast.Range: _range,
    ast.BoolDomain: _bool_domain,
    ast.NumberDomain: _number_domain,
    ast.StrPattern: _str_pattern,
    ast.StrDomain: _str_domain,
    ast.DatetimeDomain: _datetime_domain,
}
