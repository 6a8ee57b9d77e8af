"""Options several commands share, defined once so that they read the same everywhere."""

from __future__ import annotations

import typer

from sqrt_tools.input_limits import DEFAULT_MAX_MIB, MAX_SIZE_FLAG

__all__ = ["DEFAULT_MAX_MIB", "MAX_SIZE_OPTION"]

# Every file or stream a command reads is refused past this size (see input_limits).
MAX_SIZE_OPTION = typer.Option(
    MAX_SIZE_FLAG,
    metavar="MIB",
    min=1,
    help=f"Refuse input files larger than this many MiB (default {DEFAULT_MAX_MIB}).",
)
