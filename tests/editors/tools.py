"""Outside programs the editor tests drive (Neovim, the npm tools of lsp/vscode).

`bash scripts/test.sh` installs them. When one is missing, a test fails in CI
(`CI=true`, where nothing may be skipped for a missing tool) and is skipped with the
reason elsewhere.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VSCODE_EXTENSION = ROOT / "lsp" / "vscode"
NODE_BIN = VSCODE_EXTENSION / "node_modules" / ".bin"


def missing(what: str) -> None:
    """Fail in CI, skip elsewhere: `what` is not installed."""
    message = f"{what} is not installed: run `bash scripts/test.sh`, which installs it"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def program(name: str) -> str:
    """The path of program `name` on PATH (or fail/skip when there is none)."""
    found = shutil.which(name)
    if found is None:
        missing(f"`{name}`")
    assert found is not None
    return found


def npm_tool(name: str) -> Path:
    """A command installed by `npm ci` in lsp/vscode."""
    program("node")
    path = NODE_BIN / name
    if not path.exists():
        missing(f"`{name}` (npm ci in lsp/vscode)")
    return path


def environment(**extra: str) -> dict[str, str]:
    """The environment for child processes: this interpreter's `sqrt` first on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, **extra}
