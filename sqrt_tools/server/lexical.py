"""The tokens of a stretch of text, for highlighting, hover and completion.

Reading tokens is the syntax package's job (`syntax.lexicon`: `tokens`, `keywords`);
this module names the groups of terminals the server treats alike and finds the token
under a cursor. The AST then says which of the words are really names (`from.tags`).
"""

from __future__ import annotations

from bisect import bisect_right

from sqrt_tools.syntax.lexer import Token
from sqrt_tools.syntax.lexicon import UNKNOWN, keywords, tokens

COMMENTS = frozenset({"LINE_COMMENT", "BLOCK_COMMENT", "DOC_COMMENT"})
STRINGS = frozenset({"STRING", "REGEX", "WILDCARD", "DATETIME"})
NUMBERS = frozenset({"INT", "FLOAT", "INF"})

# The server's names for the token API (one implementation, in `syntax.lexicon`).
scan = tokens
keyword_texts = keywords

__all__ = ["COMMENTS", "NUMBERS", "STRINGS", "UNKNOWN", "keyword_texts", "scan", "token_at"]


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
