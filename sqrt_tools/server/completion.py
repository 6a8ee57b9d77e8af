"""Completion: only what the grammar accepts at the cursor.

The parser says which terminals may come next (`syntax.expected_at`, run on the text
from the top-level declaration the cursor is in, so the cost does not grow with the
file); this module turns them into items: keywords, meta fields after `.` and `@`,
`let` names of a kind the position accepts and defined before it, argument names the
policy already uses, and snippets where a declaration or a tool member may start.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from sqrt_tools.semantics import Kind
from sqrt_tools.server.agent_tools import argument_items, enum_items, tool_name_items
from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.lexical import COMMENTS, STRINGS, UNKNOWN, keyword_texts, scan
from sqrt_tools.server.locate import innermost, path_at
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.syntax import ast, expected_at

# Keywords that are always followed by another: offered together.
_PHRASES = {"SUBSET": "subset of", "SUPERSET": "superset of"}
_ACCESSORS = {"AT_RESULT": "@result", "AT_SESSION": "@session", "AT_ARGS": "@args"}
_META_FIELDS = ("tags", "producers", "consumers")
# Where a tool member or a declaration may start (the snippets' places).
_MEMBER_START = frozenset({"MUST", "SHOULD", "RESULT", "SESSION", "PRIORITY"})
_DECLARATION_START = frozenset({"LET", "TOOL"})


@dataclass(frozen=True, slots=True)
class Snippet:
    label: str
    body: str
    detail: str


DECLARATION_SNIPPETS = (
    Snippet(
        "tool block",
        'tool "${1:tool_name}" {\n    ${2|must,should|} ${3|deny,allow|} when ${4:predicate};\n}',
        "a tool policy with one check rule",
    ),
    Snippet("let", "let ${1:name} = ${2:expression};", "a named predicate, set or domain"),
)
MEMBER_SNIPPETS = (
    Snippet(
        "check rule",
        "${1|must,should|} ${2|deny,allow|} when ${3:predicate};",
        "a check rule with a condition",
    ),
    Snippet("result block", "result {\n    @${1|tags,producers,consumers|} |= {$2};\n}", ""),
    Snippet(
        "session block",
        "session ${1|before,after|} {\n    @${2|tags,producers,consumers|} |= {$3};\n}",
        "",
    ),
)


def _is_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


def word_start(text: str, offset: int) -> int:
    start = offset
    while start > 0 and _is_word(text[start - 1]):
        start -= 1
    return start


def inside_comment_or_string(analysis: Analysis, offset: int, scan_from: int) -> bool:
    for token in scan(analysis.text, scan_from, offset):
        if token.start < offset < token.end and (token.type in COMMENTS or token.type in STRINGS):
            return True
        if token.type in ("LINE_COMMENT", "DOC_COMMENT") and token.end == offset:
            return True  # at the end of a line comment: still inside it
        if token.type == UNKNOWN and token.text.startswith(('"', "/*")) and token.end >= offset:
            return True  # an unterminated string or comment runs to the cursor
    return False


def parse_start(analysis: Analysis, offset: int) -> int:
    """Where to start reading for `expected_at`: a top-level declaration boundary.

    A `let` or tool policy node is only ever built at the top level, so its start is
    a place where the parser stands exactly as at the start of the file.
    """
    declarations = analysis.program.declarations
    for index in range(analysis.declarations_before(offset) - 1, -1, -1):
        candidate = declarations[index]
        if not isinstance(candidate, ast.ErrorNode):
            return candidate.span.start
    return 0


def _allowed_kinds(expected: frozenset[str]) -> frozenset[Kind]:
    """The kinds of `let` a position takes, told by what else may start there."""
    predicate = "NOT" in expected
    set_ = "LBRACE" in expected
    if predicate and not set_:
        return frozenset({Kind.PREDICATE, Kind.UNKNOWN})
    if set_ and not predicate:
        return frozenset({Kind.SET, Kind.DOMAIN, Kind.UNKNOWN})
    return frozenset(Kind)


def _item(
    label: str,
    kind: types.CompletionItemKind,
    replace: types.Range,
    detail: str | None = None,
    sort: str = "5",
) -> types.CompletionItem:
    return types.CompletionItem(
        label=label,
        kind=kind,
        detail=detail,
        sort_text=f"{sort}{label}",
        text_edit=types.TextEdit(range=replace, new_text=label),
    )


def _snippet(snippet: Snippet, replace: types.Range) -> types.CompletionItem:
    return types.CompletionItem(
        label=snippet.label,
        kind=types.CompletionItemKind.Snippet,
        detail=snippet.detail or None,
        insert_text_format=types.InsertTextFormat.Snippet,
        sort_text=f"9{snippet.label}",
        text_edit=types.TextEdit(range=replace, new_text=snippet.body),
    )


def complete(analysis: Analysis, offset: int, snippets: bool) -> list[types.CompletionItem]:
    text = analysis.text
    start = parse_start(analysis, offset)
    if inside_comment_or_string(analysis, offset, start):
        # Inside `tool "…"` the agent's tool names; inside a string in `in {…}` the values.
        return tool_name_items(analysis, offset, start) or enum_items(analysis, offset, start) or []
    word = word_start(text, offset)
    at_sign = word > 0 and text[word - 1] == "@"
    replace_from = word - 1 if at_sign else word
    replace = analysis.positions.range(replace_from, offset)
    expected = expected_at(text[start:replace_from], replace_from - start)
    items: list[types.CompletionItem] = []
    words = keyword_texts()
    for terminal in sorted(expected):
        if terminal in _PHRASES:
            items.append(_item(_PHRASES[terminal], types.CompletionItemKind.Keyword, replace))
        elif terminal == "META_FIELD":
            for field in _META_FIELDS:
                items.append(_item(field, types.CompletionItemKind.Field, replace, "metadata", "1"))
        elif terminal == "AT":
            for field in _META_FIELDS:
                items.append(
                    _item(f"@{field}", types.CompletionItemKind.Field, replace, "the block's own")
                )
        elif terminal in _ACCESSORS:
            items.append(_item(_ACCESSORS[terminal], types.CompletionItemKind.Variable, replace))
        elif terminal in words and not at_sign:
            for spelling in words[terminal]:
                items.append(_item(spelling, types.CompletionItemKind.Keyword, replace))
    if (
        word > 0
        and text[word - 1] == "."
        and "DOT_VALUE" in expected_at(text[start : word - 1], word - 1 - start)
    ):
        items.append(_item("value", types.CompletionItemKind.Field, replace, "the value", "1"))
    if "NAME" in expected and not at_sign:
        items.extend(_names(analysis, expected, word, replace))
    items.extend(enum_items(analysis, offset, start) or [])
    if snippets and not at_sign:
        if expected & _MEMBER_START:
            items.extend(_snippet(snippet, replace) for snippet in MEMBER_SNIPPETS)
        if expected >= _DECLARATION_START:
            items.extend(_snippet(snippet, replace) for snippet in DECLARATION_SNIPPETS)
    return items


def _names(
    analysis: Analysis, expected: frozenset[str], offset: int, replace: types.Range
) -> list[types.CompletionItem]:
    model = analysis.model
    allowed = _allowed_kinds(expected)
    items: list[types.CompletionItem] = []
    # [ours] Names must be bound before use: only `let`s that end before the cursor.
    for symbol in model.let_symbols:
        if symbol.is_duplicate or symbol.decl.span.end > offset:
            continue
        kind = model.let_kind(symbol)
        if kind in allowed:
            items.append(
                _item(symbol.name, types.CompletionItemKind.Variable, replace, str(kind), "2")
            )
    policy = innermost(path_at(analysis, offset), ast.ToolPolicy, ast.ToolShorthand)
    if policy is not None:
        tool = next((tool for tool in model.tools if tool.policy is policy), None)
        if tool is not None:
            known = {item.label for item in items}
            # The agent's parameters first (with descriptions), then names only used.
            defined = argument_items(analysis, offset, replace, known)
            items.extend(defined)
            known |= {item.label for item in defined}
            for argument in sorted(model.arguments(tool) - known):
                items.append(
                    _item(argument, types.CompletionItemKind.Property, replace, "argument", "3")
                )
    return items


def register(server: SqrtServer) -> None:
    def snippets_supported() -> bool:
        capabilities = server.client_capabilities
        completion = capabilities.text_document.completion if capabilities.text_document else None
        item = completion.completion_item if completion else None
        return bool(item and item.snippet_support)

    @server.handle(
        types.TEXT_DOCUMENT_COMPLETION,
        None,
        types.CompletionOptions(trigger_characters=[".", "@"]),
    )
    def completion(params: types.CompletionParams) -> types.CompletionList | None:
        analysis = server.analysis(params.text_document.uri)
        if analysis is None:
            return None
        offset = analysis.positions.offset(params.position)
        items = complete(analysis, offset, snippets_supported())
        return types.CompletionList(is_incomplete=False, items=items)
