"""Grammar loading, parsing, the AST, spans and syntax errors."""

from sqrt_tools.syntax.parser import ParseResult, parse

__all__ = ["ParseResult", "parse"]
