"""Seeded random SQRT programs and token-level mutations for differential tests.

The conformance tests feed the same inputs to our parser and to the service's
reference checker (``sequrity.sqrt.parser.parse``) and compare the verdicts.
This module only makes inputs; it knows nothing about either parser.

- :func:`generate_program` writes a small, *mostly valid* program: 1 to 6
  declarations, bounded nesting, random comments and white space. About one
  program in fifty contains a deliberate mistake (a doc comment where none is
  allowed, a ``d"..."`` string in a set literal, a nested ``when`` ...).
- :func:`mutate` damages a program: token-level edits (drop, duplicate, swap,
  insert, replace) and now and then character-level ones (delete or insert a
  character, an unterminated string or comment, a truncated file).
- :func:`corpus` mixes both, deterministically: item ``i`` of seed ``s`` is the
  same whatever ``count`` is, so a failing case is reproducible from
  ``corpus_item(s, i)``.

The reference parser is slow (a scannerless Earley parser, a few milliseconds
per small program), so programs stay short: typically under 15 lines.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from itertools import pairwise

__all__ = [
    "VOCABULARY",
    "corpus",
    "corpus_item",
    "generate_program",
    "mutate",
    "tokens",
]

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

KEYWORDS: tuple[str, ...] = (
    "let", "tool", "priority", "must", "hard", "should", "soft", "allow", "deny",
    "when", "always", "result", "session", "before", "after", "in", "overlaps",
    "subset", "superset", "of", "is", "empty", "universal", "not", "and", "or",
    "union", "intersect", "minus", "xor", "with", "without", "from", "args",
    "bool", "int", "float", "str", "datetime", "matching", "like", "length",
    "true", "false", "inf", "tags", "producers", "consumers", "value",
)  # fmt: skip

PUNCTUATION: tuple[str, ...] = (
    ";", "{", "}", "(", ")", "[", "]", ",", ".", "..", "<..", "..<", "<..<", "@",
    "=", "|=", "&=", "-=", "^=", "==", "->", "|", "&", "-", "^", "+", "<",
)  # fmt: skip

LITERALS: tuple[str, ...] = (
    '"a"', '"send_email"', '""', r'"a\"b"', 'r"^[a-z]+$"', 'w"*.txt"', 'd"2024-01-01"',
    "0", "7", "-3", "1.5", "-0.25", "inf", "-inf", "+inf", "true", "false",
    "x", "to", "x.tags", "@tags", "@result.value", ".value",
)  # fmt: skip

COMMENTS: tuple[str, ...] = ("/* note */", "// note\n", "/// doc\n")

#: Everything a mutation may insert.
VOCABULARY: tuple[str, ...] = KEYWORDS + PUNCTUATION + LITERALS + COMMENTS

FIELDS = ("tags", "producers", "consumers")
ASSIGN_OPS = ("=", "|=", "&=", "-=", "^=")
SET_OPS = ("|", "union", "&", "intersect", "-", "minus", "^", "xor")
ENFORCEMENT = ("must", "hard", "should", "soft")

# Argument names, including real parameter names that are keywords of SQRT.
PLAIN_ARGS = (
    "to", "cc", "body", "subject", "path", "amount", "url", "query", "doc", "recipient",
    "x", "y", "attachments", "channel", "message", "currency", "_n2",
)  # fmt: skip
KEYWORD_ARGS = (
    "from", "in", "type", "length", "result", "args", "value", "tags", "session",
    "tool", "let", "with", "when", "not", "str", "int", "is", "of", "true", "inf",
)  # fmt: skip
# Names for `let`; a few keywords that the reference accepts as let names too.
LET_NAMES = (
    "trusted", "internal", "secret", "pii", "is_external", "amounts", "paths", "a", "b",
    "c", "limit_1", "_tmp", "Domain", "okay",
)  # fmt: skip
KEYWORD_LET_NAMES = ("tool", "let", "from", "type", "length", "args")

PLAIN_STRINGS = (
    '"a"', '"confidential"', '"pii"', '"attempt1"', '"alice@acme.com"', '"*"', '""',
    '"USD"', r'"a\"b"', r'"back\\slash"', r'"line\nbreak"', '"é"', '"日本"', '"a b"',
    '"x.y"', '"send_email"',
)  # fmt: skip
REGEX_STRINGS = (
    r'r"^[a-z]+\.pdf$"', r'r"^(send|forward)_.*$"', r'r"^\d{3}-\d{4}$"', r'r".*"',
    r'r"^/home/[^/]+/.*$"', r'r"^a\"b$"', r'r""',
)  # fmt: skip
WILDCARD_STRINGS = ('w"*.txt"', 'w"*@acme.com"', 'w"file_?.log"', 'w"*"', 'w"/srv/*/docs/*"')
DATETIME_STRINGS = (
    'd"2024-01-01"', 'd"2025-06-30T12:00:00Z"', 'd"2025-06-30T12:00:00+02:00"',
    'd"2023-12-31T23:59:59.999Z"', 'd"1970-01-01"',
)  # fmt: skip
TOOL_NAMES = (
    '"send_email"', '"read_file"', '"issue_refund"', '"get_doc"', '"charge_card"',
    '"parse_with_ai"', '"x"', r'"odd\"name"', '""',
)  # fmt: skip
TOOL_REGEXES = (
    r'r"^(send|forward)_.*$"', r'r"^get_[a-z_]+$"', r'r"^.*$"', r'r"^admin_.*$"',
    r'r"send_to_.*"',
)  # fmt: skip
INTS = ("0", "1", "3", "10", "100", "-1", "-42", "2025", "007", "86400")
FLOATS = ("0.5", "1.0", "2.75", "-0.25", "-40.5", "9999.99", "0.01")
INFS = ("inf", "-inf", "+inf")
LINE_TEXTS = ("note", "TODO: tighten this", "see ticket #42", "", "a // b", "é")
DOC_TEXTS = ("Explains the rule.", "Allow the fourth attempt.", "", "Uses `@tags`.")

# One program in this many gets a deliberate mistake somewhere.
_INVALID_ONE_IN = 50

_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


class _Gen:
    """Builds one program as a list of tokens, then renders it with white space."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.out: list[str] = []
        self.lets: dict[str, list[str]] = {"pred": [], "set": [], "domain": []}
        # A deliberate mistake is planted at most once, at a random opportunity.
        self.plant_mistake = rng.randrange(_INVALID_ONE_IN) == 0
        self.bad_gap = -1  # index of the gap that gets a misplaced doc comment
        self.max_depth = rng.choice((1, 1, 2, 2, 3))
        # Programs stop growing past this many tokens: the reference parser's
        # time grows with the length (about 5 ms per 100 characters).
        self.budget = rng.randint(5, 30)

    # -- helpers ---------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, options: Sequence[str]) -> str:
        return self.rng.choice(options)

    def over_budget(self) -> bool:
        return len(self.out) >= self.budget

    def emit(self, *toks: str) -> None:
        self.out.extend(toks)

    def mistake(self, p: float) -> bool:
        """True (once per program) when this opportunity should be made invalid."""
        if self.plant_mistake and self.chance(p):
            self.plant_mistake = False
            return True
        return False

    def doc_comments(self, p: float = 0.25) -> None:
        while self.chance(p):
            self.emit("/// " + self.pick(DOC_TEXTS))
            p /= 3

    # -- names and accessors ---------------------------------------------------

    def arg_name(self) -> str:
        r = self.rng.random()
        if r < 0.15:
            return self.pick(("from", "to", "in", "type", "length"))
        if r < 0.25:
            return self.pick(KEYWORD_ARGS)
        return self.pick(PLAIN_ARGS)

    def let_ref(self, kind: str) -> str:
        known = self.lets[kind]
        if known and self.chance(0.7):
            return self.pick(known)
        return self.pick(("p", "s", "S", "trusted", "internal", "limits"))

    def dotted(self, base: str, member: str) -> str:
        """``base.member`` with the spacing variants the reference accepts."""
        if member == "value":
            # `.value` is one token: the dot must be glued to `value`.
            return base + self.pick((".value", ".value", ".value", " .value"))
        return base + self.pick((".", ".", ".", " .", ". ", " . ")) + member

    def set_accessor(self) -> str:
        field = self.pick(FIELDS)
        r = self.rng.random()
        if r < 0.40:
            return self.dotted(self.arg_name(), field)
        if r < 0.52:
            return self.dotted("@result", field)
        if r < 0.64:
            return self.dotted("@session", field)
        if r < 0.76:
            return self.pick(("@", "@", "@ ")) + field
        if r < 0.88:
            acc = self.dotted("@args", field)
            if self.chance(0.6):
                acc = self.dotted(acc, self.pick(("union", "intersect")))
            return acc
        return f"{self.pick(('union', 'intersect'))} of {field} from args"

    def value_accessor(self) -> str:
        r = self.rng.random()
        if r < 0.7:
            return self.dotted(self.arg_name(), "value")
        if r < 0.85:
            return self.dotted("@result", "value")
        return self.dotted("@session", "value")

    # -- literals ---------------------------------------------------------------

    def number(self, kind: str = "any") -> str:
        if kind == "int":
            return self.pick(INTS)
        r = self.rng.random()
        if r < 0.45:
            return self.pick(INTS)
        if r < 0.8:
            return self.pick(FLOATS)
        return self.pick(INFS)

    def string(self) -> str:
        return self.pick(PLAIN_STRINGS)

    def value_literal(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return self.string()
        if r < 0.55:
            return self.pick(DATETIME_STRINGS)
        if r < 0.85:
            return self.number()
        return self.pick(("true", "false"))

    # -- value domains ------------------------------------------------------------

    def num_range(self, kind: str) -> None:
        """A range R over numbers: every bound form of the language."""

        def bound() -> str:
            return self.number(kind)

        form = self.rng.randrange(9)
        if form == 0:
            self.emit(bound(), "..", bound())
        elif form == 1:
            self.emit(bound(), "<..", bound())
        elif form == 2:
            self.emit(bound(), "..<", bound())
        elif form == 3:
            self.emit(bound(), "<..<", bound())
        elif form == 4:
            self.emit(bound(), "..")
        elif form == 5:
            self.emit(bound(), "<..")
        elif form == 6:
            self.emit("..", bound())
        elif form == 7:
            self.emit("..<", bound())
        else:
            self.emit(bound())

    def datetime_range(self) -> None:
        if self.mistake(0.3):
            self.emit("5", "..", "10")  # numbers are not datetime range bounds
            return
        d = self.pick(DATETIME_STRINGS)
        e = self.pick(DATETIME_STRINGS)
        form = self.rng.randrange(10)
        if form == 0:
            self.emit(d, "..", e)
        elif form == 1:
            self.emit(d, "<..", e)
        elif form == 2:
            self.emit(d, "..<", e)
        elif form == 3:
            self.emit(d, "<..<", e)
        elif form == 4:
            self.emit(d, self.pick(("..", "<..")))
        elif form == 5:
            self.emit(self.pick(("..", "..<")), d)
        elif form == 6:
            self.emit(d)
        elif form == 7:
            self.emit(self.string())  # a plain string bound
        else:
            self.emit(self.number())  # epoch seconds

    def length_suffix(self) -> None:
        if self.chance(0.3):
            self.emit("length")
            self.num_range("int")

    def domain(self) -> None:
        r = self.rng.random()
        if r < 0.1:
            self.emit("bool", self.pick(("true", "false")))
        elif r < 0.3:
            self.emit("int")
            self.num_range("int")
        elif r < 0.45:
            self.emit("float")
            self.num_range("float")
        elif r < 0.55:
            self.emit("str", self.string())
            self.length_suffix()
        elif r < 0.67:
            self.emit("str", "matching", self.pick(REGEX_STRINGS))
            self.length_suffix()
        elif r < 0.8:
            self.emit("str", "like", self.pick(WILDCARD_STRINGS))
            self.length_suffix()
        else:
            self.emit("datetime")
            self.datetime_range()

    # -- sets ---------------------------------------------------------------------

    def element(self) -> None:
        r = self.rng.random()
        if r < 0.3:
            self.emit(self.string())
        elif r < 0.42:
            self.emit(self.pick(REGEX_STRINGS))
        elif r < 0.54:
            self.emit(self.pick(WILDCARD_STRINGS))
        elif r < 0.72:
            self.emit(self.number())
        else:
            self.domain()

    def set_literal(self) -> None:
        if self.chance(0.12):
            self.emit("{", "}")
            return
        self.emit("{")
        for i in range(self.rng.choice((1, 1, 1, 2, 2, 3))):
            if i:
                self.emit(",")
            if self.mistake(0.1):
                self.emit(self.pick(DATETIME_STRINGS))  # not allowed in a set literal
            else:
                self.element()
        if self.mistake(0.1):
            self.emit(",")  # trailing comma
        self.emit("}")

    def set_primary(self, depth: int) -> None:
        r = self.rng.random()
        if r < 0.4:
            self.set_literal()
        elif r < 0.7:
            self.emit(self.set_accessor())
        elif r < 0.85 or depth >= self.max_depth or self.over_budget():
            self.emit(self.let_ref("set"))
        else:
            self.emit("(")
            self.set_expr(depth + 1)
            self.emit(")")
        while self.chance(0.12):
            self.emit(self.pick(("with", "without")))
            self.element()

    def set_expr(self, depth: int = 0) -> None:
        self.set_primary(depth)
        p = 0.3 if depth < self.max_depth else 0.1
        while self.chance(p) and not self.over_budget():
            self.emit(self.pick(SET_OPS))
            self.set_primary(depth)
            p /= 2

    # -- predicates --------------------------------------------------------------

    def comparison(self, depth: int) -> None:
        r = self.rng.random()
        if r < 0.25:
            self.emit(self.value_accessor() if self.chance(0.8) else self.value_literal(), "in")
            self.set_expr(depth + 1)
        elif r < 0.42:
            left = self.value_accessor() if self.chance(0.8) else self.value_literal()
            right = self.value_literal() if self.chance(0.8) else self.value_accessor()
            if self.chance(0.3):
                left, right = right, left
            self.emit(left, "==", right)
        elif r < 0.8:
            if self.mistake(0.2):
                self.set_literal()  # a set literal cannot be the left operand
            else:
                self.emit(self.set_accessor())
            op = self.rng.randrange(4)
            if op == 0:
                self.emit("overlaps")
            elif op == 1:
                self.emit("subset", "of")
            elif op == 2:
                self.emit("superset", "of")
            else:
                self.emit("==")
            self.set_expr(depth + 1)
        else:
            self.emit(self.set_accessor(), "is", self.pick(("empty", "universal")))

    def pred_atom(self, depth: int) -> None:
        while self.chance(0.15):
            self.emit("not")
        r = self.rng.random()
        if r < 0.12:
            self.emit(self.let_ref("pred"))
        elif r < 0.22 and depth < self.max_depth and not self.over_budget():
            self.emit("(")
            self.predicate(depth + 1)
            self.emit(")")
        else:
            self.comparison(depth)

    def predicate(self, depth: int = 0) -> None:
        self.pred_atom(depth)
        p = 0.3 if depth < self.max_depth else 0.08
        while self.chance(p) and not self.over_budget():
            self.emit(self.pick(("and", "or")))
            self.pred_atom(depth)
            p /= 2

    # -- declarations -------------------------------------------------------------

    def let_decl(self) -> None:
        name = self.pick(KEYWORD_LET_NAMES) if self.chance(0.08) else self.pick(LET_NAMES)
        self.emit("let", name, "=")
        r = self.rng.random()
        if r < 0.4:
            kind = "pred"
            self.predicate()
        elif r < 0.75:
            kind = "set"
            self.set_expr()
        elif r < 0.95:
            kind = "domain"
            self.domain()
        else:
            # A bare (possibly parenthesised) name: predicate or set, decided later.
            kind = "set"
            ref = self.let_ref(self.pick(("pred", "set")))
            parens = self.rng.choice((0, 0, 1, 2))
            self.emit(*(["("] * parens), ref, *([")"] * parens))
            if self.chance(0.3):
                self.emit(self.pick(("|", "and", "or", "&")), self.let_ref("set"))
                kind = "pred" if self.out[-2] in ("and", "or") else "set"
        self.emit(";")
        self.lets[kind].append(name)

    def tool_id(self) -> str:
        return self.pick(TOOL_REGEXES) if self.chance(0.3) else self.pick(TOOL_NAMES)

    def target(self) -> str:
        r = self.rng.random()
        field = self.pick(FIELDS)
        if r < 0.55:
            return self.pick(("@", "@", "@", "@ ")) + field
        if r < 0.7:
            return self.dotted("@result", field)
        if r < 0.85:
            return self.dotted("@session", field)
        return self.dotted(self.arg_name(), field)

    def assignment(self) -> None:
        self.emit(self.target(), self.pick(ASSIGN_OPS))
        self.set_expr()
        self.emit(";")

    def block_statement(self, in_when: bool = False) -> None:
        if not in_when:
            self.doc_comments(0.12)
        if in_when and self.mistake(0.2):
            self.emit("/// " + self.pick(DOC_TEXTS))  # no doc comments inside `when`
        if self.chance(0.25) and (not in_when or self.mistake(0.5)):
            self.emit("when")
            self.predicate()
            self.emit("{")
            for _ in range(self.rng.choice((0, 1, 1, 1, 2))):
                self.block_statement(in_when=True)
            self.emit("}")
        else:
            self.assignment()

    def block(self) -> None:
        self.emit("{")
        for _ in range(self.rng.choice((0, 1, 1, 1, 2, 2, 3))):
            if self.over_budget():
                break
            self.block_statement()
        if self.mistake(0.1):
            self.emit("/// " + self.pick(DOC_TEXTS))  # dangling at the end of a block
        self.emit("}")

    def member(self) -> None:
        self.doc_comments(0.15)
        r = self.rng.random()
        if r < 0.12:
            self.emit("priority", self.pick(INTS), ";")
        elif r < 0.62:
            self.emit(self.pick(ENFORCEMENT), self.pick(("allow", "deny")))
            if self.chance(0.2):
                self.emit("always")
            else:
                self.emit("when")
                self.predicate()
            self.emit(";")
        elif r < 0.78:
            self.emit("result")
            self.block()
        else:
            self.emit("session", self.pick(("before", "after")))
            self.block()

    def tool_block(self) -> None:
        self.emit("tool", self.tool_id(), "{")
        for _ in range(self.rng.choice((0, 1, 1, 1, 2, 2, 3))):
            if self.over_budget():
                break
            self.member()
        self.emit("}")

    def tool_shorthand(self) -> None:
        self.emit("tool", self.tool_id())
        if self.chance(0.35):
            self.emit("[", self.pick(INTS), "]")
        self.emit("->")
        r = self.rng.random()
        if r < 0.15:
            self.emit("result")
        elif r < 0.3:
            self.emit("session")
        elif r < 0.45:
            self.emit("session", "before")
        elif r < 0.6:
            self.emit("session", "after")
        self.emit(self.pick(("@", "@", "@", "@ ")) + self.pick(FIELDS), self.pick(ASSIGN_OPS))
        self.set_expr()
        if self.chance(0.4):
            self.emit("when")
            self.predicate()
        self.emit(";")

    def declaration(self) -> None:
        self.doc_comments(0.3)
        r = self.rng.random()
        if r < 0.35:
            self.let_decl()
        elif r < 0.75:
            self.tool_block()
        else:
            self.tool_shorthand()

    def program(self) -> list[str]:
        if self.chance(0.1):
            self.emit(self.comment())
        count = self.rng.choices((1, 2, 3, 4, 5, 6), weights=(35, 30, 18, 8, 5, 4))[0]
        if count >= 4:
            # Many declarations: keep each of them small.
            self.budget = 7 * count
            self.max_depth = 1
        for i in range(count):
            if i and self.over_budget():
                break
            self.declaration()
        if self.mistake(0.5):
            self.emit("/// " + self.pick(DOC_TEXTS))  # dangling at the end of the file
        elif self.mistake(1.0) and len(self.out) > 1:
            self.bad_gap = self.rng.randrange(1, len(self.out))  # see `gap`
        elif self.chance(0.05):
            self.emit(self.comment())
        return self.out

    def comment(self) -> str:
        if self.chance(0.5):
            return "// " + self.pick(LINE_TEXTS)
        return (
            "/* " + self.pick(LINE_TEXTS) + self.pick(("", "\n * more", " /* not nested")) + " */"
        )

    # -- rendering ----------------------------------------------------------------

    def gap(self, index: int, left: str, right: str) -> str:
        """White space (maybe a comment) between two tokens."""
        needs_newline = left.startswith("//")
        glue_ok = not needs_newline and not (
            _WORD_CHAR.match(left[-1]) and _WORD_CHAR.match(right[0])
        )
        parts: list[str] = []
        if index == self.bad_gap and not needs_newline:
            parts.append(" /// " + self.pick(DOC_TEXTS) + "\n")  # a doc comment out of place
            glue_ok = True
        if self.chance(0.03) and not right.startswith("//"):
            # An ordinary comment between any two tokens.
            if needs_newline:
                parts.append("\n")
            else:
                parts.append(self.pick((" ", "", "\n")) if glue_ok else " ")
            comment = self.comment()
            parts.append(comment)
            if comment.startswith("//"):
                parts.append("\n")
            else:
                left = comment
            glue_ok = not comment.startswith("//")
            needs_newline = False
        if right.startswith("///") and not needs_newline:
            needs_newline = True  # doc comments look better on their own line
        if needs_newline:
            parts.append(self.pick(("\n", "\n", "\n    ", "\r\n", "\n\n")))
        elif left in (";", "{", "}") and self.chance(0.55):
            parts.append(self.pick(("\n", "\n    ", "\n\t", "\n\n")))
        else:
            r = self.rng.random()
            if r < 0.12 and glue_ok:
                pass
            elif r < 0.9:
                parts.append(" ")
            else:
                parts.append(self.pick(("  ", "\t", "\n", "\n  ", "\r\n", "\t", "  ", " \f ")))
        return "".join(parts)

    def render(self, toks: list[str]) -> str:
        if not toks:
            return ""
        pieces = [toks[0]]
        for index, (left, right) in enumerate(pairwise(toks), 1):
            pieces.append(self.gap(index, left, right))
            pieces.append(right)
        if toks[-1].startswith("//") or self.chance(0.5):
            pieces.append("\n")
        return "".join(pieces)


def generate_program(rng: random.Random) -> str:
    """A random, mostly valid SQRT program (1 to 6 declarations)."""
    gen = _Gen(rng)
    return gen.render(gen.program())


# ---------------------------------------------------------------------------
# Tokens and mutations
# ---------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*(?:.|\n)*?(?:\*/|\Z))
  | (?P<string>[rwd]?"(?:\\(?:.|\n)|[^"\\])*(?:"|\Z))
  | (?P<number>[+-]?(?:\d+(?:\.\d+)?|inf\b))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct><\.\.<|<\.\.|\.\.<|\.\.|[|&^-]=|==|->|.)
    """,
    re.VERBOSE | re.DOTALL,
)


def _lex(src: str) -> list[tuple[str, str]]:
    """(kind, text) pairs covering ``src`` exactly, white space included."""
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(src):
        m = _TOKEN_RE.match(src, pos)
        assert m is not None and m.lastgroup is not None  # the last branch matches anything
        out.append((m.lastgroup, m.group()))
        pos = m.end()
    return out


def tokens(src: str) -> list[str]:
    """The significant tokens of ``src`` (comments included, white space left out).

    A rough lexer for mutations only: it never fails, and it does not decide
    what is valid. ``"".join`` of the full lexing gives ``src`` back.
    """
    return [text for kind, text in _lex(src) if kind != "ws"]


# Tokens that can stand in for one another in most places: replacing one by
# another usually keeps a program valid, so mutants are a healthy mix.
_ALIKE: tuple[tuple[str, ...], ...] = (
    ENFORCEMENT,
    ("allow", "deny"),
    ("and", "or"),
    ("|", "&", "-", "^", "union", "intersect", "minus", "xor"),
    ASSIGN_OPS,
    ("with", "without"),
    ("before", "after"),
    ("empty", "universal"),
    FIELDS,
    ("true", "false"),
    ("..", "<..", "..<", "<..<"),
    ("overlaps", "=="),
    PLAIN_STRINGS,
    REGEX_STRINGS,
    WILDCARD_STRINGS,
    DATETIME_STRINGS,
    INTS,
    FLOATS,
    INFS,
    PLAIN_ARGS + LET_NAMES,
)


def _kind(tok: str) -> str:
    return _lex(tok)[0][0] if tok else "punct"


def _has_alike(tok: str) -> bool:
    if any(tok in group for group in _ALIKE):
        return True
    kind = _kind(tok)
    return kind in ("comment", "string") or (kind == "word" and tok not in KEYWORDS)


def _alike(rng: random.Random, tok: str) -> str:
    """Another token that can usually take the place of ``tok``."""
    for group in _ALIKE:
        if tok in group:
            return rng.choice([t for t in group if t != tok] or list(group))
    kind = _kind(tok)
    if kind == "comment":
        if tok.startswith("/*"):
            return rng.choice(("/**/", "/* other */", "/* a\nb */"))
        return rng.choice(("// other", "//", "/// doc"))
    if kind == "word" and tok not in KEYWORDS:
        return rng.choice(PLAIN_ARGS + LET_NAMES + KEYWORD_ARGS)
    if kind == "string":
        return rng.choice(PLAIN_STRINGS)
    return rng.choice(VOCABULARY)


def _char_damage(rng: random.Random, src: str) -> str:
    if not src:
        return rng.choice(('"', "/*", "{", "let", "///"))
    r = rng.random()
    if r < 0.25:  # delete a character
        i = rng.randrange(len(src))
        return src[:i] + src[i + 1 :]
    if r < 0.5:  # insert a character
        i = rng.randrange(len(src) + 1)
        return src[:i] + rng.choice('";{}()/*.\\@-<>=|\x0b\u00a0aZ9_ \n') + src[i:]
    if r < 0.65:  # unterminate a string
        quotes = [m.end() - 1 for m in re.finditer(r'"(?:\\.|[^"\\])*"', src)]
        if quotes:
            i = rng.choice(quotes)
            return src[:i] + src[i + 1 :]
        return src + ' "open'
    if r < 0.8:  # unterminate a block comment, or open one
        ends = [m.start() for m in re.finditer(r"\*/", src)]
        if ends:
            i = rng.choice(ends)
            return src[:i] + src[i + 2 :]
        i = rng.randrange(len(src) + 1)
        return src[:i] + "/* " + src[i:]
    # truncate the file
    return src[: rng.randrange(len(src))]


def _spaced(tok: str) -> str:
    return " " + tok + ("\n" if tok.startswith("//") else " ")


def _mutate_once(src: str, rng: random.Random) -> str:
    lexed = _lex(src)
    texts = [text for _, text in lexed]
    sig = [i for i, (kind, _) in enumerate(lexed) if kind != "ws"]
    r = rng.random()
    if r < 0.08 or not sig:
        return _char_damage(rng, src)
    i = rng.choice(sig)
    tok = texts[i]
    if r < 0.53:  # replace by a look-alike: often still valid
        replaceable = [k for k in sig if _has_alike(texts[k])]
        if replaceable:
            i = rng.choice(replaceable)
        new = _alike(rng, texts[i])
        texts[i] = new + ("\n" if new.startswith("//") else "")
    elif r < 0.63:  # white space: remove it (gluing tokens) or add some
        spaces = [k for k, (kind, _) in enumerate(lexed) if kind == "ws"]
        if spaces and rng.random() < 0.6:
            k = rng.choice(spaces)
            texts[k] = "" if "\n" not in texts[k] or not _after_line_comment(texts, k) else "\n"
        else:
            texts[i] = tok + rng.choice(("\n", "\t", "  ", "\r\n", " /* */ "))
    elif r < 0.73:  # drop a token
        texts[i] = " "
    elif r < 0.8:  # duplicate a token
        texts[i] = tok + _spaced(tok)
    elif r < 0.87:  # swap with the next token
        k = sig.index(i)
        if k + 1 < len(sig):
            j = sig[k + 1]
            texts[i], texts[j] = texts[j], tok
            for m in (i, j):
                if texts[m].startswith("//"):
                    texts[m] += "\n"
    elif r < 0.94:  # insert a token of the vocabulary
        texts[i] = _spaced(rng.choice(VOCABULARY)) + tok
    else:  # replace by any token of the vocabulary
        texts[i] = _spaced(rng.choice(VOCABULARY))
    return "".join(texts)


def _after_line_comment(texts: list[str], k: int) -> bool:
    return k > 0 and texts[k - 1].startswith("//")


def mutate(program: str, rng: random.Random) -> str:
    """One or two random edits of ``program``: mostly token-level, sometimes character-level.

    Edits: replace a token by a look-alike (``must``/``soft``, ``|``/``union``, one
    string for another ...), remove or add white space, drop, duplicate or swap
    tokens, insert or substitute any token of :data:`VOCABULARY`, and damage at
    the character level (delete or insert a character, unterminate a string or a
    block comment, truncate the file).
    """
    src = program
    for _ in range(rng.choice((1, 1, 1, 1, 2))):
        src = _mutate_once(src, rng)
    return src


# ---------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------


def corpus_item(seed: int, index: int) -> str:
    """Item ``index`` of the corpus for ``seed``: independent of the corpus size."""
    rng = random.Random(f"sqrt-conformance:{seed}:{index}")
    program = generate_program(rng)
    if rng.random() < 0.6:
        program = mutate(program, rng)
    return program


def corpus(seed: int, count: int) -> list[str]:
    """``count`` programs, about 40% as generated and 60% mutated; deterministic."""
    return [corpus_item(seed, i) for i in range(count)]
