"""Grammar loading, parsing, the AST, spans and syntax errors.

`parse`, `ParseResult` and `expected_at` (the parser) and `tokens` and `keywords` (the
token API, `syntax.lexicon`) load the grammar tables on first use, so that a module
that needs only `syntax.spans` or `syntax.diagnostics` (the command line's renderers,
`sqrt --version`) does not pay for the grammar tables.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqrt_tools.syntax.lexicon import keywords, tokens
    from sqrt_tools.syntax.parser import ParseResult, expected_at, parse

# name -> the module that defines it
_LAZY = {
    "ParseResult": "sqrt_tools.syntax.parser",
    "expected_at": "sqrt_tools.syntax.parser",
    "parse": "sqrt_tools.syntax.parser",
    "keywords": "sqrt_tools.syntax.lexicon",
    "tokens": "sqrt_tools.syntax.lexicon",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'sqrt_tools.syntax' has no attribute {name!r}")
    return getattr(import_module(_LAZY[name]), name)


__all__ = ["ParseResult", "expected_at", "keywords", "parse", "tokens"]
