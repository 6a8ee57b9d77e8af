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


_ASSIGN_OPS = ("EQUAL", "OR_EQUAL", "AND_EQUAL", "MINUS_EQUAL", "XOR_EQUAL")


def _token(children: Children, *kinds: str) -> Token:
    """The first child token of one of `kinds` (the grammar guarantees one)."""
    for child in children:
        if isinstance(child, Token) and child.type in kinds:
            return child
    raise ValueError(f"no {' or '.join(kinds)} among {children!r}")


def _optional_token(children: Children, *kinds: str) -> Token | None:
    for child in children:
        if isinstance(child, Token) and child.type in kinds:
            return child
    return None


def _optional_node(children: Children, kind: type[ast.Node] | tuple[type[ast.Node], ...]) -> Any:
    for child in children:
        if isinstance(child, kind):
            return child
    return None


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
        at, field = _token(children, "AT"), _token(children, "META_FIELD")
        target = ast.SubjectMeta(
            field=cast(ast.MetaField, field.text), span=self.index.span(at.start, field.end)
        )
        return ast.Update(
            target=target,
            op=cast(ast.AssignOp, _token(children, *_ASSIGN_OPS).text),
            value=cast(ast.Expr, children[-1]),  # the expression ends the rule
            span=self.span(children),
        )

    def build_error_node(self, children: Children) -> ast.ErrorNode:
        error = _token(children, "ERROR")
        return ast.ErrorNode(error.text, span=self.span(children))

    # --- members and statements ------------------------------------------------------

    def build_string_literal(self, children: Children) -> ast.StringLiteral:
        (token,) = children
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
        target, op, value = children
        return ast.Update(
            target=cast(ast.UpdateTarget, target),
            op=cast(ast.AssignOp, op.text),
            value=cast(ast.Expr, value),
            span=self.span(children),
        )

    # --- accessors -------------------------------------------------------------------

    def build_subject_meta(self, children: Children) -> ast.SubjectMeta:
        field = _token(children, "META_FIELD")
        return ast.SubjectMeta(field=cast(ast.MetaField, field.text), span=self.span(children))

    def build_result_meta(self, children: Children) -> ast.ResultMeta:
        field = _token(children, "META_FIELD")
        return ast.ResultMeta(field=cast(ast.MetaField, field.text), span=self.span(children))

    def build_session_meta(self, children: Children) -> ast.SessionMeta:
        field = _token(children, "META_FIELD")
        return ast.SessionMeta(field=cast(ast.MetaField, field.text), span=self.span(children))

    def build_arg_meta(self, children: Children) -> ast.ArgMeta:
        name = _token(children, "NAME")
        return ast.ArgMeta(
            arg=ast.Name(name.text, span=self.token_span(name)),
            field=cast(ast.MetaField, _token(children, "META_FIELD").text),
            span=self.span(children),
        )

    def build_args_meta(self, children: Children) -> ast.ArgsMeta:
        field = cast(ast.MetaField, _token(children, "META_FIELD").text)
        aggregate = _optional_token(children, "UNION", "INTERSECT")  # `@args.tags.union`
        return ast.ArgsMeta(
            field=field,
            aggregate=cast(Any, aggregate.text) if aggregate is not None else None,
            span=self.span(children),
        )

    def build_aggregation(self, children: Children) -> ast.Aggregation:
        return ast.Aggregation(
            aggregate=cast(Any, _token(children, "UNION", "INTERSECT").text),
            field=cast(ast.MetaField, _token(children, "META_FIELD").text),
            span=self.span(children),
        )

    # --- predicates ------------------------------------------------------------------

    def build_or_(self, children: Children) -> ast.BoolOp:
        left, _or, right = children
        return ast.BoolOp("or", left, right, span=self.span(children))

    def build_and_(self, children: Children) -> ast.BoolOp:
        left, _and, right = children
        return ast.BoolOp("and", left, right, span=self.span(children))

    def build_not_(self, children: Children) -> ast.Not:
        _not, operand = children
        return ast.Not(operand, span=self.span(children))

    def build_group(self, children: Children) -> ast.Group:
        _open, inner, _close = children
        return ast.Group(inner, span=self.span(children))

    def build_name_ref(self, children: Children) -> ast.NameRef:
        (name,) = children
        return ast.NameRef(name.text, span=self.span(children))

    def build_set_comparison(self, children: Children) -> ast.SetComparison:
        words = " ".join(t.text for t in self.tokens(children))
        return ast.SetComparison(
            op=cast(ast.SetComparisonOp, words),
            left=children[0],
            right=children[-1],
            span=self.span(children),
        )

    def build_set_test(self, children: Children) -> ast.SetTest:
        operand, _is, test = children
        return ast.SetTest(test=test.text, operand=operand, span=self.span(children))

    def build_value_in(self, children: Children) -> ast.ValueIn:
        value, _in, domain = children
        return ast.ValueIn(value, domain, span=self.span(children))

    def build_value_equals(self, children: Children) -> ast.ValueEquals:
        left, _equals, right = children
        return ast.ValueEquals(left, right, span=self.span(children))

    def build_arg_value(self, children: Children) -> ast.ArgValue:
        name = _token(children, "NAME")
        return ast.ArgValue(
            arg=ast.Name(name.text, span=self.token_span(name)), span=self.span(children)
        )

    def build_result_value(self, children: Children) -> ast.ResultValue:
        return ast.ResultValue(span=self.span(children))

    def build_session_value(self, children: Children) -> ast.SessionValue:
        return ast.SessionValue(span=self.span(children))

    def build_bool_literal(self, children: Children) -> ast.BoolLiteral:
        (value,) = children
        return ast.BoolLiteral(value.text == "true", span=self.span(children))

    def build_number_literal(self, children: Children) -> ast.NumberLiteral:
        (number,) = children
        return ast.NumberLiteral(number.text, span=self.span(children))

    # --- sets ------------------------------------------------------------------------

    def build_set_op(self, children: Children) -> ast.SetOp:
        left, operator, right = children
        return ast.SetOp(
            op=cast(ast.SetOperator, _SET_OPS[operator.type]),
            symbol=operator.text,
            left=left,
            right=right,
            span=self.span(children),
        )

    def build_with_element(self, children: Children) -> ast.WithElement:
        elements, operator, element = children
        return ast.WithElement(
            op=operator.text, set=elements, element=element, span=self.span(children)
        )

    def build_set_literal(self, children: Children) -> ast.SetLiteral:
        elements = cast(
            list[ast.StringLiteral | ast.NumberLiteral | ast.Domain], self.nodes(children)
        )
        return ast.SetLiteral(elements=tuple(elements), span=self.span(children))

    # --- domains ---------------------------------------------------------------------

    def build_bool_domain(self, children: Children) -> ast.BoolDomain:
        value = _token(children, "BOOL")
        literal = ast.BoolLiteral(value.text == "true", span=self.token_span(value))
        return ast.BoolDomain(literal, span=self.span(children))

    def build_number_domain(self, children: Children) -> ast.NumberDomain:
        kind = _token(children, "INT_KW", "FLOAT_KW")
        number_range = _optional_node(children, ast.Range)
        return ast.NumberDomain(
            kind=cast(Any, kind.text), range=number_range, span=self.span(children)
        )

    def build_str_domain(self, children: Children) -> ast.StrDomain:
        pattern = _optional_node(children, (ast.StrPattern, ast.StringLiteral))
        length = _optional_node(children, ast.Range)  # after `length`, when given
        return ast.StrDomain(pattern=pattern, length=length, span=self.span(children))

    def build_str_pattern(self, children: Children) -> ast.StrPattern:
        literal = _token(children, "REGEX", "WILDCARD")
        return ast.StrPattern(
            kind=cast(Any, _token(children, "MATCHING", "LIKE").text),
            literal=ast.StringLiteral(literal.text, span=self.token_span(literal)),
            span=self.span(children),
        )

    def build_datetime_domain(self, children: Children) -> ast.DatetimeDomain:
        datetime_range = _optional_node(children, ast.Range)
        return ast.DatetimeDomain(range=datetime_range, span=self.span(children))

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
