"""Pathological but valid (or deliberately broken) SQRT texts that grow with a size `n`.

Each shape stresses one way a parser, linter or formatter can turn super-linear: forks
at every token (`not` reads as a keyword or a name), deep nesting, long lists, long
chains of binary operators, many declarations, long tokens, many syntax errors. The
benchmark (`bench/parse.py`) times each at two sizes and compares time per KB; tests
use small sizes of the same shapes.
"""

from __future__ import annotations

from collections.abc import Callable


def not_chain(n: int) -> str:
    return "let a = " + "not " * n + "x.tags is empty;\n"


def not_nesting(n: int) -> str:
    return "let a = " + "(not " * n + "x.tags is empty" + ")" * n + ";\n"


def parentheses(n: int) -> str:
    return "let a = " + "(" * n + "x.tags is empty" + ")" * n + ";\n"


def set_literal(n: int) -> str:
    return "let s = {" + ", ".join(f'"s{index}"' for index in range(n)) + "};\n"


def and_chain(n: int) -> str:
    return "let a = " + " and ".join(f"x{index}.tags is empty" for index in range(n)) + ";\n"


def or_chain(n: int) -> str:
    return "let a = " + " or ".join(f"p{index}" for index in range(n)) + ";\n"


def union_chain(n: int) -> str:
    return "let s = " + " union ".join(f'{{"u{index}"}}' for index in range(n)) + ";\n"


def declarations(n: int) -> str:
    return "".join(f'let a{index} = x.tags overlaps {{"t{index}"}};\n' for index in range(n))


def members(n: int) -> str:
    rules = "".join(f"  must deny when x{index}.tags is empty;\n" for index in range(n))
    return 'tool "t" {\n' + rules + "}\n"


def long_string(n: int) -> str:
    return 'let s = {"' + "a" * (20 * n) + '"};\n'


def long_comment(n: int) -> str:
    return "/* " + "comment " * (3 * n) + "*/\nlet a = x.tags is empty;\n"


def many_comments(n: int) -> str:
    return "".join(f"// note {index}\n" for index in range(n)) + "let a = x.tags is empty;\n"


def errors_per_line(n: int) -> str:
    return "".join(f"let a{index} = x.tags is;\n" for index in range(n))


def errors_one_line(n: int) -> str:
    return "let a = " + "let " * n + ";\n"


def lone_cr_lines(n: int) -> str:
    return "".join(f"let a{index} = x.tags is empty;\r" for index in range(n))


# name -> (builder, small size): the large size is four times the small one. The cheap
# shapes start larger, so that each run takes long enough to time on a busy machine.
SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "not chain": (not_chain, 4_000),
    "(not nesting": (not_nesting, 2_000),
    "parentheses": (parentheses, 2_000),
    "set literal": (set_literal, 5_000),
    "and chain": (and_chain, 2_000),
    "or chain": (or_chain, 4_000),
    "union chain": (union_chain, 3_000),
    "declarations": (declarations, 1_500),
    "tool members": (members, 1_500),
    "long string": (long_string, 20_000),
    "long comment": (long_comment, 20_000),
    "many comments": (many_comments, 12_000),
    "errors per line": (errors_per_line, 1_500),
    "errors on one line": (errors_one_line, 4_000),
    "lone CR lines": (lone_cr_lines, 1_500),
}
