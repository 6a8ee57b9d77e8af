"""Printing declarations, tool members and block statements.

Layout (see the README's formatting section):
- doc comments on their own lines right above what they document;
- `let NAME = VALUE;` on one line when it fits; otherwise a set literal opens on the
  `let` line and breaks one element per line, and any other value moves to the next
  line, indented, where a chain breaks before its operators at that same indentation;
- tool policies always in block form over several lines, members one per line,
  `{}` when empty; `result {`, `session before {`, `when P {` blocks the same way;
- `must deny when P;`: a long predicate breaks before `and`/`or` with a hanging indent;
- the shorthand `tool "t" [5] -> session before @tags |= S when P;` breaks before
  `when` when it does not fit.
"""

from __future__ import annotations

from sqrt_tools.format import spelling
from sqrt_tools.format.context import Context
from sqrt_tools.format.doc import EMPTY, HARD, LINE, Doc, concat, group, indent
from sqrt_tools.format.expressions import chain, child, expression
from sqrt_tools.format.lists import block
from sqrt_tools.syntax import ast


def declaration(ctx: Context, node: ast.Node) -> Doc:
    if isinstance(node, ast.LetDecl):
        return _let(ctx, node)
    if isinstance(node, ast.ToolPolicy):
        return _tool_policy(ctx, node)
    if isinstance(node, ast.ToolShorthand):
        return _tool_shorthand(ctx, node)
    raise TypeError(f"cannot format {type(node).__name__} (the file has syntax errors)")


def member(ctx: Context, node: ast.Node) -> Doc:
    if isinstance(node, ast.CheckRule):
        return _check_rule(ctx, node)
    if isinstance(node, ast.Priority):
        lead = _docs(ctx, node.docs)
        return concat(
            (lead, ctx.tok("priority", _after(lead)), child(ctx, node.value, " "), ctx.tok(";"))
        )
    if isinstance(node, ast.ResultBlock):
        lead = _docs(ctx, node.docs)
        keyword = ctx.tok("result", _after(lead))
        return concat((lead, keyword, block(ctx, node, node.statements, statement)))
    if isinstance(node, ast.SessionBlock):
        lead = _docs(ctx, node.docs)
        words = (ctx.tok("session", _after(lead)), ctx.tok(node.timing, " "))
        return concat((lead, *words, block(ctx, node, node.statements, statement)))
    raise TypeError(f"cannot format {type(node).__name__} (the file has syntax errors)")


def statement(ctx: Context, node: ast.Node) -> Doc:
    if isinstance(node, ast.Update):
        lead = _docs(ctx, node.docs)
        return concat((lead, _update(ctx, node, _after(lead)), ctx.tok(";")))
    if isinstance(node, ast.WhenBlock):
        lead = _docs(ctx, node.docs)
        condition = concat((ctx.tok("when", _after(lead)), child(ctx, node.condition, " ")))
        return concat((lead, condition, block(ctx, node, node.statements, statement)))
    raise TypeError(f"cannot format {type(node).__name__} (the file has syntax errors)")


def _docs(ctx: Context, docs: ast.Docs) -> Doc:
    """The doc comments, one per line; the first token then follows on a new line."""
    parts: list[Doc] = []
    for index, doc in enumerate(docs):
        printed = doc.text.rstrip(" \t\f\v\r")
        parts.append(ctx.tok(doc.text, HARD if index else EMPTY, printed))
    return concat(parts)


def _after(lead: Doc) -> Doc:
    """What separates the doc comments (if any) from the first token."""
    return HARD if lead != EMPTY else EMPTY


def _let(ctx: Context, node: ast.LetDecl) -> Doc:
    lead = _docs(ctx, node.docs)
    # The first token stays outside the group: a line break before it (after doc
    # comments) must not break the group.
    first = ctx.tok("let", _after(lead))
    head = [ctx.tok(node.name.text, " "), ctx.tok("=", " ")]
    value = node.value
    if isinstance(value, ast.SetLiteral):
        body: Doc = child(ctx, value, " ")
    elif isinstance(value, ast.BoolOp | ast.SetOp | ast.WithElement):
        # After `=` breaks, the chain's lines all start at the same indentation.
        gap = ctx.gap_to(value, LINE)
        body = indent(gap, chain(ctx, value, hang=False))
    else:
        body = indent(child(ctx, value, LINE))
    return concat((lead, first, group(*head, body), ctx.tok(";")))


def _tool_policy(ctx: Context, node: ast.ToolPolicy) -> Doc:
    lead = _docs(ctx, node.docs)
    head = (ctx.tok("tool", _after(lead)), child(ctx, node.tool_id, " "))
    return concat((lead, *head, block(ctx, node, node.members, member)))


def _tool_shorthand(ctx: Context, node: ast.ToolShorthand) -> Doc:
    lead = _docs(ctx, node.docs)
    first = ctx.tok("tool", _after(lead))  # outside the group, as in `_let`
    parts = [child(ctx, node.tool_id, " ")]
    if node.priority is not None:
        parts.extend((ctx.tok("[", " "), child(ctx, node.priority, EMPTY), ctx.tok("]")))
    parts.append(ctx.tok("->", " "))
    if node.target is not None:
        parts.extend(ctx.tok(word, " ") for word in node.target.split(" "))
    parts.append(_update(ctx, node.update, " "))
    if node.condition is not None:
        condition = (ctx.tok("when", LINE), child(ctx, node.condition, " "))
        parts.append(indent(*condition))
    return concat((lead, first, group(*parts), ctx.tok(";")))


def _update(ctx: Context, node: ast.Update, before: Doc) -> Doc:
    target = concat((ctx.gap_to(node.target, before), expression(ctx, node.target)))
    return concat((target, ctx.tok(node.op, " "), child(ctx, node.value, " ")))


def _check_rule(ctx: Context, node: ast.CheckRule) -> Doc:
    lead = _docs(ctx, node.docs)
    written = node.enforcement
    parts = [
        lead,
        ctx.tok(written, _after(lead), spelling.enforcement(written, ctx.options)),
        ctx.tok(node.outcome, " "),
    ]
    if node.condition is None:
        parts.append(ctx.tok("always", " "))
    else:
        parts.extend((ctx.tok("when", " "), child(ctx, node.condition, " ")))
    parts.append(ctx.tok(";"))
    return concat(parts)
