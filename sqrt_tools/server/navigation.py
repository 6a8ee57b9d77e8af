"""Go to definition, find references, document highlight and rename, for `let` names.

Names are resolved by the semantic model: a use refers to the first `let` of its name
(a second `let` of the same name is a `duplicate-let` finding, and is renamed with it).
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from sqrt_tools.server import agent_tools
from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.edits import workspace_edit
from sqrt_tools.server.guard import RequestRefused
from sqrt_tools.server.lexical import keyword_texts
from sqrt_tools.server.locate import path_at
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.spans import Span

_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_REST = _NAME_START | frozenset("0123456789")


@dataclass(frozen=True, slots=True)
class Occurrence:
    span: Span
    is_definition: bool


def name_at(analysis: Analysis, offset: int) -> tuple[str, Span] | None:
    """The `let` name (a definition or a use) at `offset`, with its span."""
    path = path_at(analysis, offset)
    if not path:
        return None
    node = path[-1]
    if isinstance(node, ast.NameRef):
        return node.name, node.span
    if isinstance(node, ast.Name) and len(path) > 1 and isinstance(path[-2], ast.LetDecl):
        return node.text, node.span
    return None


def occurrences(analysis: Analysis, name: str) -> list[Occurrence]:
    """Every declaration of `name` and every use that resolves to it, in text order."""
    model = analysis.model
    found = [
        Occurrence(symbol.decl.name.span, True)
        for symbol in model.let_symbols
        if symbol.name == name
    ]
    found.extend(Occurrence(reference.node.span, False) for reference in model.uses(name))
    found.sort(key=lambda item: item.span.start)
    return found


def definition(analysis: Analysis, offset: int) -> Span | None:
    found = name_at(analysis, offset)
    if found is None:
        return None
    symbol = analysis.model.lets.get(found[0])
    return symbol.decl.name.span if symbol is not None else None


def is_valid_name(name: str) -> bool:
    return bool(name) and name[0] in _NAME_START and all(char in _NAME_REST for char in name[1:])


def reserved_words() -> frozenset[str]:
    """Every word the grammar spells as a keyword, plus `inf`."""
    words = {word for spellings in keyword_texts().values() for word in spellings}
    words.add("inf")  # the INF terminal is a pattern (`[-+]?inf`), not a fixed text
    return frozenset(words)


def refusal(analysis: Analysis, old: str, new: str) -> str | None:
    """Why `old` cannot be renamed to `new`, or None when it can."""
    if not is_valid_name(new):
        return f"`{new}` is not a name: use letters, digits and `_`, not starting with a digit"
    if new in reserved_words():
        # [ours] The service's parser accepts names spelled like keywords, but a `let`
        # named `tool` or `when` only confuses readers: rename refuses them.
        return f"`{new}` is a keyword of SQRT"
    if new != old and new in analysis.model.lets:
        line = analysis.positions.position(analysis.model.lets[new].decl.span.start).line + 1
        return f"`{new}` is already defined on line {line}"
    return None


def rename_edits(analysis: Analysis, offset: int, new: str) -> list[types.TextEdit] | None:
    """The edits renaming the name at `offset`; None when nothing renameable is there.

    Raises `RequestRefused` when the new name is refused.
    """
    found = name_at(analysis, offset)
    if found is None or found[0] not in analysis.model.lets:
        return None
    old = found[0]
    problem = refusal(analysis, old, new)
    if problem is not None:
        raise RequestRefused(problem)
    positions = analysis.positions
    return [
        types.TextEdit(range=positions.range(item.span.start, item.span.end), new_text=new)
        for item in occurrences(analysis, old)
    ]


def register(server: SqrtServer) -> None:
    def located(
        document: types.TextDocumentIdentifier, position: types.Position
    ) -> tuple[Analysis, int] | None:
        analysis = server.analysis(document.uri)
        if analysis is None:
            return None
        return analysis, analysis.positions.offset(position)

    @server.handle(types.TEXT_DOCUMENT_DEFINITION, None)
    def goto_definition(
        params: types.DefinitionParams,
    ) -> types.Location | list[types.Location] | None:
        here = located(params.text_document, params.position)
        if here is None:
            return None
        analysis, offset = here
        span = definition(analysis, offset)
        if span is None:
            # A tool id or an argument: its line in the agent's tool files.
            return agent_tools.definitions(analysis, offset) or None
        return types.Location(params.text_document.uri, analysis.positions.range(*span[:2]))

    @server.handle(types.TEXT_DOCUMENT_REFERENCES, [])
    def references(params: types.ReferenceParams) -> list[types.Location]:
        here = located(params.text_document, params.position)
        if here is None:
            return []
        analysis, offset = here
        found = name_at(analysis, offset)
        if found is None:
            return []
        include = params.context.include_declaration
        return [
            types.Location(params.text_document.uri, analysis.positions.range(*item.span[:2]))
            for item in occurrences(analysis, found[0])
            if include or not item.is_definition
        ]

    @server.handle(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT, [])
    def highlight(params: types.DocumentHighlightParams) -> list[types.DocumentHighlight]:
        here = located(params.text_document, params.position)
        if here is None:
            return []
        analysis, offset = here
        found = name_at(analysis, offset)
        if found is None:
            return []
        return [
            types.DocumentHighlight(
                range=analysis.positions.range(*item.span[:2]),
                kind=(
                    types.DocumentHighlightKind.Write
                    if item.is_definition
                    else types.DocumentHighlightKind.Read
                ),
            )
            for item in occurrences(analysis, found[0])
        ]

    @server.handle(types.TEXT_DOCUMENT_PREPARE_RENAME, None)
    def prepare_rename(
        params: types.PrepareRenameParams,
    ) -> types.PrepareRenamePlaceholder | None:
        here = located(params.text_document, params.position)
        if here is None:
            return None
        analysis, offset = here
        found = name_at(analysis, offset)
        if found is None or found[0] not in analysis.model.lets:
            return None
        name, span = found
        return types.PrepareRenamePlaceholder(
            range=analysis.positions.range(span.start, span.end), placeholder=name
        )

    @server.handle(types.TEXT_DOCUMENT_RENAME, None, types.RenameOptions(prepare_provider=True))
    def rename(params: types.RenameParams) -> types.WorkspaceEdit | None:
        here = located(params.text_document, params.position)
        if here is None:
            return None
        analysis, offset = here
        edits = rename_edits(analysis, offset, params.new_name)
        if edits is None:
            return None
        return workspace_edit(server, params.text_document.uri, analysis.version, edits)
