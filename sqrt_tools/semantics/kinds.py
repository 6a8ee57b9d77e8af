"""The kind of an expression: predicate, metadata set, value domain or value.

The parser cannot tell what a bare name is (`let a = b;`), so it builds a neutral
`NameRef`. Every other expression has one kind by its syntax; a name has the kind of
what its `let` binds, followed through chains of names.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from sqrt_tools.syntax import ast


class Kind(StrEnum):
    PREDICATE = "predicate"
    SET = "set"
    DOMAIN = "value domain"
    VALUE = "value"
    UNKNOWN = "unknown"  # an undefined name, a cycle, or text skipped by recovery


class Expect(IntEnum):
    """What a position needs: the kinds it accepts are in `accepts`."""

    ANY = 0
    PREDICATE = 1
    SET = 2  # a metadata set: the operand of a set operation, comparison or update
    VALUE_SET = 3  # the right of `VALUE in ...`: a set of values or a value domain


# [ours] A value domain may stand where a set is expected: it is then the one-element
# set holding the domain (`x.value in party_size` with `let party_size = int 1..12;`,
# as the examples do). In a metadata-set comparison that element is compared as plain
# text, which `pattern-in-metadata-set` reports; it is not a kind error.
ACCEPTS: dict[Expect, frozenset[Kind]] = {
    Expect.ANY: frozenset(Kind),
    Expect.PREDICATE: frozenset({Kind.PREDICATE, Kind.UNKNOWN}),
    Expect.SET: frozenset({Kind.SET, Kind.DOMAIN, Kind.UNKNOWN}),
    Expect.VALUE_SET: frozenset({Kind.SET, Kind.DOMAIN, Kind.UNKNOWN}),
}

EXPECT_WORDS: dict[Expect, str] = {
    Expect.ANY: "an expression",
    Expect.PREDICATE: "a predicate",
    Expect.SET: "a set",
    Expect.VALUE_SET: "a set or value domain",
}

# The kind of every node type whose kind its syntax decides.
SYNTACTIC_KIND: dict[type[ast.Node], Kind] = {
    ast.BoolOp: Kind.PREDICATE,
    ast.Not: Kind.PREDICATE,
    ast.SetComparison: Kind.PREDICATE,
    ast.SetTest: Kind.PREDICATE,
    ast.ValueIn: Kind.PREDICATE,
    ast.ValueEquals: Kind.PREDICATE,
    ast.SetOp: Kind.SET,
    ast.WithElement: Kind.SET,
    ast.SetLiteral: Kind.SET,
    ast.ArgMeta: Kind.SET,
    ast.ResultMeta: Kind.SET,
    ast.SessionMeta: Kind.SET,
    ast.SubjectMeta: Kind.SET,
    ast.ArgsMeta: Kind.SET,
    ast.Aggregation: Kind.SET,
    ast.BoolDomain: Kind.DOMAIN,
    ast.NumberDomain: Kind.DOMAIN,
    ast.StrDomain: Kind.DOMAIN,
    ast.DatetimeDomain: Kind.DOMAIN,
    ast.ArgValue: Kind.VALUE,
    ast.ResultValue: Kind.VALUE,
    ast.SessionValue: Kind.VALUE,
    ast.StringLiteral: Kind.VALUE,
    ast.NumberLiteral: Kind.VALUE,
    ast.BoolLiteral: Kind.VALUE,
}


def accepts(expect: Expect, kind: Kind) -> bool:
    return kind in ACCEPTS[expect]


def article(kind: Kind) -> str:
    """`kind` with its article, for messages."""
    if kind is Kind.UNKNOWN:
        return "an expression of unknown kind"
    return f"a {kind}"
