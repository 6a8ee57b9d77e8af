"""The outline of a policy: `let`s, and tool policies with their rules and blocks."""

from __future__ import annotations

from lsprotocol import types

from sqrt_tools.semantics import Kind
from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.syntax import ast

_NAME_LENGTH = 60

# How each kind of `let` shows in an outline.
_LET_KIND = {
    Kind.PREDICATE: types.SymbolKind.Boolean,
    Kind.SET: types.SymbolKind.Array,
    Kind.DOMAIN: types.SymbolKind.TypeParameter,
}


def excerpt(analysis: Analysis, node: ast.Node, limit: int = _NAME_LENGTH) -> str:
    """The node's text on one line, shortened to `limit` characters (never empty)."""
    text = " ".join(analysis.text[node.span.start : node.span.end].split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or type(node).__name__


def let_kind(analysis: Analysis, decl: ast.LetDecl) -> Kind:
    return analysis.model.kind_of(decl.value)


def _symbol(
    analysis: Analysis,
    name: str,
    kind: types.SymbolKind,
    node: ast.Node,
    selection: ast.Node,
    *,
    detail: str | None = None,
    children: list[types.DocumentSymbol] | None = None,
) -> types.DocumentSymbol:
    positions = analysis.positions
    return types.DocumentSymbol(
        name=name,
        kind=kind,
        range=positions.range(node.span.start, node.span.end),
        selection_range=positions.range(selection.span.start, selection.span.end),
        detail=detail,
        children=children,
    )


def document_symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    symbols: list[types.DocumentSymbol] = []
    for declaration in analysis.program.declarations:
        if isinstance(declaration, ast.LetDecl):
            kind = let_kind(analysis, declaration)
            symbols.append(
                _symbol(
                    analysis,
                    declaration.name.text,
                    _LET_KIND.get(kind, types.SymbolKind.Variable),
                    declaration,
                    declaration.name,
                    detail=str(kind) if kind is not Kind.UNKNOWN else None,
                )
            )
        elif isinstance(declaration, ast.ToolPolicy):
            members = [
                symbol
                for member in declaration.members
                if (symbol := _member_symbol(analysis, member)) is not None
            ]
            symbols.append(
                _symbol(
                    analysis,
                    declaration.tool_id.raw,
                    types.SymbolKind.Function,
                    declaration,
                    declaration.tool_id,
                    detail="tool policy",
                    children=members,
                )
            )
        elif isinstance(declaration, ast.ToolShorthand):
            update = _symbol(
                analysis,
                excerpt(analysis, declaration.update),
                types.SymbolKind.Field,
                declaration.update,
                declaration.update,
                detail=_shorthand_target(declaration),
            )
            symbols.append(
                _symbol(
                    analysis,
                    declaration.tool_id.raw,
                    types.SymbolKind.Function,
                    declaration,
                    declaration.tool_id,
                    detail="tool policy (shorthand)",
                    children=[update],
                )
            )
    return symbols


def _shorthand_target(shorthand: ast.ToolShorthand) -> str:
    return shorthand.target or "result"


def _member_symbol(analysis: Analysis, member: ast.Member) -> types.DocumentSymbol | None:
    if isinstance(member, ast.CheckRule):
        return _symbol(
            analysis,
            excerpt(analysis, member),
            types.SymbolKind.Event,
            member,
            member,
            detail="check rule",
        )
    if isinstance(member, ast.Priority):
        return _symbol(
            analysis, f"priority {member.value.raw}", types.SymbolKind.Number, member, member
        )
    if isinstance(member, ast.ResultBlock | ast.SessionBlock):
        name = "result" if isinstance(member, ast.ResultBlock) else f"session {member.timing}"
        children = [
            symbol
            for statement in member.statements
            if (symbol := _statement_symbol(analysis, statement)) is not None
        ]
        return _symbol(
            analysis, name, types.SymbolKind.Namespace, member, member, children=children
        )
    return None


def _statement_symbol(analysis: Analysis, statement: ast.Statement) -> types.DocumentSymbol | None:
    if isinstance(statement, ast.Update):
        return _symbol(
            analysis, excerpt(analysis, statement), types.SymbolKind.Field, statement, statement
        )
    if isinstance(statement, ast.WhenBlock):
        children = [
            symbol
            for inner in statement.statements
            if (symbol := _statement_symbol(analysis, inner)) is not None
        ]
        condition = excerpt(analysis, statement.condition)
        return _symbol(
            analysis,
            f"when {condition}",
            types.SymbolKind.Struct,
            statement,
            statement.condition,
            children=children,
        )
    return None


def register(server: SqrtServer) -> None:
    @server.handle(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, [])
    def outline(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        analysis = server.analysis(params.text_document.uri)
        return document_symbols(analysis) if analysis is not None else []
