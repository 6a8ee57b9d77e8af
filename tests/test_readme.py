"""The README's examples run as written.

- ```python blocks are executed (they assert what they claim);
- ```console blocks hold `$ command` lines followed by the exact output expected; each
  command runs with bash from the repository root, with a fixed terminal width and no
  colour, and its standard output must match.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    return [body for kind, body in BLOCK.findall(README) if kind == language]


def console_commands() -> list[tuple[str, str]]:
    commands: list[tuple[str, str]] = []
    for body in blocks("console"):
        current: str | None = None
        expected: list[str] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                if current is not None:
                    commands.append((current, "\n".join(expected)))
                current, expected = line[2:], []
            else:
                expected.append(line)
        if current is not None:
            commands.append((current, "\n".join(expected)))
    return commands


@pytest.mark.parametrize("code", blocks("python"), ids=lambda code: code.splitlines()[0][:40])
def test_python_examples_run(code: str) -> None:
    exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})


@pytest.mark.parametrize(("command", "expected"), console_commands(), ids=lambda v: v[:50])
def test_console_examples_print_what_the_readme_shows(command: str, expected: str) -> None:
    if shutil.which("sqrt") is None:
        pytest.fail("the `sqrt` console script is not installed: run the README's set-up")
    environment = {
        **os.environ,
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    completed = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    actual = "\n".join(line.rstrip() for line in completed.stdout.rstrip("\n").splitlines())
    wanted = "\n".join(line.rstrip() for line in expected.rstrip("\n").splitlines())
    assert actual == wanted, completed.stderr


def test_readme_has_examples_to_run() -> None:
    assert blocks("python") and console_commands()
