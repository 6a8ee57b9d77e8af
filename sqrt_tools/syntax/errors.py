"""Syntax error messages that a person understands.

The parser hands over where it got stuck (the position and its stack); this module
looks at what stands there and at what the grammar expected, and says it in the
policy author's terms: "expected `;` after the `let` declaration", "unterminated
string", "a set comparison needs a metadata accessor on its left". Never Lark's text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqrt_tools.safe_text import escape_control
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.lexer import Token
from sqrt_tools.syntax.lexicon import terminal_texts
from sqrt_tools.syntax.spans import line_end_at


class StuckParse(Protocol):
    """What error reporting needs from a parse that cannot go on (the parser provides it)."""

    @property
    def text(self) -> str:
        """The whole source text."""
        ...

    @property
    def pos(self) -> int:
        """Where the parse got stuck (past the white space and comments there)."""
        ...

    def stack_values(self) -> list[Any]:
        """What the parser holds, bottom first: tokens, AST nodes and lists of them."""
        ...

    def expected(self) -> set[str]:
        """The terminals (and `$END`) the grammar really accepts at `pos`."""
        ...

    def token_at(self, pos: int) -> Token | None:
        """The longest token of any kind at `pos` (a keyword wins a tie), if any."""
        ...

    def line_of(self, offset: int) -> int:
        """The 1-based line of `offset`."""
        ...


# How each terminal is named in a message.
_DISPLAY: dict[str, str] = {
    "NAME": "a name",
    "STRING": 'a string `"..."`',
    "REGEX": 'a regex `r"..."`',
    "WILDCARD": 'a wildcard `w"..."`',
    "DATETIME": 'a datetime `d"..."`',
    "INT": "an integer",
    "FLOAT": "a number",
    "INF": "`inf`",
    "BOOL": "`true` or `false`",
    "META_FIELD": "`tags`, `producers` or `consumers`",
    "DOC_COMMENT": "a doc comment",
    "$END": "the end of the file",
}

_PREDICATE_START = {"NOT", "NAME", "LPAR", "AT", "AT_RESULT", "AT_SESSION", "AT_ARGS", "STRING"}
_SET_START = {"LBRACE", "NAME", "LPAR", "AT", "AT_RESULT", "AT_SESSION", "AT_ARGS", "UNION"}
_COMPARISON_WORDS = {"OVERLAPS", "SUBSET", "SUPERSET", "IS"}
_RANGE_OPS = {"DOT_DOT", "LT_DOT_DOT", "DOT_DOT_LT", "LT_DOT_DOT_LT"}

# What a `;` ends, named after the keyword that opened it (innermost first).
_STATEMENT_OF = {
    "LET": "the `let` declaration",
    "PRIORITY": "`priority`",
    "MUST": "the check rule",
    "HARD": "the check rule",
    "SHOULD": "the check rule",
    "SOFT": "the check rule",
    "ARROW": "the shorthand policy",
}
_BLOCK_OF = {
    "TOOL": "the `tool` block",
    "RESULT": "the `result` block",
    "SESSION": "the `session` block",
    "WHEN": "the `when` block",
}


# A message and the `[start, end)` it points at.
Described = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class _Stop:
    """A parse stuck in the middle of the text, before `token`."""

    stuck: StuckParse
    token: Token
    expected: set[str]
    values: list[Any]
    previous_end: int

    @property
    def top(self) -> Any:
        return self.values[-1] if self.values else None

    def top_is(self, kind: str) -> bool:
        return isinstance(self.top, Token) and self.top.type == kind

    def at_token(self, message: str) -> Described:
        return message, self.token.start, self.token.end


def _nested_when(stop: _Stop) -> Described | None:
    # `when` inside a `when` block reads as an argument name; say what was meant.
    top = stop.top
    if stop.top_is("NAME") and top.text == "when" and _inside_when(stop.values):
        return "`when` blocks cannot be nested", top.start, top.end
    return None


def _doc_before_brace(stop: _Stop) -> Described | None:
    if stop.top_is("DOC_COMMENT") and stop.token.type == "RBRACE":
        return _dangling_doc(stop.top)
    return None


_NEEDS_ACCESSOR = "a set comparison needs a metadata accessor on its left (for example `x.tags`)"


def _comparison_without_accessor(stop: _Stop) -> Described | None:
    if stop.token.type in _COMPARISON_WORDS and stop.token.type not in stop.expected:
        return stop.at_token(f"{_NEEDS_ACCESSOR}, not {_describe_left(stop.top)}")
    return None


def _set_literal_as_condition(stop: _Stop) -> Described | None:
    if stop.token.type == "LBRACE" and "NOT" in stop.expected and "LBRACE" not in stop.expected:
        return stop.at_token(f"{_NEEDS_ACCESSOR}, not a set literal")
    return None


def _datetime_in_set_literal(stop: _Stop) -> Described | None:
    if stop.token.type == "DATETIME" and "WILDCARD" in stop.expected:
        return stop.at_token(
            'a set literal cannot hold a `d"..."` datetime string; use a `datetime d"..."` domain'
        )
    return None


def _datetime_range_of_numbers(stop: _Stop) -> Described | None:
    if stop.token.type in _RANGE_OPS and _after_datetime_number(stop.values):
        return stop.at_token(
            'a `datetime` range needs `d"..."` bounds (a single number is read as epoch seconds)'
        )
    return None


def _trailing_comma_in_set(stop: _Stop) -> Described | None:
    if stop.token.type == "RBRACE" and stop.top_is("COMMA"):
        return "a set literal cannot end with `,`", stop.top.start, stop.top.end
    return None


def _space_before_value(stop: _Stop) -> Described | None:
    token = stop.token
    if (
        token.type == "NAME"
        and token.text == "value"
        and stop.top_is("DOT")
        and "META_FIELD" in stop.expected
    ):
        message = "write `.value` with no space after the name, as in `x.value`"
        return message, stop.top.start, token.end
    return None


def _misplaced_doc_comment(stop: _Stop) -> Described | None:
    if stop.token.type == "DOC_COMMENT":
        return stop.at_token(
            "a doc comment (`///`) cannot stand here; it must come right before the "
            "declaration, rule or statement it documents (use `//` for a plain comment)"
        )
    return None


def _missing_semicolon(stop: _Stop) -> Described | None:
    if "SEMI" in stop.expected and stop.token.type != "SEMI":
        construct = _innermost(stop.values, _STATEMENT_OF) or _statement_in_block(stop.values)
        if construct:
            found = _describe_token(stop.token)
            message = f"expected `;` after {construct}, found {found}"
            return message, stop.previous_end, stop.previous_end
    return None


def _unclosed_block(stop: _Stop) -> Described | None:
    if "RBRACE" in stop.expected and stop.token.type in ("LET", "TOOL"):
        return _unclosed(stop.stuck, stop.values, _describe_token(stop.token), stop.token)
    return None


# The specific explanations, tried in order; the first that applies gives the message.
_CHECKS: tuple[Callable[[_Stop], Described | None], ...] = (
    _nested_when,
    _doc_before_brace,
    _comparison_without_accessor,
    _set_literal_as_condition,
    _datetime_in_set_literal,
    _datetime_range_of_numbers,
    _trailing_comma_in_set,
    _space_before_value,
    _misplaced_doc_comment,
    _missing_semicolon,
    _unclosed_block,
)


def describe_failure(stuck: StuckParse) -> Described:
    """A message and the `[start, end)` it points at, for a parse stuck at `stuck.pos`."""
    text = stuck.text
    pos = stuck.pos
    expected = stuck.expected()
    values = stuck.stack_values()
    previous_end = _end_of(values[-1]) if values else 0
    if pos >= len(text):
        return _at_end(stuck, expected, values, previous_end)
    token = stuck.token_at(pos)
    if token is None:
        return _lexical(text, pos)
    stop = _Stop(stuck, token, expected, values, previous_end)
    for check in _CHECKS:
        described = check(stop)
        if described is not None:
            return described
    message = f"expected {_summarise(expected)}, found {_describe_token(token)}"
    if "\n" in text[previous_end : token.start]:
        # Something is missing at the end of the previous line: point there.
        return message, previous_end, previous_end
    return message, token.start, token.end


def _at_end(
    stuck: StuckParse, expected: set[str], values: list[Any], previous_end: int
) -> tuple[str, int, int]:
    top = values[-1] if values else None
    if isinstance(top, Token) and top.type == "DOC_COMMENT":
        return _dangling_doc(top)
    if "RBRACE" in expected:
        return _unclosed(stuck, values, "the end of the file", None)
    if "SEMI" in expected:
        # The same words as in the middle of a file (`describe_failure`).
        construct = (
            _innermost(values, _STATEMENT_OF) or _statement_in_block(values) or "the statement"
        )
        return (
            f"expected `;` after {construct}, found the end of the file",
            previous_end,
            previous_end,
        )
    return (
        f"expected {_summarise(expected)}, found the end of the file",
        previous_end,
        previous_end,
    )


def _lexical(text: str, pos: int) -> tuple[str, int, int]:
    char = text[pos]
    line_end = line_end_at(text, pos)
    if text.startswith("/*", pos):
        return "unterminated block comment: the closing `*/` is missing", pos, pos + 2
    if char == '"' or (char in "rwd" and text.startswith('"', pos + 1)):
        return 'unterminated string: the closing `"` is missing', pos, line_end
    shown = escape_control(char, keep_newlines=False, keep_tabs=False)
    if shown == char and not char.isprintable():
        shown = f"\\u{ord(char):04x}"
    return f"unexpected character `{shown}`", pos, pos + 1


def _dangling_doc(doc: Token) -> tuple[str, int, int]:
    return (
        "this doc comment (`///`) documents nothing: put it right before a declaration, "
        "rule or statement, or use `//` for a plain comment",
        doc.start,
        doc.end,
    )


def _unclosed(
    stuck: StuckParse, values: list[Any], found: str, token: Token | None
) -> tuple[str, int, int]:
    """A block left open: point at the token found, or at the `{` when the file ended."""
    opener = _innermost_open_brace(values)
    if opener is None:
        position = token.start if token is not None else len(stuck.text)
        return f"expected `}}`, found {found}", position, position
    keyword, brace = opener
    line = stuck.line_of(brace.start)
    block = _BLOCK_OF.get(keyword, "the set literal")
    message = f"expected `}}` to close {block} opened on line {line}, found {found}"
    if token is None:
        return message, brace.start, brace.end
    return message, token.start, token.end


def _flatten(values: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for value in values:
        if isinstance(value, list):
            flat.extend(_flatten(value))
        else:
            flat.append(value)
    return flat


def _innermost(values: list[Any], names: dict[str, str]) -> str | None:
    for value in _back_to_statement_start(values):
        if value.type in names:
            return names[value.type]
    return None


def _back_to_statement_start(values: list[Any]) -> list[Token]:
    """The tokens of the statement being parsed, last first: back to the `{` or `;`
    before it, stepping over whole set literals (`{"a", "b"}`), whose braces end
    nothing."""
    tokens: list[Token] = []
    depth = 0
    for value in reversed(_flatten(values)):
        if not isinstance(value, Token):
            continue
        if value.type == "RBRACE":
            depth += 1
        elif value.type == "LBRACE":
            if depth == 0:
                break
            depth -= 1
        elif value.type == "SEMI" and depth == 0:
            break
        tokens.append(value)
    return tokens


def _statement_in_block(values: list[Any]) -> str | None:
    for value in _back_to_statement_start(values):
        if value.type in ("EQUAL", "OR_EQUAL", "AND_EQUAL", "MINUS_EQUAL", "XOR_EQUAL"):
            return "the update"
    return None


def _innermost_open_brace(values: list[Any]) -> tuple[str, Token] | None:
    """The innermost `{` still open on the stack, with the keyword that opened it
    (`TOOL`, `RESULT`, `SESSION`, `WHEN`), or "" for a set literal."""
    flat = _flatten(values)
    for index in range(len(flat) - 1, -1, -1):
        brace = flat[index]
        if isinstance(brace, Token) and brace.type == "LBRACE":
            return _opener(flat, index), brace
    return None


def _opener(flat: list[Any], brace_index: int) -> str:
    # Walk back over what may stand between a block keyword and its brace: a tool id,
    # `before`/`after`, a `when` condition. Any other expression means a set literal.
    for index in range(brace_index - 1, -1, -1):
        item = flat[index]
        if isinstance(item, Token):
            if item.type in _BLOCK_OF:
                return item.type
        elif isinstance(item, ast.Node) and not (
            isinstance(item, ast.StringLiteral) or _is_condition(flat, index)
        ):
            return ""
    return ""


def _is_condition(flat: list[Any], index: int) -> bool:
    return index > 0 and isinstance(flat[index - 1], Token) and flat[index - 1].type == "WHEN"


def _inside_when(values: list[Any]) -> bool:
    opener = _innermost_open_brace(values)
    return opener is not None and opener[0] == "WHEN"


def _after_datetime_number(values: list[Any]) -> bool:
    flat = _flatten(values)
    return (
        len(flat) >= 2
        and isinstance(flat[-2], Token)
        and flat[-2].type == "DATETIME_KW"
        and (
            isinstance(flat[-1], ast.NumberLiteral)
            or (isinstance(flat[-1], Token) and flat[-1].type in ("INT", "FLOAT", "INF"))
        )
    )


def _describe_left(value: Any) -> str:
    if isinstance(value, ast.SetLiteral):
        return "a set literal"
    name = value.name if isinstance(value, ast.NameRef) else None
    if isinstance(value, Token) and value.type == "NAME":
        name = value.text
    if name is not None:
        return f"the name `{name}` (write `x.tags overlaps {name}` instead)"
    if isinstance(value, ast.Group):
        return "a parenthesised expression"
    if isinstance(value, ast.SetOp | ast.WithElement):
        return "a set expression"
    if isinstance(value, Token):
        return _describe_token(value)
    return "this expression"


def _describe_token(token: Token) -> str:
    if token.type == "DOC_COMMENT":
        return "a doc comment"
    text = escape_control(token.text, keep_newlines=False, keep_tabs=False)
    if len(text) > 30:
        text = text[:27] + "..."
    return f"`{text}`"


def _end_of(value: Any) -> int:
    if isinstance(value, Token):
        return value.end
    if isinstance(value, ast.Node):
        return value.span.end
    if isinstance(value, list | tuple):
        for item in reversed(value):
            end = _end_of(item)
            if end >= 0:
                return end
    return -1 if isinstance(value, list | tuple) else 0


def _summarise(expected: set[str]) -> str:
    """Name what was expected, grouping the usual sets into words."""
    remaining = set(expected)
    parts: list[str] = []
    if remaining >= _PREDICATE_START:
        parts.append("a condition")
        remaining -= _PREDICATE_START | {"DATETIME", "INT", "FLOAT", "INF", "BOOL", "UNION"}
        remaining -= {"INTERSECT"}
    elif remaining >= _SET_START:
        parts.append("a set")
        remaining -= _SET_START | {"INTERSECT"}
    if {"INT", "FLOAT"} <= remaining:
        remaining -= {"INT", "FLOAT", "INF"}
        parts.append("a number")
    names = sorted(remaining, key=_display_order)
    parts.extend(_display(name) for name in names)
    if not parts:
        return "nothing more here"
    if len(parts) > 8:
        parts = [*parts[:7], "..."]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def _display(name: str) -> str:
    if name in _DISPLAY:
        return _DISPLAY[name]
    texts = terminal_texts().get(name, ())
    return f"`{texts[0] if len(texts) == 1 else name}`"


def _display_order(name: str) -> tuple[int, str]:
    # Punctuation that closes something first, words next, then the rest.
    priority = {"SEMI": 0, "RBRACE": 1, "RPAR": 2, "COMMA": 3, "DOC_COMMENT": 20, "$END": 21}
    return priority.get(name, 10 if name.isalpha() else 11), name
