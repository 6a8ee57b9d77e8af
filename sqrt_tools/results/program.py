"""Reading the planner's program with Python's `ast`: where calls and assignments are.

The program is outside text. Parsing it never runs it, and any program Python cannot
parse (a syntax error, null bytes, absurd nesting) simply yields no analysis.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass

# Planner programs are a few dozen lines; past this size analysis is not worth its cost,
# and the program is still shown (cut) without it [ours].
MAX_ANALYSED_CHARS = 1_000_000


def parse_program(program: str) -> ast.Module | None:
    """The program's syntax tree, or None when Python cannot parse it (or it is huge)."""
    if len(program) > MAX_ANALYSED_CHARS:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in the plan's strings
            return ast.parse(program)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def called_name(call: ast.Call) -> str | None:
    """`f` for `f(...)` and `obj.f(...)`; None for calls of computed callables."""
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


@dataclass(frozen=True, slots=True)
class CallSites:
    """The lines that call a tool; `exact` is False when found by text search."""

    lines: tuple[int, ...]
    exact: bool


def find_call_sites(program: str, tool: str) -> CallSites:
    tree = parse_program(program)
    if tree is not None:
        lines = sorted(
            {
                node.lineno
                for node in ast.walk(tree)
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == tool
            }
        )
        return CallSites(tuple(lines), exact=True)
    # An unparsable program can still show where the tool's name is called.
    pattern = re.compile(rf"(?<![\w.]){re.escape(tool)}\s*\(")
    lines = [
        number for number, line in enumerate(program.splitlines(), start=1) if pattern.search(line)
    ]
    return CallSites(tuple(lines), exact=False)
