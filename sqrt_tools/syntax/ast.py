"""The SQRT abstract syntax tree: small immutable nodes, each with a span.

Every consumer (linter, formatter, language server, evaluator) reads these nodes, never
Lark trees or tokens. Spans do not take part in equality, so two trees compare equal
when they mean the same program, wherever its pieces stand in the text; the formatter
relies on that to prove it kept a policy's meaning.

Keyword synonyms are recorded as written (`hard` or `must`, `|` or `union`) so that the
formatter can keep or normalise them and the linter can flag them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Literal as TypingLiteral
from typing import TypeAlias

from sqrt_tools.syntax.spans import Span


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every AST node."""

    span: Span = field(compare=False, repr=False, kw_only=True)

    def children(self) -> Iterator[Node]:
        """The direct child nodes, in source order."""
        for item in fields(self):
            if item.name == "span":
                continue
            value = getattr(self, item.name)
            if isinstance(value, Node):
                yield value
            elif isinstance(value, tuple):
                for element in value:
                    if isinstance(element, Node):
                        yield element

    def walk(self) -> Iterator[Node]:
        """This node and all its descendants, depth first, in source order."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(list(node.children())))


# --- comments and names ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Comment(Node):
    """An ordinary comment, kept on the side: `// ...` or `/* ... */`, as written."""

    text: str

    @property
    def is_block(self) -> bool:
        return self.text.startswith("/*")


@dataclass(frozen=True, slots=True)
class DocComment(Node):
    """One `/// ...` line; it documents the declaration, member or statement after it."""

    text: str

    @property
    def content(self) -> str:
        """The text after `///`, without one leading space."""
        body = self.text[3:]
        return body[1:] if body.startswith(" ") else body


Docs: TypeAlias = tuple[DocComment, ...]


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A name as written: a `let` name or an argument name."""

    text: str


# --- literals ----------------------------------------------------------------------------

StringKind = TypingLiteral["", "r", "w", "d"]


@dataclass(frozen=True, slots=True)
class StringLiteral(Node):
    """A string: plain `"..."`, regex `r"..."`, wildcard `w"..."` or datetime `d"..."`.

    `raw` is the source text including prefix and quotes.
    """

    raw: str

    @property
    def kind(self) -> StringKind:
        prefix = self.raw[0]
        if prefix == "r":
            return "r"
        if prefix == "w":
            return "w"
        if prefix == "d":
            return "d"
        return ""

    @property
    def value(self) -> str:
        """The decoded text between the quotes (see `decode_string`)."""
        body = self.raw[1:-1] if self.kind == "" else self.raw[2:-1]
        return decode_string(body)


def decode_string(body: str) -> str:
    """Decode escapes in a string body.

    [ours] The service documents no escape rules. We decode `\\\\` to one backslash,
    `\\"` to a quote, `\\n` and `\\t` as usual; any other backslash pair stays as
    written, so `r"a\\.b"` keeps the regex escape `\\.`.
    """
    if "\\" not in body:
        return body
    out: list[str] = []
    index = 0
    length = len(body)
    while index < length:
        char = body[index]
        if char == "\\" and index + 1 < length:
            following = body[index + 1]
            if following == "\\":
                out.append("\\")
            elif following == '"':
                out.append('"')
            elif following == "n":
                out.append("\n")
            elif following == "t":
                out.append("\t")
            else:
                out.append(char + following)
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class NumberLiteral(Node):
    """An integer, a float or an infinity (`inf`, `+inf`, `-inf`), as written."""

    raw: str

    @property
    def value(self) -> int | float:
        text = self.raw
        if text.endswith("inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        if "." in text:
            return float(text)
        return int(text)

    @property
    def is_integer(self) -> bool:
        return "." not in self.raw and not self.raw.endswith("inf")


@dataclass(frozen=True, slots=True)
class BoolLiteral(Node):
    value: bool


Literal: TypeAlias = StringLiteral | NumberLiteral | BoolLiteral


# --- metadata accessors ------------------------------------------------------------------

MetaField = TypingLiteral["tags", "producers", "consumers"]
Aggregate = TypingLiteral["union", "intersect"]


@dataclass(frozen=True, slots=True)
class ArgMeta(Node):
    """`ARG.FIELD`: the metadata of one argument of the called tool."""

    arg: Name
    field: MetaField


@dataclass(frozen=True, slots=True)
class ResultMeta(Node):
    """`@result.FIELD`: the metadata of the tool's result."""

    field: MetaField


@dataclass(frozen=True, slots=True)
class SessionMeta(Node):
    """`@session.FIELD`: the session's metadata."""

    field: MetaField


@dataclass(frozen=True, slots=True)
class SubjectMeta(Node):
    """`@FIELD`: the block's own subject (the result in `result`, the session in `session`)."""

    field: MetaField


@dataclass(frozen=True, slots=True)
class ArgsMeta(Node):
    """`@args.FIELD`, `@args.FIELD.union` or `@args.FIELD.intersect`.

    `aggregate` is None when no suffix is written (the service then takes the union).
    """

    field: MetaField
    aggregate: Aggregate | None


@dataclass(frozen=True, slots=True)
class Aggregation(Node):
    """`union of FIELD from args` / `intersect of FIELD from args`."""

    aggregate: Aggregate
    field: MetaField


Accessor: TypeAlias = ArgMeta | ResultMeta | SessionMeta | SubjectMeta | ArgsMeta | Aggregation


# --- value operands ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArgValue(Node):
    """`ARG.value`: the value of one argument."""

    arg: Name


@dataclass(frozen=True, slots=True)
class ResultValue(Node):
    """`@result.value`."""


@dataclass(frozen=True, slots=True)
class SessionValue(Node):
    """`@session.value` (the session has no value; the linter says so)."""


ValueOperand: TypeAlias = ArgValue | ResultValue | SessionValue | Literal


# --- value domains -----------------------------------------------------------------------

RangeOp = TypingLiteral["..", "<..", "..<", "<..<"]


@dataclass(frozen=True, slots=True)
class Range(Node):
    """A range of numbers or datetimes.

    `a..b` has `low`, `high` and `op`; `..b` has no `low`; `a..` no `high`; a single
    value has `low` only and no `op`.
    """

    low: Literal | None
    op: RangeOp | None
    high: Literal | None

    @property
    def low_inclusive(self) -> bool:
        return self.op in ("..", "..<") or self.op is None

    @property
    def high_inclusive(self) -> bool:
        return self.op in ("..", "<..") or self.op is None


@dataclass(frozen=True, slots=True)
class BoolDomain(Node):
    """`bool true` / `bool false`."""

    value: BoolLiteral


@dataclass(frozen=True, slots=True)
class NumberDomain(Node):
    """`int R` or `float R`."""

    kind: TypingLiteral["int", "float"]
    range: Range


@dataclass(frozen=True, slots=True)
class StrPattern(Node):
    """`matching r"..."` or `like w"..."` inside a `str` domain."""

    kind: TypingLiteral["matching", "like"]
    literal: StringLiteral


@dataclass(frozen=True, slots=True)
class StrDomain(Node):
    """`str "exact"`, `str matching r"re"`, `str like w"*.txt"`, each with `length R`."""

    pattern: StringLiteral | StrPattern
    length: Range | None


@dataclass(frozen=True, slots=True)
class DatetimeDomain(Node):
    """`datetime D`, a range of `d"..."` strings, a plain string or an epoch number."""

    range: Range


Domain: TypeAlias = BoolDomain | NumberDomain | StrDomain | DatetimeDomain


# --- sets --------------------------------------------------------------------------------

SetOperator = TypingLiteral["union", "intersect", "minus", "xor"]


@dataclass(frozen=True, slots=True)
class SetLiteral(Node):
    """`{}` or `{E, ...}`: strings, numbers and value domains."""

    elements: tuple[StringLiteral | NumberLiteral | Domain, ...]


@dataclass(frozen=True, slots=True)
class SetOp(Node):
    """A binary set operation; `symbol` is the spelling used (`|` or `union`, ...)."""

    op: SetOperator
    symbol: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class WithElement(Node):
    """`SET with ELEMENT` / `SET without ELEMENT`."""

    op: TypingLiteral["with", "without"]
    set: Expr
    element: StringLiteral | NumberLiteral | Domain


# --- predicates --------------------------------------------------------------------------

SetComparisonOp = TypingLiteral["overlaps", "subset of", "superset of", "=="]


@dataclass(frozen=True, slots=True)
class SetComparison(Node):
    """`ACCESSOR overlaps|subset of|superset of|== SET`."""

    op: SetComparisonOp
    left: Accessor
    right: Expr


@dataclass(frozen=True, slots=True)
class SetTest(Node):
    """`ACCESSOR is empty` / `ACCESSOR is universal`."""

    test: TypingLiteral["empty", "universal"]
    operand: Accessor


@dataclass(frozen=True, slots=True)
class ValueIn(Node):
    """`VALUE in SET`."""

    operand: ValueOperand
    set: Expr


@dataclass(frozen=True, slots=True)
class ValueEquals(Node):
    """`VALUE == VALUE`."""

    left: ValueOperand
    right: ValueOperand


@dataclass(frozen=True, slots=True)
class BoolOp(Node):
    """`left and right` / `left or right`."""

    op: TypingLiteral["and", "or"]
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Not(Node):
    operand: Expr


@dataclass(frozen=True, slots=True)
class Group(Node):
    """An expression in parentheses, kept so that the text can be reproduced."""

    inner: Expr


@dataclass(frozen=True, slots=True)
class NameRef(Node):
    """A bare name referring to a `let`; whether it is a predicate, a set or a domain is
    decided by the semantic model, not by the parser."""

    name: str


Expr: TypeAlias = (
    BoolOp
    | Not
    | Group
    | NameRef
    | SetComparison
    | SetTest
    | ValueIn
    | ValueEquals
    | SetOp
    | WithElement
    | SetLiteral
    | Accessor
    | Domain
)


# --- statements and members --------------------------------------------------------------

AssignOp = TypingLiteral["=", "|=", "&=", "-=", "^="]
UpdateTarget: TypeAlias = SubjectMeta | ResultMeta | SessionMeta | ArgMeta


@dataclass(frozen=True, slots=True)
class ErrorNode(Node):
    """Where error recovery skipped text; `text` is what was skipped."""

    text: str


@dataclass(frozen=True, slots=True)
class Update(Node):
    """`TARGET OP SET;` inside a result or session block (or a shorthand policy)."""

    target: UpdateTarget
    op: AssignOp
    value: Expr
    docs: Docs = ()


@dataclass(frozen=True, slots=True)
class WhenBlock(Node):
    """`when PREDICATE { UPDATE; ... }` inside a block (one level, no nesting)."""

    condition: Expr
    statements: tuple[Update | ErrorNode, ...]
    docs: Docs = ()


Statement: TypeAlias = Update | WhenBlock | ErrorNode


@dataclass(frozen=True, slots=True)
class Priority(Node):
    """`priority N;`."""

    value: NumberLiteral
    docs: Docs = ()


Enforcement = TypingLiteral["must", "hard", "should", "soft"]


@dataclass(frozen=True, slots=True)
class CheckRule(Node):
    """`ENFORCEMENT OUTCOME when PREDICATE;` or `... always;` (then `condition` is None)."""

    enforcement: Enforcement
    outcome: TypingLiteral["allow", "deny"]
    condition: Expr | None
    docs: Docs = ()

    @property
    def is_hard(self) -> bool:
        return self.enforcement in ("must", "hard")


@dataclass(frozen=True, slots=True)
class ResultBlock(Node):
    """`result { ... }`: updates of the result's metadata after the call."""

    statements: tuple[Statement, ...]
    docs: Docs = ()


@dataclass(frozen=True, slots=True)
class SessionBlock(Node):
    """`session before { ... }` / `session after { ... }`."""

    timing: TypingLiteral["before", "after"]
    statements: tuple[Statement, ...]
    docs: Docs = ()


Member: TypeAlias = Priority | CheckRule | ResultBlock | SessionBlock | ErrorNode


# --- declarations ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LetDecl(Node):
    """`let NAME = EXPRESSION;`."""

    name: Name
    value: Expr
    docs: Docs = ()


@dataclass(frozen=True, slots=True)
class ToolPolicy(Node):
    """`tool ID { MEMBER* }`; `tool_id` is a plain string or an `r"..."` regex."""

    tool_id: StringLiteral
    members: tuple[Member, ...]
    docs: Docs = ()


ShorthandTarget = TypingLiteral["result", "session", "session before", "session after"]


@dataclass(frozen=True, slots=True)
class ToolShorthand(Node):
    """`tool ID [N]? -> TARGET? @FIELD OP SET (when PREDICATE)?;`.

    `target` is None when omitted (the result); `session` alone means `session after`.
    """

    tool_id: StringLiteral
    priority: NumberLiteral | None
    target: ShorthandTarget | None
    update: Update
    condition: Expr | None
    docs: Docs = ()


Declaration: TypeAlias = LetDecl | ToolPolicy | ToolShorthand | ErrorNode


@dataclass(frozen=True, slots=True)
class Program(Node):
    """A whole SQRT file: its declarations and, on the side, its ordinary comments."""

    declarations: tuple[Declaration, ...]
    comments: tuple[Comment, ...] = field(default=(), compare=False)
