"""Hover: what the word under the cursor means.

Keywords and operators get their documentation (`hover_docs`), chosen by the node they
stand in (`union` in `union of tags from args` is not the set operator); a `let` name
its definition, kind and doc comments; `@tags` what it refers to in the block it
stands in; a tool id the policy's doc comments.
"""

from __future__ import annotations

import re

from lsprotocol import types

from sqrt_tools.semantics import Context, Kind, Place
from sqrt_tools.semantics.context import member_place, shorthand_place
from sqrt_tools.server.agent_tools import argument_hover, tool_id_hover
from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.hover_docs import DOCS, Entry, subject_entry
from sqrt_tools.server.lexical import scan, token_at
from sqrt_tools.server.locate import innermost, path_at
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.lexer import Token

_DEFINITION_LENGTH = 300

# Terminals whose documentation does not depend on where they stand.
_FIXED: dict[str, str] = {
    "LET": "let",
    "PRIORITY": "priority",
    "MUST": "must",
    "HARD": "hard",
    "SHOULD": "should",
    "SOFT": "soft",
    "ALLOW": "allow",
    "DENY": "deny",
    "ALWAYS": "always",
    "BEFORE": "session before",
    "AFTER": "session after",
    "OR_EQUAL": "|=",
    "AND_EQUAL": "&=",
    "MINUS_EQUAL": "-=",
    "XOR_EQUAL": "^=",
    "ARROW": "->",
    "IN": "in",
    "OVERLAPS": "overlaps",
    "SUBSET": "subset of",
    "SUPERSET": "superset of",
    "NOT": "not",
    "AND": "and",
    "OR": "or",
    "MINUS": "minus",
    "MINUS_KW": "minus",
    "CARET": "xor",
    "XOR": "xor",
    "WITH": "with",
    "WITHOUT": "without",
    "AT_ARGS": "@args",
    "AT_RESULT": "@result",
    "AT_SESSION": "@session",
    "DOT_VALUE": ".value",
    "BOOL_KW": "bool",
    "INT_KW": "int",
    "FLOAT_KW": "float",
    "STR_KW": "str",
    "DATETIME_KW": "datetime",
    "MATCHING": "matching",
    "LIKE": "like",
    "LENGTH": "length",
    "BOOL": "true",
    "INF": "inf",
    "DOT_DOT": "..",
    "LT_DOT_DOT": "<..",
    "DOT_DOT_LT": "..<",
    "LT_DOT_DOT_LT": "<..<",
    "REGEX": "regex",
    "WILDCARD": "wildcard",
    "DATETIME": "datetime-string",
}


def place_of(path: list[ast.Node]) -> Place:
    """Where the innermost node of `path` is evaluated (see `semantics.context`)."""
    for node in reversed(path):
        if isinstance(node, ast.ToolShorthand):
            return shorthand_place(node)
        place = member_place(node)
        if place is not None:
            return place
        if isinstance(node, ast.LetDecl):
            return Place.LET
    return Place.TOOL_ID


def _keyword_key(token: Token, path: list[ast.Node]) -> str | None:
    kind = token.type
    fixed = _FIXED.get(kind)
    if fixed is not None:
        return fixed
    node = path[-1] if path else None
    if kind == "TOOL":
        return "shorthand" if isinstance(path[0], ast.ToolShorthand) else "tool"
    if kind == "WHEN":
        owner = innermost(path, ast.WhenBlock, ast.CheckRule, ast.ToolShorthand)
        if isinstance(owner, ast.WhenBlock):
            return "when-block"
        return "when-shorthand" if isinstance(owner, ast.ToolShorthand) else "when-rule"
    if kind == "RESULT":
        return "target-result" if isinstance(node, ast.ToolShorthand) else "result"
    if kind == "SESSION":
        if isinstance(node, ast.SessionBlock):
            return f"session {node.timing}"
        if isinstance(node, ast.ToolShorthand):
            return node.target if node.target != "session" else "target-session"
        return "session"
    if kind == "EQUAL":
        return "=" if isinstance(node, ast.Update) else "let"
    if kind == "EQUAL_EQUAL":
        return "==value" if isinstance(node, ast.ValueEquals) else "==set"
    if kind in ("IS", "EMPTY", "UNIVERSAL"):
        return f"is {node.test}" if isinstance(node, ast.SetTest) else None
    if kind in ("UNION", "VBAR", "INTERSECT", "AMPERSAND", "OF", "FROM", "ARGS"):
        if isinstance(node, ast.Aggregation):
            return f"aggregation-{node.aggregate}"
        if isinstance(node, ast.ArgsMeta):
            return "@args"
        if isinstance(node, ast.SetComparison):
            return node.op if node.op != "==" else "==set"
        if kind in ("UNION", "VBAR"):
            return "union"
        if kind in ("INTERSECT", "AMPERSAND"):
            return "intersect"
        return None
    if kind in ("LSQB", "RSQB") and isinstance(node, ast.ToolShorthand):
        return "shorthand-priority"
    if kind == "META_FIELD":
        return token.text
    return None


def fenced(code: str) -> str:
    """`code` in a Markdown code block whose fence no backtick run inside can close."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}sqrt\n{code}\n{fence}"


def _let_hover(analysis: Analysis, name: str) -> str | None:
    symbol = analysis.model.lets.get(name)
    if symbol is None:
        return None
    decl = symbol.decl
    definition = analysis.text[decl.span.start : decl.span.end]
    if len(definition) > _DEFINITION_LENGTH:
        definition = definition[: _DEFINITION_LENGTH - 1] + "…"
    kind = analysis.model.kind_of(decl.value)
    line = analysis.positions.position(decl.span.start).line + 1
    described = f"*{kind}*" if kind is not Kind.UNKNOWN else "*of unknown kind*"
    parts = [fenced(definition), f"`{name}`: {described}, defined on line {line}."]
    docs = "\n".join(doc.content for doc in decl.docs)
    if docs:
        parts.append(docs)
    return "\n\n".join(parts)


def _tool_hover(analysis: Analysis, policy: ast.ToolPolicy | ast.ToolShorthand) -> str:
    identifier = policy.tool_id
    if identifier.kind == "r":
        what = f"Tool policy for every tool whose whole name matches `{identifier.raw}`."
    else:
        what = f"Tool policy for `{identifier.value}`."
    scope = next((tool for tool in analysis.model.tools if tool.policy is policy), None)
    if scope is not None:
        what += f" Priority {scope.priority}."
    docs = "\n".join(doc.content for doc in policy.docs)
    parts = [what, docs, tool_id_hover(analysis, policy) or ""]
    return "\n\n".join(part for part in parts if part)


def _subject_hover(path: list[ast.Node], field: str) -> str:
    place = place_of(path)
    if place is Place.LET:
        entry = Entry(
            f"@{field}",
            f"The {field} of the block where this `let` is used: the result's in a "
            "`result` block, the session's in a `session` block.",
        )
    else:
        entry = subject_entry(Context(place).subject, field, str(place))
    return entry.markdown()


def hover_text(analysis: Analysis, offset: int) -> tuple[str, Token] | None:
    declaration = analysis.declaration_at(offset)
    if declaration is None:
        return None
    token = token_at(scan(analysis.text, declaration.span.start, declaration.span.end), offset)
    if token is None:
        return None
    path = path_at(analysis, token.start if token.end > offset else offset)
    node = path[-1] if path else None
    # Names first: a name may be spelled like a keyword.
    if isinstance(node, ast.NameRef):
        text = _let_hover(analysis, node.name)
        return (text, token) if text else None
    if isinstance(node, ast.Name):
        parent = path[-2] if len(path) > 1 else None
        if isinstance(parent, ast.LetDecl):
            text = _let_hover(analysis, node.text)
            return (text, token) if text else None
        defined = argument_hover(analysis, offset, node.text)
        return (defined or f"Argument `{node.text}` of the called tool.", token)
    if isinstance(node, ast.SubjectMeta):
        return (_subject_hover(path, node.field), token)
    if (
        isinstance(node, ast.StringLiteral)
        and isinstance(declaration, ast.ToolPolicy | ast.ToolShorthand)
        and node is declaration.tool_id
    ):
        return (_tool_hover(analysis, declaration), token)
    key = _keyword_key(token, path)
    if key is None or key not in DOCS:
        return None
    return (DOCS[key].markdown(), token)


def register(server: SqrtServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_HOVER, None)
    def hover(params: types.HoverParams) -> types.Hover | None:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return None
        found = hover_text(analysis, analysis.positions.offset(params.position))
        if found is None:
            return None
        text, token = found
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
            range=analysis.positions.range(token.start, token.end),
        )
