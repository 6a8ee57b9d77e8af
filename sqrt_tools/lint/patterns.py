"""Regular expressions, wildcards and datetimes as the rules see them.

[ours] Regexes are Python `re` patterns (the service is written in Python), matched
against the whole text. Compiled and parsed patterns are cached: a policy repeats the
same few patterns, and the bench lints thousands of lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqrt_tools.syntax import ast, regex_internals
from sqrt_tools.syntax.regex_internals import OP as _const

# The standard library's regex parser gives the structure the ReDoS and anchor checks
# need; it is private, so it is reached only through `syntax.regex_internals`.

_REPEATS = (_const.MAX_REPEAT, _const.MIN_REPEAT)
_ZERO_WIDTH = (_const.AT, _const.ASSERT, _const.ASSERT_NOT)
_METACHARACTERS = frozenset(".^$*+?{}[]\\|()")


# --- positions ---------------------------------------------------------------------------


def body_offset(literal: ast.StringLiteral) -> int:
    """Source offset of the first character between a string literal's quotes."""
    return literal.span.start + (1 if literal.kind == "" else 2)


def decoded_offsets(literal: ast.StringLiteral) -> list[int]:
    """For each index of `literal.value` (and one past the end), its source offset."""
    raw = literal.raw
    start = 1 if literal.kind == "" else 2
    body = raw[start:-1]
    base = literal.span.start + start
    offsets: list[int] = []
    index = 0
    while index < len(body):
        offsets.append(base + index)
        if body[index] == "\\" and index + 1 < len(body):
            following = body[index + 1]
            if following not in '\\"nt':
                offsets.append(base + index + 1)  # kept as two characters
            index += 2
        else:
            index += 1
    offsets.append(base + len(body))
    return offsets


# --- regexes -----------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def regex_error(pattern: str) -> tuple[str, int | None] | None:
    """Why `pattern` does not compile, with the index of the error, or None."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return exc.msg, exc.pos
    except RecursionError:
        return "the pattern nests too deeply to compile", None
    except (OverflowError, ValueError) as exc:
        return str(exc), None
    return None


@lru_cache(maxsize=4096)
def regex_tree(pattern: str) -> Any | None:
    """The parsed structure of a valid pattern, or None."""
    if regex_error(pattern) is not None:
        return None
    try:
        return regex_internals.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def _items(sub: Any) -> list[tuple[Any, Any]]:
    return list(sub)


def is_anchored(pattern: str) -> bool:
    """True when the whole pattern is held between `^`/`\\A` and `$`/`\\Z`."""
    tree = regex_tree(pattern)
    if tree is None:
        return True  # an invalid pattern is another rule's business
    items = _items(tree)
    if not items:
        return False
    first_op, first_av = items[0]
    last_op, last_av = items[-1]
    begins = first_op is _const.AT and first_av in (
        _const.AT_BEGINNING,
        _const.AT_BEGINNING_STRING,
    )
    ends = last_op is _const.AT and last_av in (_const.AT_END, _const.AT_END_STRING)
    return begins and ends


def anchor_insertions(pattern: str) -> list[tuple[int, str]]:
    """The smallest set of anchors that holds `pattern` between `^` and `$`, as
    (index in the pattern, text to insert) pairs, in order.

    Only the anchors it lacks: `send_.*` gets `^` and `$`, `^send_.*` only `$`. A `|`
    outside any group makes each alternative its own pattern: when no alternative has
    an anchor of its own, one group holds them all (`a|b` becomes `^(?:a|b)$`);
    otherwise each alternative gets what it lacks (`^a|b$` becomes `^a$|^b$`), never a
    second `^` before one already there.
    """
    bars = top_level_bars(pattern)
    if not bars:
        prefix, suffix = anchoring(pattern)
        return [(0, prefix)] * bool(prefix) + [(len(pattern), suffix)] * bool(suffix)
    bounds = list(zip([0, *(bar + 1 for bar in bars)], [*bars, len(pattern)], strict=True))
    branches = [pattern[start:end] for start, end in bounds]
    if not any(_text_starts_anchored(b) or _text_ends_anchored(b) for b in branches):
        return [(0, "^(?:"), (len(pattern), ")$")]
    insertions: list[tuple[int, str]] = []
    for (start, end), branch in zip(bounds, branches, strict=True):
        if not _text_starts_anchored(branch):
            insertions.append((start, "^"))
        if not _text_ends_anchored(branch):
            insertions.append((end, "$"))
    return insertions


def _text_starts_anchored(branch: str) -> bool:
    return branch.startswith(("^", "\\A"))


def _text_ends_anchored(branch: str) -> bool:
    if branch.endswith("\\Z"):
        return True
    if not branch.endswith("$"):
        return False
    # `$` ends it unless an odd number of backslashes escapes it (`\$` is a dollar).
    before = branch[:-1]
    return (len(before) - len(before.rstrip("\\"))) % 2 == 0


def anchoring(pattern: str) -> tuple[str, str]:
    """What to write before and after `pattern` to hold it between `^` and `$`: only
    the anchors it lacks (`^send_.*` gets `$`).

    A pattern with a `|` outside any group gets a group, so that both anchors apply to
    every alternative (`a|b` becomes `^(?:a|b)$`, not `^a|b$`); a `|` inside a group
    needs none (`^(read|get)_.*` becomes `^(read|get)_.*$`).
    """
    tree = regex_tree(pattern)
    items = _items(tree) if tree is not None else []
    if has_top_level_bar(pattern):
        return "^(?:", ")$"
    starts, ends = _starts_anchored(items), _ends_anchored(items)
    return ("" if starts else "^"), ("" if ends else "$")


def has_top_level_bar(pattern: str) -> bool:
    """Whether `|` appears outside every group and character class. (The text decides:
    the regex parser folds `a|b` into a character class.)"""
    return bool(top_level_bars(pattern))


def top_level_bars(pattern: str) -> list[int]:
    """The indexes of the `|` outside every group and character class."""
    bars: list[int] = []
    depth = 0
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]" or pattern[index - 1] == "["
        elif char == "[":
            in_class = True
            if pattern.startswith("[^]", index) or pattern.startswith("[]", index):
                index += 1 + pattern.startswith("[^]", index)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            bars.append(index)
        index += 1
    return bars


def search_widens(pattern: str) -> bool:
    """Whether a regex tool id matches more names under search than under full match.

    Search semantics accept any name holding a match; full match the names the pattern
    matches whole. The two agree when each end of the pattern is held (`^` or `\\A` first,
    `$` or `\\Z` last) or open (`.*` first or last: any text may stand there anyway), for
    every alternative of a top-level `|`. So `^file_.*` and `^(read|get|list)_.*` mean
    the same under both, and `send_to_.*` does not (`resend_to_x` is found by search).
    """
    tree = regex_tree(pattern)
    if tree is None:
        return False  # an invalid pattern is another rule's business
    items = _items(tree)
    return not (_end_held_or_open(items, first=True) and _end_held_or_open(items, first=False))


def _end_held_or_open(items: list[tuple[Any, Any]], *, first: bool) -> bool:
    """Whether the first (or last) end of `items` is an anchor or `.*`, looking into
    alternatives and groups that stand at that end (`(^a|^b)`, `^a.*|^b.*`)."""
    if not items:
        return False
    if first and _starts_anchored(items):
        return True
    if not first and _ends_anchored(items):
        return True
    op, av = items[0] if first else items[-1]
    if op is _const.BRANCH:
        return all(_end_held_or_open(_items(branch), first=first) for branch in av[1])
    if op is _const.SUBPATTERN:
        return _end_held_or_open(_items(av[3]), first=first)
    return _open((op, av))


def _open(item: tuple[Any, Any]) -> bool:
    """`.*` or `.*?`: any run of characters, the empty one included."""
    op, av = item
    if op not in _REPEATS:
        return False
    low, _high, inner = av
    inner_items = list(inner)
    return low == 0 and len(inner_items) == 1 and inner_items[0][0] is _const.ANY


def _starts_anchored(items: list[tuple[Any, Any]]) -> bool:
    return (
        bool(items)
        and items[0][0] is _const.AT
        and items[0][1]
        in (
            _const.AT_BEGINNING,
            _const.AT_BEGINNING_STRING,
        )
    )


def _ends_anchored(items: list[tuple[Any, Any]]) -> bool:
    return (
        bool(items)
        and items[-1][0] is _const.AT
        and items[-1][1]
        in (
            _const.AT_END,
            _const.AT_END_STRING,
        )
    )


def literal_text(pattern: str) -> str | None:
    """The plain text a regex matches when it has no metacharacter (anchors aside)."""
    core = pattern
    if core.startswith("^"):
        core = core[1:]
    if core.endswith("$") and not core.endswith("\\$"):
        core = core[:-1]
    if not core or any(char in _METACHARACTERS for char in core):
        return None
    return core


def redos_problem(pattern: str) -> str | None:
    """Why matching `pattern` can take exponential time, or None.

    Flags the ways one text splits among the iterations of a quantifier in
    exponentially (or high-polynomially) many ways:
    - an unbounded quantifier over a body that can itself repeat (`(a+)+`, `(.*)*`,
      `(a+b?)*`);
    - alternatives inside an unbounded quantifier that can start with the same
      character, identical ones included (`(a|aa)*`, `(a|a)*`);
    - a body that can match nothing, repeated `_MANY_REPEATS` times or more
      (`(a?){25}`): 2**25 ways to match the same text;
    - a repeated body (unbounded, or `_POLYNOMIAL_REPEATS` times or more) holding an
      unbounded quantifier that also matches what ends the iteration (`(.*?,){11}`:
      each of the 11 iterations can end at any comma, time grows as the text's length
      to the 11th power).
    Possessive quantifiers and atomic groups do not backtrack and are left alone.
    """
    try:
        return _redos_problem(pattern)
    except RecursionError:  # thousands of nested groups: too deep to judge, not a finding
        return None


def _redos_problem(pattern: str) -> str | None:
    tree = regex_tree(pattern)
    if tree is None:
        return None
    stack: list[Any] = [tree]
    while stack:
        sub = stack.pop()
        for op, av in _items(sub):
            if op in _REPEATS:
                _low, high, body = av
                if high == _const.MAXREPEAT:
                    if _loops(body):
                        return "a quantifier applies to a body that can repeat by itself"
                    if _overlapping_alternatives(body):
                        return "alternatives inside a quantifier can match the same text"
                elif high >= _MANY_REPEATS and _can_be_empty_or_not(body):
                    return (
                        f"a part that can match nothing is repeated {high} times, so a text "
                        "splits among the repetitions in exponentially many ways"
                    )
                if (high == _const.MAXREPEAT or high >= _POLYNOMIAL_REPEATS) and _ends_unclear(
                    body
                ):
                    times = "" if high == _const.MAXREPEAT else f" (up to {high} times)"
                    return (
                        f"each repetition{times} can end at many places: a quantifier in it "
                        "also matches the text that ends the repetition"
                    )
                stack.append(body)
            elif op is _const.SUBPATTERN:
                stack.append(av[-1])
            elif op is _const.BRANCH:
                stack.extend(av[1])
            elif op in (_const.ASSERT, _const.ASSERT_NOT):
                stack.append(av[1])
    return None


# A part that can match nothing, repeated this often, matches one text in 2**N ways.
_MANY_REPEATS = 10
# A repetition whose end is unclear, repeated this often, costs the text's length to
# the power N; squares (`(.*,){2}`) are common and tolerable.
_POLYNOMIAL_REPEATS = 3


def _can_be_empty_or_not(body: Any) -> bool:
    """True when `body` can match nothing and can also match some text (`a?`, `(a|)`)."""
    items = _items(body)
    return (
        bool(items)
        and all(_nullable(item) for item in items)
        and any(op not in _ZERO_WIDTH for op, _av in items)
    )


def _ends_unclear(body: Any) -> bool:
    """True when an unbounded quantifier in `body` can also match the first character
    of the required part after it (`.*?,`: `.` matches `,`), so an iteration can end
    at many places."""
    items = _flat(body)
    for index, (op, av) in enumerate(items):
        if op not in _REPEATS or av[1] != _const.MAXREPEAT:
            continue
        consumed = _first_chars(av[2])
        following = next((item for item in items[index + 1 :] if not _nullable(item)), None)
        if consumed is None or following is None:
            continue
        ends = _first_chars([following])
        if ends is not None and _overlap(consumed, ends):
            return True
    return False


def _flat(sub: Any) -> list[tuple[Any, Any]]:
    """The items of `sub`, with plain groups opened up (`(a)b` reads as `ab`)."""
    flat: list[tuple[Any, Any]] = []
    for op, av in _items(sub):
        if op is _const.SUBPATTERN:
            flat.extend(_flat(av[-1]))
        else:
            flat.append((op, av))
    return flat


def _nullable(item: tuple[Any, Any]) -> bool:
    op, av = item
    if op in _ZERO_WIDTH:
        return True
    if op in _REPEATS or op is _const.POSSESSIVE_REPEAT:
        return av[0] == 0 or all(_nullable(child) for child in _items(av[2]))
    if op is _const.SUBPATTERN:
        return all(_nullable(child) for child in _items(av[-1]))
    if op is _const.ATOMIC_GROUP:
        return all(_nullable(child) for child in _items(av))
    if op is _const.BRANCH:
        return any(all(_nullable(child) for child in _items(b)) for b in av[1])
    return False


def _loops(sub: Any) -> bool:
    """True when `sub` is, around nullable parts, an unbounded repeat of something."""
    items = _items(sub)
    solid = [item for item in items if not _nullable(item)]
    if len(solid) > 1:
        return False
    for op, av in solid or items:
        if op in _REPEATS and av[1] == _const.MAXREPEAT:
            return True
        if op is _const.SUBPATTERN and _loops(av[-1]):
            return True
        if op is _const.BRANCH and any(_loops(branch) for branch in av[1]):
            return True
    return False


def _overlapping_alternatives(body: Any) -> bool:
    first = _first_chars(body)
    for op, av in _items(body):
        if op is _const.SUBPATTERN:
            if _overlapping_alternatives(av[-1]):
                return True
        elif op is _const.BRANCH:
            branches = av[1]
            contents = [_items(branch) for branch in branches]
            if any(one == other for i, one in enumerate(contents) for other in contents[i + 1 :]):
                return True  # the same alternative twice (`(a|a)` reads as `a(|)`)
            starts = [_first_chars(branch) for branch in branches]
            empty = any(not _items(branch) for branch in branches)
            for index, start in enumerate(starts):
                if start is None:
                    continue
                if empty and first is not None and _overlap(start, first):
                    return True
                for other in starts[index + 1 :]:
                    if other is not None and _overlap(start, other):
                        return True
    return False


CharTest = Callable[[int], bool]


def _first_chars(sub: Any) -> CharTest | None:
    """A test for the characters `sub` can start with, None when unknown or empty."""
    for op, av in _items(sub):
        if op in _ZERO_WIDTH:
            continue
        if op is _const.LITERAL:
            return _equals(av)
        if op is _const.NOT_LITERAL:
            return _negated([_equals(av)])
        if op is _const.ANY:
            return _any_char
        if op is _const.IN:
            return _class_test(av)
        if op is _const.SUBPATTERN:
            return _first_chars(av[-1])
        if op in _REPEATS and av[0] > 0:
            return _first_chars(av[2])
        return None
    return None


def _class_test(items: list[tuple[Any, Any]]) -> CharTest:
    negate = bool(items) and items[0][0] is _const.NEGATE
    tests: list[CharTest] = []
    for op, av in items:
        if op is _const.LITERAL:
            tests.append(_equals(av))
        elif op is _const.RANGE:
            tests.append(_between(av[0], av[1]))
        elif op is _const.CATEGORY:
            tests.append(_category_test(av))
    return _negated(tests) if negate else _any_of(tests)


def _equals(code: int) -> CharTest:
    return lambda char: char == code


def _between(low: int, high: int) -> CharTest:
    return lambda char: low <= char <= high


def _any_of(tests: list[CharTest]) -> CharTest:
    return lambda char: any(test(char) for test in tests)


def _negated(tests: list[CharTest]) -> CharTest:
    return lambda char: not any(test(char) for test in tests)


def _is_digit(char: int) -> bool:
    return chr(char).isdigit()


def _is_space(char: int) -> bool:
    return chr(char).isspace()


def _is_word(char: int) -> bool:
    return chr(char).isalnum() or char == 95  # `_`


def _any_char(char: int) -> bool:
    return True


def _category_test(category: Any) -> CharTest:
    name = str(category)
    base: CharTest = _any_char
    if name.endswith("DIGIT"):
        base = _is_digit
    elif name.endswith("SPACE"):
        base = _is_space
    elif name.endswith("WORD"):
        base = _is_word
    return _negated([base]) if "_NOT_" in name else base


def _overlap(first: CharTest, second: CharTest) -> bool:
    return any(first(char) and second(char) for char in range(256))


# --- doubled backslashes -----------------------------------------------------------------

# Characters that, after one backslash, form a regex escape. `n`, `t` and `"` are left
# out: `\\n` and `\n` decode to different texts, so the fix would change the pattern.
_ESCAPABLE = frozenset(".^$*+?{}[]()|/-dDsSwWbBAZ")


def doubled_backslashes(literal: ast.StringLiteral) -> list[int]:
    """Source offsets of `\\\\` pairs that sit where a single `\\` escape was meant.

    By the escape rules `r"a\\\\.b"` and `r"a\\.b"` are the same regex `a\\.b`; only an odd
    run of doubled backslashes before an escapable character is reported, so that a
    real literal backslash (`\\\\\\\\.`) is left alone.
    """
    start = 2
    body = literal.raw[start:-1]
    found: list[int] = []
    index = 0
    run_start = -1
    run = 0
    while index < len(body):
        if body.startswith("\\\\", index):
            if run == 0:
                run_start = index
            run += 1
            index += 2
            continue
        if run == 1 and body[index] in _ESCAPABLE:
            found.append(literal.span.start + start + run_start)
        run = 0
        if body[index] == "\\":
            index += 2
        else:
            index += 1
    return found


# --- wildcards and datetimes -------------------------------------------------------------

# [ours] SQRT wildcards have two special characters [doc]: `*` (any run of characters)
# and `?` (one character). Brackets and backslashes mean a character class or an escape
# to fnmatch-style matchers and plain text to others, so a pattern holding them matches
# differently depending on the engine: we report it rather than guess.
_AMBIGUOUS_WILDCARD = {"[": "`[`", "]": "`]`", "\\": "a backslash"}


def wildcard_problem(pattern: str) -> tuple[str, int | None] | None:
    """Why a `w"..."` pattern is not a valid SQRT wildcard, with the index, or None."""
    if not pattern:
        return 'an empty wildcard matches only the empty text; write "" instead', None
    for index, char in enumerate(pattern):
        described = _AMBIGUOUS_WILDCARD.get(char)
        if described is not None:
            return (
                f"{described} has no meaning in a SQRT wildcard (only `*` and `?` do), and "
                "matchers disagree on it",
                index,
            )
    return None


@lru_cache(maxsize=1024)
def parse_datetime(text: str) -> datetime | None:
    """`text` as an ISO-8601 date or date-time, or None when it is not one."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
