"""`sqrt fmt`: placeholder registration, filled in by its feature work."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `fmt` command to `app` (not yet available)."""
    del app
