"""Grammar loading, parsing, the AST, spans and syntax errors.

`parse`, `ParseResult` and `expected_at` load the parser on first use, so that a module
that needs only `syntax.spans` or `syntax.diagnostics` (the command line's renderers,
`sqrt --version`) does not pay for the grammar tables.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqrt_tools.syntax.parser import ParseResult, expected_at, parse

_LAZY = {"ParseResult", "expected_at", "parse"}  # all in sqrt_tools.syntax.parser


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'sqrt_tools.syntax' has no attribute {name!r}")
    return getattr(import_module("sqrt_tools.syntax.parser"), name)


__all__ = ["ParseResult", "expected_at", "parse"]
