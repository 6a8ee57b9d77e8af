"""sqrt-tools: parser, linter, formatter, language server and inspector for SQRT.

The public Python API (see the README's "Python API" section):

- `parse(source) -> ParseResult`: the AST and syntax diagnostics; never raises.
- `lint_source`, `fix_source`, `format_source`, `format_range`, `analyze` and their types.

Every entry point is imported on first use (see `_LAZY`), so that `import sqrt_tools`,
which every `sqrt` command pays for, loads nothing but the version; the `TYPE_CHECKING`
imports below give each name its real type in the user's type checker.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from sqrt_tools._version import __version__

if TYPE_CHECKING:
    from sqrt_tools.format import FormatError, FormatOptions, format_range, format_source
    from sqrt_tools.lint import LintResult, LintSettings, fix_source, lint_source
    from sqrt_tools.semantics import SemanticModel, analyze
    from sqrt_tools.syntax import ParseResult, parse

# name -> module that defines it; one line per public entry point, each also imported
# under TYPE_CHECKING above (tests/api/test_public_types.py checks that none is Any).
_LAZY: dict[str, str] = {
    "FormatError": "sqrt_tools.format",
    "FormatOptions": "sqrt_tools.format",
    "format_range": "sqrt_tools.format",
    "format_source": "sqrt_tools.format",
    "LintResult": "sqrt_tools.lint",
    "LintSettings": "sqrt_tools.lint",
    "SemanticModel": "sqrt_tools.semantics",
    "analyze": "sqrt_tools.semantics",
    "fix_source": "sqrt_tools.lint",
    "lint_source": "sqrt_tools.lint",
    "ParseResult": "sqrt_tools.syntax",
    "parse": "sqrt_tools.syntax",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sqrt_tools' has no attribute {name!r}")
    return getattr(import_module(module), name)


# Each name in _LAZY is also listed here.
__all__ = [
    "FormatError",
    "FormatOptions",
    "LintResult",
    "LintSettings",
    "ParseResult",
    "SemanticModel",
    "__version__",
    "analyze",
    "fix_source",
    "format_range",
    "format_source",
    "lint_source",
    "parse",
]
