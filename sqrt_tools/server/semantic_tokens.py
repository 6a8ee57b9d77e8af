"""Semantic tokens (full and delta): keywords and symbols by terminal, names by the AST.

Every token of the text is read with the grammar's terminals (`lexical.scan`); the AST
then says what a word really is where the grammar let a name be spelled like a keyword
(`from.tags`, `let tool = ...`): a `let` name, an argument, a tool id.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.lexical import NUMBERS, keyword_texts
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.syntax import ast

TOKEN_TYPES = [
    "keyword",
    "operator",
    "string",
    "regexp",
    "number",
    "comment",
    "variable",
    "parameter",
    "property",
    "type",
    "function",
]
TOKEN_MODIFIERS = ["declaration", "readonly", "documentation", "defaultLibrary"]
LEGEND = types.SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS)

_TYPE = {name: index for index, name in enumerate(TOKEN_TYPES)}
_MOD = {name: 1 << index for index, name in enumerate(TOKEN_MODIFIERS)}

# Terminal -> (token type, modifiers) for terminals whose meaning the terminal decides.
_BY_TERMINAL: dict[str, tuple[str, int]] = {
    "STRING": ("string", 0),
    "DATETIME": ("string", 0),
    "WILDCARD": ("regexp", 0),
    "REGEX": ("regexp", 0),
    "LINE_COMMENT": ("comment", 0),
    "BLOCK_COMMENT": ("comment", 0),
    "DOC_COMMENT": ("comment", _MOD["documentation"]),
    "META_FIELD": ("property", 0),
    "DOT_VALUE": ("property", 0),
    "AT": ("variable", _MOD["defaultLibrary"]),
    "AT_RESULT": ("variable", _MOD["defaultLibrary"]),
    "AT_SESSION": ("variable", _MOD["defaultLibrary"]),
    "AT_ARGS": ("variable", _MOD["defaultLibrary"]),
    "BOOL_KW": ("type", 0),
    "INT_KW": ("type", 0),
    "FLOAT_KW": ("type", 0),
    "STR_KW": ("type", 0),
    "DATETIME_KW": ("type", 0),
    "NAME": ("variable", 0),
    **{name: ("number", 0) for name in NUMBERS},
}
_PUNCTUATION = frozenset(
    {"SEMI", "COMMA", "LBRACE", "RBRACE", "LPAR", "RPAR", "LSQB", "RSQB", "DOT", "UNKNOWN"}
)


def _names(program: ast.Program) -> dict[int, tuple[str, int]]:
    """Start offset -> (type, modifiers) of every name and tool id in the AST."""
    names: dict[int, tuple[str, int]] = {}
    readonly = _MOD["readonly"]
    for node in program.walk():
        if isinstance(node, ast.LetDecl):
            names[node.name.span.start] = ("variable", _MOD["declaration"] | readonly)
        elif isinstance(node, ast.NameRef):
            names[node.span.start] = ("variable", readonly)
        elif isinstance(node, ast.ArgMeta | ast.ArgValue):
            names[node.arg.span.start] = ("parameter", 0)
        elif isinstance(node, ast.ToolPolicy | ast.ToolShorthand):
            names[node.tool_id.span.start] = ("function", _MOD["declaration"])
    return names


@dataclass(frozen=True, slots=True)
class Classified:
    start: int
    end: int
    type: int
    modifiers: int


def classify(analysis: Analysis) -> list[Classified]:
    """Every highlighted token, in order."""
    names = _names(analysis.program)
    keywords = keyword_texts()
    out: list[Classified] = []
    for token in analysis.tokens:
        kind = token.type
        found = names.get(token.start)
        if found is None:
            if kind in _BY_TERMINAL:
                found = _BY_TERMINAL[kind]
            elif kind in _PUNCTUATION:
                continue
            elif kind in keywords:
                found = ("keyword", 0)
            else:
                found = ("operator", 0)
        out.append(Classified(token.start, token.end, _TYPE[found[0]], found[1]))
    return out


def encode(analysis: Analysis) -> list[int]:
    """The LSP integer encoding; tokens spanning lines are cut at each line end."""
    positions = analysis.positions
    data: list[int] = []
    last_line = 0
    last_char = 0
    for item in classify(analysis):
        start = item.start
        while start < item.end:
            line = positions.line_of(start)
            stop = min(item.end, positions.line_end(line))
            if stop > start:
                begin = positions.position(start)
                length = positions.position(stop).character - begin.character
                delta_line = begin.line - last_line
                delta_char = begin.character - (last_char if delta_line == 0 else 0)
                data.extend((delta_line, delta_char, length, item.type, item.modifiers))
                last_line, last_char = begin.line, begin.character
            next_start = positions.line_start(line + 1)
            if next_start <= start:
                break
            start = next_start
    return data


def delta(old: list[int], new: list[int]) -> list[types.SemanticTokensEdit]:
    """One edit turning `old` into `new` (empty when equal), on whole 5-integer tokens."""
    if old == new:
        return []
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    prefix -= prefix % 5
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    suffix -= suffix % 5
    return [
        types.SemanticTokensEdit(
            start=prefix,
            delete_count=len(old) - prefix - suffix,
            data=new[prefix : len(new) - suffix],
        )
    ]


class TokenCache:
    """The last tokens sent for each document, for delta requests."""

    def __init__(self) -> None:
        self._sent: dict[str, tuple[str, list[int]]] = {}

    def full(self, uri: str, analysis: Analysis) -> types.SemanticTokens:
        data = encode(analysis)
        result_id = str(analysis.serial)
        self._sent[uri] = (result_id, data)
        return types.SemanticTokens(data=data, result_id=result_id)

    def delta(
        self, uri: str, analysis: Analysis, previous: str
    ) -> types.SemanticTokens | types.SemanticTokensDelta:
        sent = self._sent.get(uri)
        if sent is None or sent[0] != previous:
            return self.full(uri, analysis)
        data = encode(analysis)
        result_id = str(analysis.serial)
        self._sent[uri] = (result_id, data)
        return types.SemanticTokensDelta(edits=delta(sent[1], data), result_id=result_id)

    def forget(self, uri: str) -> None:
        self._sent.pop(uri, None)


def register(server: SqrtServer) -> None:
    cache = TokenCache()

    def closed(uris: list[str], edited: bool) -> None:
        del edited
        for uri in uris:
            if server.documents.get(uri) is None:
                cache.forget(uri)

    server.on_analysis_changed.append(closed)
    empty = types.SemanticTokens(data=[])

    # pygls builds the provider options from the legend and the registered methods.
    @server.handle(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, empty, LEGEND)
    def full(params: types.SemanticTokensParams) -> types.SemanticTokens:
        uri = params.text_document.uri
        analysis = server.analysis(uri)
        return cache.full(uri, analysis) if analysis is not None else empty

    @server.handle(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL_DELTA, empty)
    def full_delta(
        params: types.SemanticTokensDeltaParams,
    ) -> types.SemanticTokens | types.SemanticTokensDelta:
        uri = params.text_document.uri
        analysis = server.analysis(uri)
        if analysis is None:
            return empty
        return cache.delta(uri, analysis, params.previous_result_id)
