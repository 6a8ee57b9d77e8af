"""`sqrt check`: placeholder until the parser lands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `check` command to `app` (not yet available)."""
    del app
