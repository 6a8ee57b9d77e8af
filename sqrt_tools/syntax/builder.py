"""Builds AST nodes from grammar reductions.

Each function is named after a rule or alias of `grammars/sqrt.lark` and receives the
rule's children in source order: `Token`s for terminals, nodes for rules, and a tuple
of `DocComment`s for `docs`. A test checks that every rule name has a builder here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqrt_tools.syntax import ast
from sqrt_tools.syntax.lexer import Token
from sqrt_tools.syntax.spans import LineIndex, Span

Children = list[Any]

_RANGE_OPS = {"DOT_DOT": "..", "LT_DOT_DOT": "<..", "DOT_DOT_LT": "..<", "LT_DOT_DOT_LT": "<..<"}
_SET_OPS = {
    "VBAR": "union",
    "UNION": "union",
    "AMPERSAND": "intersect",
    "INTERSECT": "intersect",
    "MINUS": "minus",
    "MINUS_KW": "minus",
    "CARET": "xor",
    "XOR": "xor",
}


class Builder:
    """Turns the children of one reduction into a node, with spans from `index`."""

    def __init__(self, index: LineIndex) -> None:
        self.index = index
        self.handlers: dict[str, Callable[[Children], Any]] = {
            name[len("build_") :]: getattr(self, name)
            for name in dir(self)
            if name.startswith("build_")
        }

    # --- helpers ---------------------------------------------------------------------

    def span(self, children: Children) -> Span:
        """The span from the first to the last positioned child (docs excluded)."""
        start = end = -1
        for child in children:
            if isinstance(child, Token):
                start = child.start
                break
            if isinstance(child, ast.Node):
                start = child.span.start
                break
        for child in reversed(children):
            if isinstance(child, Token):
                end = child.end
                break
            if isinstance(child, ast.Node):
                end = child.span.end
                break
        if start < 0:
            return self.index.span(0, 0)
        return self.index.span(start, end)

    def token_span(self, token: Token) -> Span:
        return self.index.span(token.start, token.end)

    @staticmethod
    def docs_of(children: Children) -> ast.Docs:
        first = children[0] if children else None
        return first if isinstance(first, tuple) else ()

    @staticmethod
    def tokens(children: Children) -> list[Token]:
        return [child for child in children if isinstance(child, Token)]

    @staticmethod
    def nodes(children: Children) -> list[ast.Node]:
        return [child for child in children if isinstance(child, ast.Node)]

    # --- declarations ----------------------------------------------------------------

    def build_program(self, children: Children) -> ast.Program:
        end = len(self.index.text)
        return ast.Program(
            declarations=tuple(cast(list[ast.Declaration], self.nodes(children))),
            span=self.index.span(0, end),
        )

    def build_docs(self, children: Children) -> ast.Docs:
        return tuple(ast.DocComment(token.text, span=self.token_span(token)) for token in children)

    def build_let_decl(self, children: Children) -> ast.LetDecl:
        name_token = next(t for t in self.tokens(children) if t.type == "NAME")
        value = self.nodes(children)[-1]
        return ast.LetDecl(
            name=ast.Name(name_token.text, span=self.token_span(name_token)),
            value=cast(ast.Expr, value),
            docs=self.docs_of(children),
            span=self.span(children),
        )

    def build_tool_policy(self, children: Children) -> ast.ToolPolicy:
        nodes = self.nodes(children)
        return ast.ToolPolicy(
            tool_id=cast(ast.StringLiteral, nodes[0]),
            members=tuple(cast(list[ast.Member], nodes[1:])),
            docs=self.docs_of(children),
            span=self.span(children),
        )

    def build_tool_shorthand(self, children: Children) -> ast.ToolShorthand:
        tool_id: ast.StringLiteral | None = None
        priority: ast.NumberLiteral | None = None
        target_words: list[str] = []
        update: ast.Update | None = None
        condition: ast.Expr | None = None
        after_arrow = False
        for child in children:
            if isinstance(child, Token):
                if child.type == "INT":
                    priority = ast.NumberLiteral(child.text, span=self.token_span(child))
                elif child.type == "ARROW":
                    after_arrow = True
                elif after_arrow and child.type in ("RESULT", "SESSION", "BEFORE", "AFTER"):
                    target_words.append(child.text)
            elif isinstance(child, ast.StringLiteral) and tool_id is None:
                tool_id = child
            elif isinstance(child, ast.Update):
                update = child
            elif isinstance(child, ast.Node) and update is not None:
                condition = cast(ast.Expr, child)
        assert tool_id is not None and update is not None
        target = cast(ast.ShorthandTarget, " ".join(target_words)) if target_words else None
        return ast.ToolShorthand(
            tool_id=tool_id,
            priority=priority,
            target=target,
            update=update,
            condition=condition,
            docs=self.docs_of(children),
            span=self.span(children),
        )

    def build_shorthand_update(self, children: Children) -> ast.Update:
        at, field, op = children[0], children[1], children[2]
        target = ast.SubjectMeta(
            field=cast(ast.MetaField, field.text), span=self.index.span(at.start, field.end)
        )
        return ast.Update(
            target=target,
            op=cast(ast.AssignOp, op.text),
            value=cast(ast.Expr, children[3]),
            span=self.span(children),
        )

    def build_error_node(self, children: Children) -> ast.ErrorNode:
        error = children[0]
        return ast.ErrorNode(error.text, span=self.span(children))

    # --- members and statements ------------------------------------------------------

    def build_string_literal(self, children: Children) -> ast.StringLiteral:
        token = children[0]
        return ast.StringLiteral(token.text, span=self.token_span(token))

    def build_priority(self, children: Children) -> ast.Priority:
        number = next(t for t in self.tokens(children) if t.type == "INT")
        return ast.Priority(
            value=ast.NumberLiteral(number.text, span=self.token_span(number)),
            docs=self.docs_of(children),
            span=self.span(children),
        )

    def build_check_rule(self, children: Children) -> ast.CheckRule:
        tokens = self.tokens(children)
        nodes = self.nodes(children)
        return ast.CheckRule(
            enforcement=cast(ast.Enforcement, tokens[0].text),
            outcome=cast(Any, tokens[1].text),
            condition=cast(ast.Expr, nodes[0]) if nodes else None,
            docs=self.docs_of(children),
            span=self.span(children),
        )

    def build_result_block(self, children: Children) -> ast.ResultBlock:
        return ast.ResultBlock(
            statements=tuple(cast(list[ast.Statement], self.nodes(children))),
            docs=self.docs_of(children),
            span=self.span(children),
        )

    def build_session_block(self, children: Children) -> ast.SessionBlock:
        timing = next(t for t in self.tokens(children) if t.type in ("BEFORE", "AFTER"))
        return ast.SessionBlock(
            timing=cast(Any, timing.text),
            statements=tuple(cast(list[ast.Statement], self.nodes(children))),
            docs=self.docs_of(children),
            span=self.span(children),
        )

    def build_statement(self, children: Children) -> ast.Update:
        update = cast(ast.Update, self.nodes(children)[0])
        return ast.Update(
            target=update.target,
            op=update.op,
            value=update.value,
            docs=self.docs_of(children),
            span=self.span(children),
        )

    def build_when_block(self, children: Children) -> ast.WhenBlock:
        nodes = self.nodes(children)
        return ast.WhenBlock(
            condition=cast(ast.Expr, nodes[0]),
            statements=tuple(cast(list[ast.Update | ast.ErrorNode], nodes[1:])),
            docs=self.docs_of(children),
            span=self.span(children),
        )

    def build_update(self, children: Children) -> ast.Update:
        return ast.Update(
            target=cast(ast.UpdateTarget, children[0]),
            op=cast(ast.AssignOp, children[1].text),
            value=cast(ast.Expr, children[2]),
            span=self.span(children),
        )

    # --- accessors -------------------------------------------------------------------

    def build_subject_meta(self, children: Children) -> ast.SubjectMeta:
        return ast.SubjectMeta(field=children[-1].text, span=self.span(children))

    def build_result_meta(self, children: Children) -> ast.ResultMeta:
        return ast.ResultMeta(field=children[-1].text, span=self.span(children))

    def build_session_meta(self, children: Children) -> ast.SessionMeta:
        return ast.SessionMeta(field=children[-1].text, span=self.span(children))

    def build_arg_meta(self, children: Children) -> ast.ArgMeta:
        name = children[0]
        return ast.ArgMeta(
            arg=ast.Name(name.text, span=self.token_span(name)),
            field=children[-1].text,
            span=self.span(children),
        )

    def build_args_meta(self, children: Children) -> ast.ArgsMeta:
        field = children[2].text
        aggregate = children[4].text if len(children) > 3 else None
        return ast.ArgsMeta(field=field, aggregate=aggregate, span=self.span(children))

    def build_aggregation(self, children: Children) -> ast.Aggregation:
        return ast.Aggregation(
            aggregate=children[0].text, field=children[2].text, span=self.span(children)
        )

    # --- predicates ------------------------------------------------------------------

    def build_or_(self, children: Children) -> ast.BoolOp:
        return ast.BoolOp("or", children[0], children[2], span=self.span(children))

    def build_and_(self, children: Children) -> ast.BoolOp:
        return ast.BoolOp("and", children[0], children[2], span=self.span(children))

    def build_not_(self, children: Children) -> ast.Not:
        return ast.Not(children[1], span=self.span(children))

    def build_group(self, children: Children) -> ast.Group:
        return ast.Group(children[1], span=self.span(children))

    def build_name_ref(self, children: Children) -> ast.NameRef:
        return ast.NameRef(children[0].text, span=self.span(children))

    def build_set_comparison(self, children: Children) -> ast.SetComparison:
        words = " ".join(t.text for t in self.tokens(children))
        return ast.SetComparison(
            op=cast(ast.SetComparisonOp, words),
            left=children[0],
            right=children[-1],
            span=self.span(children),
        )

    def build_set_test(self, children: Children) -> ast.SetTest:
        return ast.SetTest(test=children[-1].text, operand=children[0], span=self.span(children))

    def build_value_in(self, children: Children) -> ast.ValueIn:
        return ast.ValueIn(children[0], children[2], span=self.span(children))

    def build_value_equals(self, children: Children) -> ast.ValueEquals:
        return ast.ValueEquals(children[0], children[2], span=self.span(children))

    def build_arg_value(self, children: Children) -> ast.ArgValue:
        name = children[0]
        return ast.ArgValue(
            arg=ast.Name(name.text, span=self.token_span(name)), span=self.span(children)
        )

    def build_result_value(self, children: Children) -> ast.ResultValue:
        return ast.ResultValue(span=self.span(children))

    def build_session_value(self, children: Children) -> ast.SessionValue:
        return ast.SessionValue(span=self.span(children))

    def build_bool_literal(self, children: Children) -> ast.BoolLiteral:
        return ast.BoolLiteral(children[0].text == "true", span=self.span(children))

    def build_number_literal(self, children: Children) -> ast.NumberLiteral:
        return ast.NumberLiteral(children[0].text, span=self.span(children))

    # --- sets ------------------------------------------------------------------------

    def build_set_op(self, children: Children) -> ast.SetOp:
        operator = children[1]
        return ast.SetOp(
            op=cast(ast.SetOperator, _SET_OPS[operator.type]),
            symbol=operator.text,
            left=children[0],
            right=children[2],
            span=self.span(children),
        )

    def build_with_element(self, children: Children) -> ast.WithElement:
        return ast.WithElement(
            op=children[1].text, set=children[0], element=children[2], span=self.span(children)
        )

    def build_set_literal(self, children: Children) -> ast.SetLiteral:
        elements = cast(
            list[ast.StringLiteral | ast.NumberLiteral | ast.Domain], self.nodes(children)
        )
        return ast.SetLiteral(elements=tuple(elements), span=self.span(children))

    # --- domains ---------------------------------------------------------------------

    def build_bool_domain(self, children: Children) -> ast.BoolDomain:
        value = children[1]
        literal = ast.BoolLiteral(value.text == "true", span=self.token_span(value))
        return ast.BoolDomain(literal, span=self.span(children))

    def build_number_domain(self, children: Children) -> ast.NumberDomain:
        return ast.NumberDomain(kind=children[0].text, range=children[1], span=self.span(children))

    def build_str_domain(self, children: Children) -> ast.StrDomain:
        length = children[3] if len(children) > 3 else None
        return ast.StrDomain(pattern=children[1], length=length, span=self.span(children))

    def build_str_pattern(self, children: Children) -> ast.StrPattern:
        literal = children[1]
        return ast.StrPattern(
            kind=children[0].text,
            literal=ast.StringLiteral(literal.text, span=self.token_span(literal)),
            span=self.span(children),
        )

    def build_datetime_domain(self, children: Children) -> ast.DatetimeDomain:
        return ast.DatetimeDomain(range=children[1], span=self.span(children))

    def build_range(self, children: Children) -> ast.Range:
        low: ast.Literal | None = None
        high: ast.Literal | None = None
        op: str | None = None
        for child in children:
            bound = child
            if isinstance(child, Token):
                if child.type in _RANGE_OPS:
                    op = _RANGE_OPS[child.type]
                    continue
                # a plain string bound of a datetime domain comes as a bare token
                bound = ast.StringLiteral(child.text, span=self.token_span(child))
            if op is None:
                low = bound
            else:
                high = bound
        return ast.Range(low=low, op=cast(Any, op), high=high, span=self.span(children))
