"""The SQRT parser: our LALR(1) tables, a context-dependent scanner, error recovery.

`parse(source)` never raises. It returns the AST it could build, the comments, and a
list of syntax diagnostics; `ParseResult.ok` is true exactly when there is none.

How it reads (see `lexer.py` for why): at each position the scanner offers every
token the current parser state accepts; when more than one matches (a keyword and a
name, `.` and `.value`), the parser follows each, and configurations that reach the
same position with the same state stack are merged, so the work stays linear. Almost
every position has one candidate and the wrong branch of a fork dies at the next token.

Stacks are persistent linked frames `(state, value, below)`, so a fork costs nothing.

On an error the parser reports it, skips to a synchronisation point (`;`, `}`, the end
of a skipped `{...}` group, or a `let`/`tool` that starts a line), pops its stack to a
state where the grammar allows an `ERROR` placeholder, and carries on, so that one typo
does not hide the rest of the file.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from sqrt_tools.syntax import ast
from sqrt_tools.syntax.builder import Builder
from sqrt_tools.syntax.collector import collector_paused
from sqrt_tools.syntax.diagnostics import (
    SYNTAX_ERROR_CODE,
    SYNTAX_ERROR_RULE,
    Diagnostic,
    Severity,
)
from sqrt_tools.syntax.errors import describe_failure
from sqrt_tools.syntax.lexer import Scanner, Token
from sqrt_tools.syntax.spans import LineIndex, first_on_line, line_end_at
from sqrt_tools.syntax.spliced import Spliced, grow, plain
from sqrt_tools.syntax.tables import Tables, load_tables

# A stack frame: (state, value, frame below); the bottom frame has value None and
# nothing below. A plain tuple, read by position, because pushing one is the parser's
# innermost step: a tuple literal costs a tenth of a NamedTuple's constructor. Only this
# module reads frames; error reporting sees a typed `StuckParse` (`_Stuck` below).
Frame = tuple[int, Any, "Frame | None"]
# Comments seen so far, newest first, as a persistent chain (forks share their past).
Chain = tuple[Token, Any] | None

_MAX_ERRORS = 100
_END = "$END"


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What `parse` found: the program (always), its diagnostics, and the source."""

    program: ast.Program
    diagnostics: tuple[Diagnostic, ...]
    source: str
    line_index: LineIndex = field(compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """True exactly when the source has no syntax error."""
        return not self.diagnostics


@dataclass(slots=True)
class Failure:
    """Where every configuration died: the furthest position and the stack there."""

    pos: int
    stack: Frame
    comments: Chain


@dataclass(frozen=True, slots=True)
class _Stuck:
    """A failed parse as error reporting sees it (`errors.StuckParse`)."""

    run: _Run
    failure: Failure

    @property
    def text(self) -> str:
        return self.run.text

    @property
    def pos(self) -> int:
        return self.failure.pos

    def stack_values(self) -> list[Any]:
        values: list[Any] = []
        frame = self.failure.stack
        while frame[2] is not None:
            values.append(plain(frame[1]))
            frame = frame[2]
        values.reverse()
        return values

    def expected(self) -> set[str]:
        return self.run.viable(self.failure.stack, self.failure.pos)

    def token_at(self, pos: int) -> Token | None:
        return self.run.scanner.any_token(self.run.text, pos)

    def line_of(self, offset: int) -> int:
        line, _column = self.run.builder.index.line_col(offset)
        return line


@cache
def _machinery() -> tuple[Tables, Scanner]:
    tables = load_tables()
    return tables, Scanner(tables)


def parse(source: str) -> ParseResult:
    """Parse SQRT `source` into an AST and syntax diagnostics. Never raises."""
    tables, scanner = _machinery()
    if not isinstance(source, str):  # defensive: the API promises never to raise
        source = str(source)
    index = LineIndex(source)
    run = _Run(tables, scanner, source, Builder(index))
    with collector_paused():
        program, comments, failures = run.parse_all()
    diagnostics = tuple(
        Diagnostic(
            rule=SYNTAX_ERROR_RULE,
            code=SYNTAX_ERROR_CODE,
            severity=Severity.ERROR,
            message=message,
            span=index.span(start, end),
        )
        for message, start, end in failures
    )
    comment_nodes = tuple(
        ast.Comment(token.text, span=index.span(token.start, token.end)) for token in comments
    )
    program = ast.Program(program.declarations, comment_nodes, span=program.span)
    return ParseResult(program, diagnostics, source, index)


def expected_at(source: str, offset: int) -> frozenset[str]:
    """The terminals the grammar accepts at `offset`, given the text before it.

    For completion: pass the offset where the word under the cursor starts. The names
    are grammar terminals (`MUST`, `NAME`, `META_FIELD`, `SEMI`, ...); their text is in
    `load_tables().terminals`. Errors before `offset` are recovered from, as in `parse`.
    """
    tables, scanner = _machinery()
    prefix = source[: max(0, offset)]
    run = _Run(tables, scanner, prefix, Builder(LineIndex(prefix)))
    end = len(prefix)
    return frozenset(
        name for stack in run.stacks_at_end() for name in run.viable(stack, end) if name != _END
    )


class _Run:
    """One parse of one source text."""

    def __init__(self, tables: Tables, scanner: Scanner, text: str, builder: Builder) -> None:
        self.tables = tables
        self.scanner = scanner
        self.text = text
        self.builder = builder
        self.handlers = builder.handlers
        self.actions = tables.actions
        self.gotos = tables.gotos
        self.rules = tables.rules
        self.pass_through = [
            size == 1 and not splice and name not in self.handlers
            for name, size, splice, _origin in tables.rules
        ]
        # Merging compares state stacks. Each stack frame that has taken part in a merge
        # gets a number that stands for its whole state stack (equal numbers, equal
        # stacks), so a merge reads only the frames pushed since the last one.
        self.stack_numbers: dict[int, tuple[int, Frame]] = {}
        self.stack_keys: dict[tuple[int, int], int] = {}

    # --- the LALR machine ------------------------------------------------------------

    def reduce(self, stack: Frame, rule_index: int) -> Frame:
        """Apply one reduction to `stack` and return the new stack."""
        name, size, splice, origin = self.rules[rule_index]
        # A reduction pops only frames its own symbols pushed, so none of them is the
        # bottom frame and `below` is never None here.
        frame: Any
        if self.pass_through[rule_index]:
            # Most reductions are unit rules between precedence levels (`or_any: ambiguous`)
            # that hand their one child up unchanged: skip building a children list.
            value = stack[1]
            if value.__class__ is not list and value.__class__ is not Spliced:
                frame = stack[2]
                return (self.gotos[frame[0]][origin], value, frame)
        frame = stack
        popped: list[Any] = [None] * size
        for slot in range(size - 1, -1, -1):
            popped[slot] = frame[1]
            frame = frame[2]
        if splice:
            value = grow(popped)
        else:
            children: list[Any] = []
            for value in popped:
                if value.__class__ is list:
                    children.extend(value)
                elif value.__class__ is Spliced:
                    children.extend(value.as_list())
                else:
                    children.append(value)
            handler = self.handlers.get(name)
            if handler is not None:
                value = handler(children)
            elif len(children) == 1:
                value = children[0]
            else:  # a rule that needs no node of its own
                value = children
        return (self.gotos[frame[0]][origin], value, frame)

    def feed(self, stack: Frame, token: Token) -> Frame | None:
        """Shift `token` (after any reductions it causes), or None if it is an error."""
        actions = self.actions
        kind = token.type
        while True:
            action = actions[stack[0]].get(kind)
            if action is None:
                return None
            if action[0]:
                return (action[1], token, stack)
            stack = self.reduce(stack, action[1])

    def viable(self, stack: Frame, pos: int) -> set[str]:
        """The terminals (and `$END`) that can really come next on `stack`.

        LALR tables merge states, so a state may list a terminal that fails after a few
        reductions; each one is tried on the real stack. Used for completion and for
        the expected-token lists of error messages.
        """
        found: set[str] = set()
        for name in self.actions[stack[0]]:
            if name == "ERROR":
                continue
            if name == _END:
                if self.feed_end(stack) is not None:
                    found.add(name)
            elif self.feed(stack, Token(name, "", pos, pos)) is not None:
                found.add(name)
        return found

    def feed_end(self, stack: Frame) -> ast.Program | None:
        """Reduce at the end of input; the program if the parse is complete."""
        actions = self.actions
        end_state = self.tables.end_state
        while True:
            action = actions[stack[0]].get(_END)
            if action is None or action[0]:
                return None
            stack = self.reduce(stack, action[1])
            if stack[0] == end_state:
                program: ast.Program = stack[1]
                return program

    # --- running with forks ----------------------------------------------------------

    def run(
        self, stack: Frame, pos: int, comments: Chain, at_end: list[Frame] | None = None
    ) -> tuple[ast.Program, Chain] | Failure:
        """Parse from `pos` to the end: the program, or where it failed.

        With `at_end`, stacks that reach the end of the text are collected there
        instead of being completed (used to ask what may come next at a cursor).
        """
        text = self.text
        length = len(text)
        scanner = self.scanner
        agenda: dict[int, list[tuple[Frame, Chain]]] = {pos: [(stack, comments)]}
        positions = [pos]
        failure: Failure | None = None
        new_comments: list[Token]
        feed = self.feed
        while positions:
            here = heapq.heappop(positions)
            configs = agenda.pop(here)
            if len(configs) > 1:
                configs = self.merge(configs)
            elif not positions:
                # Fast path: one live configuration and, at almost every position, one
                # candidate token. Leave it at the first fork, error or end of input.
                stack, chain = configs[0]
                while True:
                    new_comments = []
                    start = scanner.skip_ignored(text, here, new_comments)
                    if new_comments:
                        chain = _chain(chain, new_comments)
                    here = start
                    if start >= length:
                        break
                    matches = scanner.match(text, start, stack[0])
                    if len(matches) != 1:
                        break
                    kind, end = matches[0]
                    shifted = feed(stack, Token(kind, text[start:end], start, end))
                    if shifted is None:
                        break
                    stack = shifted
                    here = end
                configs = [(stack, chain)]
            for config_stack, comments_before in configs:
                new_comments = []
                start = scanner.skip_ignored(text, here, new_comments)
                config_comments = _chain(comments_before, new_comments)
                if start >= length:
                    if at_end is not None:
                        at_end.append(config_stack)
                        continue
                    program = self.feed_end(config_stack)
                    if program is not None:
                        return program, config_comments
                    if failure is None or start > failure.pos:
                        failure = Failure(start, config_stack, config_comments)
                    continue
                matches = scanner.match(text, start, config_stack[0])
                advanced = False
                for kind, end in matches:
                    new_stack = self.feed(config_stack, Token(kind, text[start:end], start, end))
                    if new_stack is None:
                        continue
                    advanced = True
                    queue = agenda.get(end)
                    if queue is None:
                        agenda[end] = [(new_stack, config_comments)]
                        heapq.heappush(positions, end)
                    else:
                        queue.append((new_stack, config_comments))
                if not advanced and (failure is None or start > failure.pos):
                    failure = Failure(start, config_stack, config_comments)
        if failure is None:  # every configuration reached the end (collected in at_end)
            return Failure(length, stack, comments)
        return failure

    def merge(self, configs: list[tuple[Frame, Chain]]) -> list[tuple[Frame, Chain]]:
        """Drop configurations whose state stack repeats an earlier one (same future)."""
        seen: set[int] = set()
        kept: list[tuple[Frame, Chain]] = []
        for config in configs:
            number = self.stack_number(config[0])
            if number not in seen:
                seen.add(number)
                kept.append(config)
        return kept

    def stack_number(self, stack: Frame) -> int:
        """A number for the state stack of `stack`: equal exactly when the states are.

        Hash-consing: the number of a frame is interned from its state and the number
        of the frame below, and kept (with the frame, so its id stays unique) for the
        whole parse. Only frames never numbered before are visited, so all merges of a
        parse together cost time linear in the frames pushed.
        """
        numbers = self.stack_numbers
        unnumbered: list[Frame] = []
        frame: Frame | None = stack
        below = -1
        while frame is not None:
            known = numbers.get(id(frame))
            if known is not None:
                below = known[0]
                break
            unnumbered.append(frame)
            frame = frame[2]
        keys = self.stack_keys
        for frame in reversed(unnumbered):
            key = (frame[0], below)
            number = keys.get(key)
            if number is None:
                number = keys[key] = len(keys)
            numbers[id(frame)] = (number, frame)
            below = number
        return below

    def stacks_at_end(self) -> list[Frame]:
        """The parser stacks with which the text can end, recovering from errors on the way."""
        stack: Frame = (self.tables.start_state, None, None)
        pos = 0
        comments: Chain = None
        last_failure_pos = -1
        for _attempt in range(_MAX_ERRORS):
            at_end: list[Frame] = []
            outcome = self.run(stack, pos, comments, at_end)
            if at_end:
                return at_end
            assert isinstance(outcome, Failure)
            outcome = self.back_up(outcome)
            stack, pos, comments = self.recover(outcome, force_skip=outcome.pos == last_failure_pos)
            last_failure_pos = outcome.pos
        return [stack]

    def parse_all(self) -> tuple[ast.Program, list[Token], list[tuple[str, int, int]]]:
        """Parse the whole text, recovering from errors."""
        stack: Frame = (self.tables.start_state, None, None)
        pos = 0
        comments: Chain = None
        errors: list[tuple[str, int, int]] = []
        last_failure_pos = -1
        while True:
            outcome = self.run(stack, pos, comments)
            if isinstance(outcome, tuple):
                program, chain = outcome
                return program, _unchain(chain), errors
            outcome = self.back_up(outcome)
            if outcome.pos != last_failure_pos:
                message, start, end = describe_failure(_Stuck(self, outcome))
                errors.append((message, start, end))
            if len(errors) >= _MAX_ERRORS:
                return self.abandon(outcome), _unchain(outcome.comments), errors
            recovered = self.recover(outcome, force_skip=outcome.pos == last_failure_pos)
            last_failure_pos = outcome.pos
            stack, pos, comments = recovered

    # --- error recovery --------------------------------------------------------------

    def back_up(self, failure: Failure) -> Failure:
        """Blame a `let`/`tool` that starts a line, even where it was read as a name.

        Names may be spelled like keywords, so after `x.tags overlaps` a `let` on the
        next line is read as a reference to a let called `let`, and the parse only fails
        one token later. A person sees a new declaration: report and recover there.
        """
        top = failure.stack[1]
        if (
            isinstance(top, Token)
            and top.type == "NAME"
            and top.text in ("let", "tool")
            and self.starts_line(top.start)
            and failure.stack[2] is not None
        ):
            return Failure(top.start, failure.stack[2], failure.comments)
        return failure

    def raw_token(self, pos: int) -> Token | None:
        """The token at `pos` regardless of parser state; junk becomes a JUNK token."""
        text = self.text
        if pos >= len(text):
            return None
        token = self.scanner.any_token(text, pos)
        if token is not None:
            return token
        char = text[pos]
        if text.startswith("/*", pos):  # unterminated block comment: all the rest
            return Token("JUNK", text[pos:], pos, len(text))
        if char == '"' or (char in "rwd" and text.startswith('"', pos + 1)):
            line_end = line_end_at(text, pos)
            return Token("JUNK", text[pos:line_end], pos, line_end)
        return Token("JUNK", char, pos, pos + 1)

    def recover(self, failure: Failure, *, force_skip: bool) -> tuple[Frame, int, Chain]:
        """Skip to a synchronisation point and return a stack that can go on from it."""
        text = self.text
        skipped_comments: list[Token] = []
        pos = failure.pos
        if force_skip:
            token = self.raw_token(pos)
            pos = token.end if token is not None else len(text)
        depth = 0
        while True:
            pos = self.scanner.skip_ignored(text, pos, skipped_comments)
            token = self.raw_token(pos)
            if token is None:
                attempt = self.resync(failure, pos, "EOF")
                if attempt is not None:
                    return attempt, pos, _chain(failure.comments, skipped_comments)
                # the bottom state always accepts ERROR then the end: unreachable
                return (
                    (self.tables.start_state, None, None),
                    len(text),
                    _chain(failure.comments, skipped_comments),
                )
            kind = token.type
            if kind == "LBRACE":
                depth += 1
            elif kind == "RBRACE":
                if depth > 0:
                    depth -= 1
                    if depth == 0:
                        attempt = self.resync(failure, token.end, "AFTER_GROUP")
                        if attempt is not None:
                            return attempt, token.end, _chain(failure.comments, skipped_comments)
                else:
                    attempt = self.resync(failure, pos, "RBRACE")
                    if attempt is not None:
                        return attempt, pos, _chain(failure.comments, skipped_comments)
            elif kind == "SEMI" and depth == 0:
                attempt = self.resync(failure, pos, "SEMI")
                if attempt is not None:
                    return attempt, pos, _chain(failure.comments, skipped_comments)
            elif kind in ("LET", "TOOL") and self.starts_line(pos):
                attempt = self.resync(failure, pos, kind)
                if attempt is not None:
                    return attempt, pos, _chain(failure.comments, skipped_comments)
            pos = token.end

    def starts_line(self, pos: int) -> bool:
        return first_on_line(self.text, pos)

    def resync(self, failure: Failure, pos: int, sync: str) -> Frame | None:
        """Pop `failure.stack` to a state that takes ERROR and then the sync token."""
        stack: Frame | None = failure.stack
        error_start = failure.pos
        while stack is not None:
            if "ERROR" in self.actions[stack[0]]:
                skipped = Token("ERROR", self.text[error_start:pos], error_start, pos)
                with_error = self.feed(stack, skipped)
                if with_error is not None:
                    resumed = self.continue_with(with_error, pos, sync)
                    if resumed is not None:
                        return resumed
            value = stack[1]
            start = _start_of(value)
            if start is not None:
                error_start = min(error_start, start)
            stack = stack[2]
        return None

    def continue_with(self, stack: Frame, pos: int, sync: str) -> Frame | None:
        """`stack` (or it with up to three `}` closed) if it accepts what is at `pos`."""
        closers = 0
        while closers <= 3:
            if self.accepts_at(stack, pos, sync):
                return stack
            if sync not in ("EOF", "LET", "TOOL"):
                return None
            # A block left open before a new declaration: close it so it is kept.
            closed = self.feed(stack, Token("RBRACE", "", pos, pos))
            if closed is None:
                return None
            stack = closed
            closers += 1
        return None

    def accepts_at(self, stack: Frame, pos: int, sync: str) -> bool:
        if sync == "EOF":
            return self.feed_end(stack) is not None
        if sync in ("SEMI", "RBRACE", "LET", "TOOL"):
            return self.feed(stack, Token(sync, "", pos, pos)) is not None
        # AFTER_GROUP: whatever follows must be acceptable here
        start = self.scanner.skip_ignored(self.text, pos, None)
        if start >= len(self.text):
            return self.feed_end(stack) is not None
        for kind, end in self.scanner.match(self.text, start, stack[0]):
            if self.feed(stack, Token(kind, self.text[start:end], start, end)) is not None:
                return True
        return False

    def abandon(self, failure: Failure) -> ast.Program:
        """Too many errors: keep the declarations completed so far."""
        declarations: list[ast.Declaration] = []
        stack: Frame | None = failure.stack
        while stack is not None:
            value = plain(stack[1])
            if isinstance(value, list):
                declarations[:0] = [
                    cast(ast.Declaration, item) for item in value if isinstance(item, ast.Node)
                ]
            stack = stack[2]
        return ast.Program(tuple(declarations), span=self.builder.index.span(0, len(self.text)))


def _chain(chain: Chain, tokens: list[Token]) -> Chain:
    for token in tokens:
        chain = (token, chain)
    return chain


def _unchain(chain: Chain) -> list[Token]:
    """The comments of a chain in source order, each once."""
    tokens: list[Token] = []
    while chain is not None:
        tokens.append(chain[0])
        chain = chain[1]
    tokens.reverse()
    seen: set[int] = set()
    unique: list[Token] = []
    for token in tokens:
        if token.start not in seen:
            seen.add(token.start)
            unique.append(token)
    return unique


def _start_of(value: Any) -> int | None:
    value = plain(value)
    if isinstance(value, Token):
        return value.start
    if isinstance(value, ast.Node):
        return value.span.start
    if isinstance(value, list | tuple):
        for item in value:
            start = _start_of(item)
            if start is not None:
                return start
    return None
