"""sqrt-tools: parser, linter, formatter, language server and inspector for SQRT.

The public Python API:

- `parse(source) -> ParseResult`: the AST and syntax diagnostics; never raises.
"""

from sqrt_tools._version import __version__
from sqrt_tools.syntax import ParseResult, parse

__all__ = ["ParseResult", "__version__", "parse"]
