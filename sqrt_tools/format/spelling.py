"""Keyword synonyms the formatter may respell, in one place.

SQRT has two spellings for some keywords (`must`/`hard`, `should`/`soft`, `|`/`union`,
...). By default the formatter keeps what the author wrote. When the configuration
picks a canonical form, the printer respells through `enforcement` and
`set_operator`, and the safety check compares the trees modulo exactly the synonyms
the options allow to change (`respelled_fields`), nothing more.
"""

from __future__ import annotations

from sqrt_tools.format.options import FormatOptions
from sqrt_tools.syntax import ast

_ENFORCEMENT = {
    "must": {"must": "must", "hard": "must", "should": "should", "soft": "should"},
    "hard": {"must": "hard", "hard": "hard", "should": "soft", "soft": "soft"},
}

_SET_OPERATORS = {
    "symbol": {"union": "|", "intersect": "&", "minus": "-", "xor": "^"},
    "keyword": {"union": "union", "intersect": "intersect", "minus": "minus", "xor": "xor"},
}


def enforcement(written: str, options: FormatOptions) -> str:
    """How to print an enforcement keyword written as `written`."""
    if options.enforcement == "keep":
        return written
    return _ENFORCEMENT[options.enforcement][written]


def set_operator(node: ast.SetOp, options: FormatOptions) -> str:
    """How to print the operator of `node`."""
    if options.set_operators == "keep":
        return node.symbol
    return _SET_OPERATORS[options.set_operators][node.op]


# Each spelling -> the meaning it shares with its synonyms.
_ENFORCEMENT_MEANING = {"must": "hard", "hard": "hard", "should": "soft", "soft": "soft"}
_SET_OPERATOR_MEANING = {
    "|": "union",
    "union": "union",
    "&": "intersect",
    "intersect": "intersect",
    "-": "minus",
    "minus": "minus",
    "^": "xor",
    "xor": "xor",
}

SpellingClasses = dict[tuple[type[ast.Node], str], dict[str, str]]


def respelled_fields(options: FormatOptions) -> SpellingClasses:
    """The (node type, field) pairs the options may respell, each with its synonym classes.

    The safety check compares those fields by meaning (`hard` equals `must`, `|` equals
    `union`) and every other field exactly; with the default options the dictionary is
    empty and the comparison is exact everywhere.
    """
    classes: SpellingClasses = {}
    if options.enforcement != "keep":
        classes[(ast.CheckRule, "enforcement")] = _ENFORCEMENT_MEANING
    if options.set_operators != "keep":
        classes[(ast.SetOp, "symbol")] = _SET_OPERATOR_MEANING
    return classes
