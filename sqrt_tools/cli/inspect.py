"""`sqrt inspect`: placeholder registration, filled in by the inspector work."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `inspect` command to `app` (not yet available)."""
    del app
