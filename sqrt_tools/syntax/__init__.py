"""Grammar loading, parsing, the AST, spans and syntax errors."""

from sqrt_tools.syntax.parser import ParseResult, expected_at, parse

__all__ = ["ParseResult", "expected_at", "parse"]
