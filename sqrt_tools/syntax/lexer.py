"""The context-dependent scanner.

At each position the parser asks for the tokens that can start there *given its current
state*: only the terminals the state accepts are tried, each with its own regular
expression, and every one that matches is returned (a name and a keyword may both
match; the parser follows both and the wrong one dies at the next token). That is
exactly how the service's scannerless parser reads SQRT, which is why our LALR parser
accepts the same programs.

To keep that cheap, terminals are bucketed by the ASCII characters that can start them
(worked out from the regular expressions), so a position usually tries one or two.
"""

from __future__ import annotations

import re
from typing import Any

from sqrt_tools.syntax import regex_internals
from sqrt_tools.syntax.regex_internals import OP
from sqrt_tools.syntax.tables import Tables

_ASCII = [chr(code) for code in range(128)]


class Token:
    """A token of the source: terminal name, text, and offsets `[start, end)`.

    A plain slotted class rather than a dataclass: the parser makes one per token and
    a frozen dataclass costs twice as much to create.
    """

    __slots__ = ("end", "start", "text", "type")

    def __init__(self, type: str, text: str, start: int, end: int) -> None:
        self.type = type
        self.text = text
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.text!r}, {self.start}, {self.end})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (
            (self.type, self.text, self.start, self.end)
            == (other.type, other.text, other.start, other.end)
        )

    def __hash__(self) -> int:
        return hash((self.type, self.text, self.start, self.end))


class Scanner:
    """Matches terminals of one grammar against one source text."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.patterns: dict[str, re.Pattern[str]] = {
            name: re.compile(regex) for name, regex in tables.terminals.items()
        }
        self._first: dict[str, frozenset[str]] = {
            name: _ascii_first_chars(pattern) for name, pattern in self.patterns.items()
        }
        ignore = [name for name in tables.ignore if name in self.patterns]
        self.ignore_patterns = [(name, self.patterns[name]) for name in ignore]
        self._ignore_first = frozenset().union(*(self._first[name] for name in ignore))
        self._literals = frozenset(tables.literals)
        self._all_names = tuple(name for name in self.patterns if name not in tables.ignore)
        self._any_by_char: dict[str, tuple[str, ...]] = {
            char: tuple(name for name in self._all_names if char in self._first[name])
            for char in _ASCII
        }
        self._by_state: dict[tuple[int, str], tuple[tuple[str, re.Pattern[str]], ...]] = {}

    def candidates_for(self, state: int, char: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """The terminals state `state` accepts that can start with `char`."""
        key = (state, char)
        found = self._by_state.get(key)
        if found is None:
            accepted = self.tables.actions[state]
            ascii_char = char < "\x80"
            found = tuple(
                (name, self.patterns[name])
                for name in sorted(accepted)
                if name in self.patterns and (not ascii_char or char in self._first[name])
            )
            self._by_state[key] = found
        return found

    def match(self, text: str, pos: int, state: int) -> list[tuple[str, int]]:
        """Every `(terminal, end)` that state `state` accepts at `pos`, longest first."""
        matches: list[tuple[str, int]] = []
        for name, pattern in self.candidates_for(state, text[pos]):
            found = pattern.match(text, pos)
            if found is not None and found.end() > pos:
                matches.append((name, found.end()))
        if len(matches) > 1:
            matches.sort(key=lambda item: -item[1])
        return matches

    def skip_ignored(self, text: str, pos: int, comments: list[Token] | None) -> int:
        """Skip white space and comments from `pos`; append comments to `comments`."""
        length = len(text)
        while pos < length and text[pos] in self._ignore_first:
            for name, pattern in self.ignore_patterns:
                found = pattern.match(text, pos)
                if found is not None and found.end() > pos:
                    if comments is not None and name != "WHITESPACE":
                        comments.append(Token(name, found.group(), pos, found.end()))
                    pos = found.end()
                    break
            else:
                break
        return pos

    def any_token(self, text: str, pos: int) -> Token | None:
        """The longest token of any terminal at `pos` (keywords win ties), or None.

        Used to describe errors and to skip text while recovering, where there is no
        parser state to ask.
        """
        char = text[pos]
        names = self._any_by_char.get(char) if char < "\x80" else self._all_names
        best: tuple[int, int, str] | None = None
        for name in names or ():
            found = self.patterns[name].match(text, pos)
            if found is None or found.end() <= pos:
                continue
            # Prefer the longest match; among equals prefer a keyword (a literal
            # terminal) over NAME so that `let` reads as the keyword.
            rank = (found.end(), 1 if name in self._literals else 0, name)
            if best is None or rank[:2] > best[:2]:
                best = rank
        if best is None:
            return None
        return Token(best[2], text[pos : best[0]], pos, best[0])


def _ascii_first_chars(pattern: re.Pattern[str]) -> frozenset[str]:
    """The ASCII characters a match of `pattern` can start with (a safe superset)."""
    parsed = regex_internals.parse(pattern.pattern, pattern.flags)
    chars, _nullable = _first_of_sequence(list(parsed))
    return frozenset(chars)


def _first_of_sequence(items: list[tuple[Any, Any]]) -> tuple[set[str], bool]:
    result: set[str] = set()
    for op, argument in items:
        chars, nullable = _first_of_item(op, argument)
        result |= chars
        if not nullable:
            return result, False
    return result, True


def _first_of_item(op: Any, argument: Any) -> tuple[set[str], bool]:
    constants = OP
    if op is constants.LITERAL:
        return {chr(argument)} if argument < 128 else set(), False
    if op is constants.NOT_LITERAL:
        return {char for char in _ASCII if ord(char) != argument}, False
    if op is constants.ANY:
        return set(_ASCII) - {"\n"}, False
    if op is constants.IN:
        return {char for char in _ASCII if _in_class(char, argument)}, False
    if op is constants.BRANCH:
        result: set[str] = set()
        nullable = False
        for branch in argument[1]:
            chars, branch_nullable = _first_of_sequence(list(branch))
            result |= chars
            nullable = nullable or branch_nullable
        return result, nullable
    if op is constants.SUBPATTERN:
        return _first_of_sequence(list(argument[-1]))
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT):
        low, _high, body = argument
        chars, nullable = _first_of_sequence(list(body))
        return chars, nullable or low == 0
    if op in (constants.ASSERT, constants.ASSERT_NOT, constants.AT):
        return set(), True  # zero-width: look past it (a superset is safe)
    return set(_ASCII), True  # anything unexpected: assume any character


def _in_class(char: str, items: list[tuple[Any, Any]]) -> bool:
    constants = OP
    negate = False
    hit = False
    code = ord(char)
    for op, argument in items:
        if op is constants.NEGATE:
            negate = True
        elif op is constants.LITERAL:
            hit = hit or code == argument
        elif op is constants.RANGE:
            hit = hit or argument[0] <= code <= argument[1]
        elif op is constants.CATEGORY:
            hit = hit or _in_category(char, argument)
        else:
            hit = True  # unknown class item: be generous
    return hit != negate


def _in_category(char: str, category: Any) -> bool:
    constants = OP
    table = {
        constants.CATEGORY_DIGIT: char.isdigit(),
        constants.CATEGORY_NOT_DIGIT: not char.isdigit(),
        constants.CATEGORY_SPACE: char in " \t\n\r\f\v",
        constants.CATEGORY_NOT_SPACE: char not in " \t\n\r\f\v",
        constants.CATEGORY_WORD: char.isalnum() or char == "_",
        constants.CATEGORY_NOT_WORD: not (char.isalnum() or char == "_"),
    }
    return table.get(category, True)
