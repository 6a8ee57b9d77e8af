"""The token API: the words and symbols of SQRT, read with the grammar's own terminals.

Highlighting, hover, completion and error messages need to know what word or symbol
stands at a place, including keywords, which the AST does not keep. The parser's
scanner asks its parser state which terminals may come; outside a parse there is no
state, so `tokens` takes, at each position, the longest terminal of any kind (a keyword
wins a tie with a name), exactly as the parser does when it describes an error.
A terminal's fixed texts come from the tables (`Tables.texts`), written when the
tables are built.
"""

from __future__ import annotations

from functools import cache

from sqrt_tools.syntax.lexer import Scanner, Token
from sqrt_tools.syntax.tables import load_tables

# Unmatched text (an unterminated string, a stray character) becomes one token of
# this pseudo-terminal, so that every character is accounted for.
UNKNOWN = "UNKNOWN"


@cache
def _scanner() -> Scanner:
    return Scanner(load_tables())


def token_at(text: str, pos: int) -> Token | None:
    """The longest token of any kind at `pos` (a keyword wins a tie), or None."""
    return _scanner().any_token(text, pos)


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Every token (comments included) that starts in `[start, end)`, in order.

    Unknown text runs to the next white space, as one `UNKNOWN` token.
    """
    read = _scanner()
    stop = len(text) if end is None else min(end, len(text))
    found: list[Token] = []
    pos = max(0, start)
    while pos < stop:
        comments: list[Token] = []
        pos = read.skip_ignored(text, pos, comments)
        found.extend(comments)
        if pos >= stop:
            break
        token = read.any_token(text, pos)
        if token is None:
            after = pos + 1
            while after < len(text) and not text[after].isspace():
                after += 1
            token = Token(UNKNOWN, text[pos:after], pos, after)
        found.append(token)
        pos = token.end
    return found


def terminal_texts() -> dict[str, tuple[str, ...]]:
    """Terminal -> the fixed texts it matches (empty for `NAME`, `STRING`, ...)."""
    return load_tables().texts


@cache
def keywords() -> dict[str, tuple[str, ...]]:
    """Terminal -> the words it matches, for terminals made only of letters (`MUST`,
    `BOOL`, `META_FIELD`; not `NAME`)."""
    return {
        name: words
        for name, words in terminal_texts().items()
        if words and all(word.isalpha() for word in words)
    }
