"""Fixtures shared by the editor tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.editors.tools import VSCODE_EXTENSION, environment, npm_tool


@pytest.fixture(scope="session")
def vsix_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged VS Code extension, built once per session (vsce runs
    `npm run compile` first, as for a release)."""
    vsce = npm_tool("vsce")
    target = tmp_path_factory.mktemp("vsix") / "sqrt.vsix"
    completed = subprocess.run(
        [str(vsce), "package", "--out", str(target)],
        cwd=VSCODE_EXTENSION,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return target
