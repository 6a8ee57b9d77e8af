"""Formatter options and reading them from `[tool.sqrt.format]` / `sqrt.toml`'s `[format]`.

```toml
[tool.sqrt.format]
line-width = 100          # columns; long predicates and sets break to fit
enforcement = "keep"      # "keep" as written, "must" (hard→must, soft→should),
                          # or "hard" (must→hard, should→soft)
set-operators = "keep"    # "keep" as written, "symbol" (| & - ^) or "keyword"
                          # (union intersect minus xor)
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from sqrt_tools.format.errors import FormatOptionsError

EnforcementStyle = Literal["keep", "must", "hard"]
SetOperatorStyle = Literal["keep", "symbol", "keyword"]

DEFAULT_LINE_WIDTH = 100
MIN_LINE_WIDTH = 20
MAX_LINE_WIDTH = 1000


@dataclass(frozen=True, slots=True)
class FormatOptions:
    """How to lay policies out. The defaults keep every keyword as written."""

    line_width: int = DEFAULT_LINE_WIDTH
    enforcement: EnforcementStyle = "keep"
    set_operators: SetOperatorStyle = "keep"

    def __post_init__(self) -> None:
        check_line_width(self.line_width)
        _check_choice("enforcement", self.enforcement, get_args(EnforcementStyle))
        _check_choice("set-operators", self.set_operators, get_args(SetOperatorStyle))

    @classmethod
    def from_config(cls, table: Mapping[str, Any]) -> FormatOptions:
        """Options from a `[format]` table; raises `FormatOptionsError` on a bad key or value."""
        unknown = sorted(set(table) - set(_KEYS))
        if unknown:
            allowed = ", ".join(_KEYS)
            raise FormatOptionsError(
                f"unknown format option {unknown[0]!r} (the options are: {allowed})"
            )
        values: dict[str, Any] = {}
        for key, attribute in _KEYS.items():
            if key in table:
                values[attribute] = table[key]
        line_width = values.get("line_width", DEFAULT_LINE_WIDTH)
        if isinstance(line_width, bool) or not isinstance(line_width, int):
            raise FormatOptionsError(f"`line-width` must be an integer, not {line_width!r}")
        for key in ("enforcement", "set_operators"):
            if key in values and not isinstance(values[key], str):
                raise FormatOptionsError(
                    f"`{key.replace('_', '-')}` must be a string, not {values[key]!r}"
                )
        return cls(**values)


# config key -> attribute
_KEYS = {"line-width": "line_width", "enforcement": "enforcement", "set-operators": "set_operators"}


def check_line_width(width: int) -> None:
    if not MIN_LINE_WIDTH <= width <= MAX_LINE_WIDTH:
        raise FormatOptionsError(
            f"`line-width` must be between {MIN_LINE_WIDTH} and {MAX_LINE_WIDTH}, not {width}"
        )


def _check_choice(key: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        options = ", ".join(f'"{choice}"' for choice in choices)
        raise FormatOptionsError(f"`{key}` must be one of {options}, not {value!r}")
