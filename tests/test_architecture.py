"""The import graph: one direction of dependency, no cycle (docs/architecture.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "import_graph.py"


def run_check(package: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--package", str(package)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_sqrt_tools_imports_only_downward_and_has_no_cycle() -> None:
    outcome = run_check(ROOT / "sqrt_tools")
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert "no cycle, no upward or sideways arrow" in outcome.stdout
    assert "config(1) -> input_limits(0)" in outcome.stdout  # the graph is printed


def write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "sqrt_tools"
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_the_check_fails_on_a_cycle_an_upward_arrow_and_an_unlayered_package(
    tmp_path: Path,
) -> None:
    package = write_package(
        tmp_path,
        {
            "syntax/__init__.py": "",
            # a deferred import is still an arrow
            "syntax/parser.py": "def f():\n    from sqrt_tools.lint import rules\n",
            "lint/__init__.py": "from ..syntax import parser\n",
            "lint/rules.py": "",
            "semantics/__init__.py": "from sqrt_tools import cli\n",
            "cli.py": "",
            "newthing.py": "",
        },
    )
    outcome = run_check(package)
    assert outcome.returncode == 1
    problems = [line for line in outcome.stdout.splitlines() if line.startswith("problem:")]
    assert problems == [
        "problem: cycle: lint <-> syntax",
        "problem: newthing is in no layer of LAYERS",
        "problem: upward arrow semantics -> cli (in sqrt_tools.semantics)",
        "problem: upward arrow syntax -> lint (in sqrt_tools.syntax.parser)",
    ]


def test_peers_in_one_layer_stay_independent(tmp_path: Path) -> None:
    package = write_package(
        tmp_path,
        {"lint.py": "import sqrt_tools.format\n", "format.py": ""},
    )
    outcome = run_check(package)
    assert outcome.returncode == 1
    assert "problem: sideways arrow lint -> format (in sqrt_tools.lint)" in outcome.stdout
