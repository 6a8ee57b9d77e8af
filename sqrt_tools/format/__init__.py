"""The SQRT formatter: one canonical layout, every comment kept, meaning proven unchanged.

- `format_source(text, options)`: the whole text in the canonical layout;
- `format_range(text, start, end, options)`: a `TextEdit` that formats only the
  declarations the range touches (for the language server);
- `FormatOptions`: line width and canonical keyword spellings, also read from
  `[tool.sqrt.format]` (`FormatOptions.from_config`);
- `FormatError` and its kinds: `SourceSyntaxError` (never formats a file with syntax
  errors), `UnsafeFormatError` (the output failed the re-parse-and-compare check),
  `FormatOptionsError`.
"""

from sqrt_tools.format.engine import format_range, format_source
from sqrt_tools.format.errors import (
    FormatError,
    FormatOptionsError,
    SourceSyntaxError,
    UnsafeFormatError,
)
from sqrt_tools.format.options import FormatOptions

__all__ = [
    "FormatError",
    "FormatOptions",
    "FormatOptionsError",
    "SourceSyntaxError",
    "UnsafeFormatError",
    "format_range",
    "format_source",
]
