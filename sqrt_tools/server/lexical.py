"""The tokens of a stretch of text, read with the grammar's own terminals.

Highlighting, hover and completion need to know what word or symbol stands at a
place, including keywords, which the AST does not keep. The parser's scanner asks
its parser state which terminals may come; outside a parse there is no state, so this
module takes, at each position, the longest terminal of any kind (a keyword wins a
tie with a name: `Scanner.any_token`), exactly as the parser does when it describes
an error. The AST then says which of those words are really names (`from.tags`).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from sqrt_tools.syntax.lexer import Scanner, Token
from sqrt_tools.syntax.tables import load_tables

COMMENTS = frozenset({"LINE_COMMENT", "BLOCK_COMMENT", "DOC_COMMENT"})
STRINGS = frozenset({"STRING", "REGEX", "WILDCARD", "DATETIME"})
NUMBERS = frozenset({"INT", "FLOAT", "INF"})
# Unmatched text (an unterminated string, a stray character) becomes one token of
# this pseudo-terminal, so that every character is accounted for.
UNKNOWN = "UNKNOWN"


@cache
def scanner() -> Scanner:
    return Scanner(load_tables())


@cache
def keyword_texts() -> dict[str, tuple[str, ...]]:
    """Terminal -> the words it matches, for terminals made only of letters (`MUST`,
    `BOOL`, `META_FIELD`; not `NAME`)."""
    return {
        name: words
        for name, words in terminal_texts().items()
        if words and all(word.isalpha() for word in words)
    }


@cache
def terminal_texts() -> dict[str, tuple[str, ...]]:
    """Terminal -> the fixed texts it matches (empty for `NAME`, `STRING`, ...).

    Literal terminals are escaped strings (`\\.\\.`); the two word lists of the
    grammar (`BOOL`, `META_FIELD`) are alternations `(?:a|b)`.
    """
    tables = load_tables()
    literals = set(tables.literals)
    texts: dict[str, tuple[str, ...]] = {}
    for name, pattern in tables.terminals.items():
        if name in literals:
            texts[name] = (_unescape(pattern),)
        elif pattern.startswith("(?:") and pattern.endswith(")"):
            options = pattern[3:-1].split("|")
            if all(option.isalpha() for option in options):
                texts[name] = tuple(sorted(options))
        else:
            texts[name] = ()
    return texts


def _unescape(pattern: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(pattern[index + 1])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def scan(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Every token (comments included) that starts in `[start, end)`, in order."""
    read = scanner()
    stop = len(text) if end is None else min(end, len(text))
    tokens: list[Token] = []
    pos = max(0, start)
    while pos < stop:
        comments: list[Token] = []
        pos = read.skip_ignored(text, pos, comments)
        tokens.extend(comments)
        if pos >= stop:
            break
        token = read.any_token(text, pos)
        if token is None:
            # Unknown text runs to the next white space.
            after = pos + 1
            while after < len(text) and not text[after].isspace():
                after += 1
            token = Token(UNKNOWN, text[pos:after], pos, after)
        tokens.append(token)
        pos = token.end
    return tokens


def token_at(tokens: list[Token], offset: int) -> Token | None:
    """The token touching `offset` (a cursor right after a word is on that word)."""
    starts = [token.start for token in tokens]
    index = bisect_right(starts, offset) - 1
    if index < 0:
        return None
    token = tokens[index]
    if token.start <= offset < token.end:
        return token
    if offset == token.end:
        return token
    return None
