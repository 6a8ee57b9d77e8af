"""The agent's tool definitions in the editor: completion, hover and go-to-definition.

The tools are the linter's (`tools = [...]` in the configuration, or the editor's
`sqrt.tools` setting), loaded with the document's settings (`Analysis.tools`). Pure
functions over an `Analysis`; the LSP handlers in `completion`, `hover` and
`navigation` call them. Text from tool files reaches the editor only as Markdown that
is escaped (`escape_markdown`) or fenced.
"""

from __future__ import annotations

import json
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from sqrt_tools.input_limits import read_text
from sqrt_tools.safe_text import escape_markdown
from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.lexical import COMMENTS, STRINGS, UNKNOWN, scan
from sqrt_tools.server.locate import innermost, path_at
from sqrt_tools.server.positions import Encoding, Positions
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.lexer import Token
from sqrt_tools.tools.catalog import ToolCatalog
from sqrt_tools.tools.definitions import Parameter, ToolDefinition
from sqrt_tools.tools.positions import SourcePosition

_NAME_TOKENS_END = frozenset({"DOT_VALUE", "DOT"})


# --- which tools a place in the text is about -----------------------------------------


def policy_tools(
    catalog: ToolCatalog, policy: ast.ToolPolicy | ast.ToolShorthand
) -> tuple[ToolDefinition, ...]:
    tool_id = policy.tool_id
    return catalog.applying(tool_id.value, regex=tool_id.kind == "r")


def _tool_id_token(tokens: list[Token]) -> Token | None:
    """The tool id of a declaration, from its first tokens (`tool "id"`)."""
    meaningful = [token for token in tokens[:4] if token.type not in COMMENTS]
    if len(meaningful) >= 2 and meaningful[0].type == "TOOL":
        candidate = meaningful[1]
        if candidate.type in ("STRING", "REGEX") or candidate.type == UNKNOWN:
            return candidate
    return None


def _decoded(token: Token) -> tuple[str, bool] | None:
    """The id a tool-id token spells, and whether it is a regex."""
    text = token.text
    regex = text.startswith("r")
    body = text[2:] if regex else text[1:]
    if body.endswith('"') and len(body) >= 1:
        body = body[:-1]
    return ast.decode_string(body), regex


# --- completion -----------------------------------------------------------------------


def tool_name_items(
    analysis: Analysis, offset: int, declaration_start: int
) -> list[types.CompletionItem] | None:
    """Tool names, when the cursor is inside the string of `tool "…"`; else None."""
    catalog = analysis.tools
    if catalog is None:
        return None
    tokens = scan(analysis.text, declaration_start, offset + 1)
    token = _tool_id_token(tokens)
    if token is None or token.text.startswith("r") or not token.start < offset:
        return None
    terminated = token.type == "STRING"
    if offset > (token.end - 1 if terminated else token.end):
        return None
    replace = analysis.positions.range(token.start + 1, token.end - 1 if terminated else offset)
    items = [
        types.CompletionItem(
            label=tool.name,
            kind=types.CompletionItemKind.Function,
            detail=_first_sentence(tool.description) or "tool",
            documentation=_markup(tool_markdown(tool)),
            sort_text=f"1{tool.name}",
            text_edit=types.TextEdit(range=replace, new_text=_escape_in_string(tool.name)),
        )
        for tool in catalog.tools
    ]
    items.extend(
        types.CompletionItem(
            label=name,
            kind=types.CompletionItemKind.Function,
            detail="the service's internal tool",
            sort_text=f"2{name}",
            text_edit=types.TextEdit(range=replace, new_text=name),
        )
        for name in catalog.internal_names
    )
    return items


def argument_items(
    analysis: Analysis, offset: int, replace: types.Range, already: set[str]
) -> list[types.CompletionItem]:
    """The parameters of the tools the policy at `offset` applies to."""
    catalog = analysis.tools
    if catalog is None:
        return []
    policy = innermost(path_at(analysis, offset), ast.ToolPolicy, ast.ToolShorthand)
    if not isinstance(policy, ast.ToolPolicy | ast.ToolShorthand):
        return []
    items: list[types.CompletionItem] = []
    seen = set(already)
    for tool in policy_tools(catalog, policy):
        for parameter in tool.parameters:
            if parameter.name in seen or not parameter.is_sqrt_name:
                continue
            seen.add(parameter.name)
            items.append(
                types.CompletionItem(
                    label=parameter.name,
                    kind=types.CompletionItemKind.Property,
                    detail=f"{_type_of(parameter)} argument of {tool.name}",
                    documentation=_markup(parameter_markdown(tool, parameter)),
                    sort_text=f"3{parameter.name}",
                    text_edit=types.TextEdit(range=replace, new_text=parameter.name),
                )
            )
    return items


def enum_items(
    analysis: Analysis, offset: int, declaration_start: int
) -> list[types.CompletionItem] | None:
    """The `enum` values of an argument, inside `ARG.value in {…}`; else None."""
    catalog = analysis.tools
    if catalog is None:
        return None
    tokens = [t for t in scan(analysis.text, declaration_start, offset) if t.type not in COMMENTS]
    id_token = _tool_id_token(tokens)
    if id_token is None:
        return None
    current = tokens[-1] if tokens and tokens[-1].end >= offset else None
    inside_string = current is not None and (
        current.type in STRINGS or (current.type == UNKNOWN and current.text.startswith('"'))
    )
    before = tokens[:-1] if inside_string else tokens
    brace = _open_brace(before)
    if brace is None or brace < 3:
        return None
    name, dot, keyword = before[brace - 3], before[brace - 2], before[brace - 1]
    if dot.type != "DOT_VALUE" or keyword.type != "IN" or not name.text.isidentifier():
        return None
    decoded = _decoded(id_token)
    if decoded is None:
        return None
    tools = catalog.applying(decoded[0], regex=decoded[1])
    values: list[object] = []
    for tool in tools:
        parameter = next((p for p in tool.parameters if p.name == name.text), None)
        enum = parameter.schema.get("enum") if parameter is not None else None
        if isinstance(enum, list):
            values.extend(v for v in enum if v not in values)
    if not values:
        return None
    start = current.start if inside_string and current is not None else offset
    replace = analysis.positions.range(start, offset)
    return [
        types.CompletionItem(
            label=literal,
            kind=types.CompletionItemKind.EnumMember,
            detail=f"a value of {name.text}",
            sort_text=f"0{index:04d}",
            text_edit=types.TextEdit(range=replace, new_text=literal),
        )
        for index, value in enumerate(values)
        if (literal := _sqrt_literal(value)) is not None
    ]


def _open_brace(tokens: list[Token]) -> int | None:
    """The index of the `{` the end of `tokens` is inside, if any."""
    depth = 0
    for index in range(len(tokens) - 1, -1, -1):
        kind = tokens[index].type
        if kind == "RBRACE":
            depth += 1
        elif kind == "LBRACE":
            if depth == 0:
                return index
            depth -= 1
        elif kind == "SEMICOLON":
            return None
    return None


# --- hover ----------------------------------------------------------------------------


def tool_id_hover(analysis: Analysis, policy: ast.ToolPolicy | ast.ToolShorthand) -> str | None:
    """What the agent's definitions say about a policy's tool id."""
    catalog = analysis.tools
    if catalog is None:
        return None
    identifier = policy.tool_id
    tools = policy_tools(catalog, policy)
    if identifier.kind == "r":
        internal = catalog.internal_applying(identifier.value, regex=True)
        names = [f"`{escape_markdown(t.name)}`" for t in tools] + [f"`{n}`" for n in internal]
        if not names:
            return f"Matches none of the {len(catalog.names)} defined tools."
        return f"Matches {len(names)} of the agent's tools: " + ", ".join(names) + "."
    if tools:
        return tool_markdown(tools[0])
    if catalog.internal_applying(identifier.value, regex=False):
        return "One of the service's internal tools."
    return f"Not among the {len(catalog.names)} defined tools."


def argument_hover(analysis: Analysis, offset: int, name: str) -> str | None:
    catalog = analysis.tools
    if catalog is None:
        return None
    policy = innermost(path_at(analysis, offset), ast.ToolPolicy, ast.ToolShorthand)
    if not isinstance(policy, ast.ToolPolicy | ast.ToolShorthand):
        return None
    parts = []
    for tool in policy_tools(catalog, policy):
        parameter = next((p for p in tool.parameters if p.name == name), None)
        if parameter is not None:
            parts.append(parameter_markdown(tool, parameter))
    if not parts:
        return None
    return "\n\n---\n\n".join(parts)


def tool_markdown(tool: ToolDefinition) -> str:
    lines = [f"**{escape_markdown(tool.name)}**"]
    if tool.description:
        lines += ["", escape_markdown(tool.description)]
    if tool.parameters:
        lines += ["", "| parameter | type | required | description |", "|---|---|---|---|"]
        lines += [
            f"| {escape_markdown(p.name)} | {escape_markdown(_type_of(p))} | "
            f"{'yes' if p.required else 'no'} | {escape_markdown(p.description)} |"
            for p in tool.parameters
        ]
    else:
        lines += ["", "No parameters."]
    return "\n".join(lines)


def parameter_markdown(tool: ToolDefinition, parameter: Parameter) -> str:
    required = "required" if parameter.required else "optional"
    schema = json.dumps(parameter.schema, indent=2, ensure_ascii=False)
    fence = "`" * max(3, _longest_backtick_run(schema) + 1)
    return (
        f"Argument `{escape_markdown(parameter.name)}` of `{escape_markdown(tool.name)}` "
        f"({escape_markdown(_type_of(parameter))}, {required})\n\n"
        f"{fence}json\n{schema}\n{fence}"
    )


# --- go to definition -----------------------------------------------------------------


def definitions(analysis: Analysis, offset: int) -> list[types.Location]:
    """The lines in the tool files of the tool id or argument at `offset`."""
    catalog = analysis.tools
    if catalog is None:
        return []
    path = path_at(analysis, offset)
    node = path[-1] if path else None
    policy = innermost(path, ast.ToolPolicy, ast.ToolShorthand)
    if not isinstance(policy, ast.ToolPolicy | ast.ToolShorthand):
        return []
    tools = policy_tools(catalog, policy)
    locate = _ToolFileLocations(analysis.positions.encoding)
    if node is policy.tool_id:
        return [
            location for tool in tools if (location := locate(tool.file, tool.position)) is not None
        ]
    if isinstance(node, ast.Name) and isinstance(path[-2], ast.ArgMeta | ast.ArgValue):
        return [
            location
            for tool in tools
            if (location := locate(tool.file, tool.parameter_positions.get(node.text))) is not None
        ]
    return []


class _ToolFileLocations:
    """LSP locations in tool files: the loader counts columns in code points, the client
    in its negotiated encoding (UTF-16 by default), so each file's text goes through the
    server's one converter (`Positions`), read once per request."""

    def __init__(self, encoding: Encoding) -> None:
        self._encoding = encoding
        self._converters: dict[str, Positions | None] = {}

    def __call__(self, file: str, position: SourcePosition | None) -> types.Location | None:
        if not file or position is None:
            return None
        uri = from_fs_path(str(Path(file).resolve()))
        if uri is None:
            return None
        converter = self._converter(file)
        if converter is None:  # the file has gone since it was loaded: the line still helps
            start = types.Position(position.line - 1, 0)
        else:
            offset = converter.line_start(position.line - 1) + position.column - 1
            start = converter.position(offset)
        return types.Location(uri, types.Range(start, start))

    def _converter(self, file: str) -> Positions | None:
        if file not in self._converters:
            try:
                text = read_text(file)
            except (OSError, UnicodeDecodeError, ValueError):
                self._converters[file] = None
            else:
                self._converters[file] = Positions(text, self._encoding)
        return self._converters[file]


# --- small helpers --------------------------------------------------------------------


def _type_of(parameter: Parameter) -> str:
    kind = parameter.schema.get("type")
    if isinstance(kind, list):
        return " | ".join(str(k) for k in kind)
    if isinstance(kind, str):
        return kind
    return "any"


def _first_sentence(text: str) -> str:
    first = text.split(". ", 1)[0].strip()
    return first if len(first) <= 80 else first[:79] + "…"


def _markup(text: str) -> types.MarkupContent:
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)


def _escape_in_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _sqrt_literal(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None  # SQRT sets hold strings and numbers only
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return '"' + _escape_in_string(value) + '"'
    return None


def _longest_backtick_run(text: str) -> int:
    longest = current = 0
    for char in text:
        current = current + 1 if char == "`" else 0
        longest = max(longest, current)
    return longest
