"""The wheel ships the grammar and tables, and an installed wheel loads them from itself."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The new environment's Python must not see the checkout through PYTHONPATH (which a
# developer may have set to it): the installed wheel is under test.
CLEAN_ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("sqrt_tools-*.whl")
    return built


def test_wheel_contains_grammar_tables_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "sqrt_tools/grammars/sqrt.lark" in names
    assert "sqrt_tools/syntax/tables.json" in names
    assert "sqrt_tools/py.typed" in names
    packaged = zipfile.ZipFile(wheel).read("sqrt_tools/grammars/sqrt.lark").decode()
    assert packaged == (ROOT / "grammars" / "sqrt.lark").read_text(encoding="utf-8")
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "sqrt = sqrt_tools.cli.app:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def borrow_dependencies(python: Path) -> None:
    """Lets the environment of `python` import this interpreter's packages (the wheel's
    dependencies), after its own.

    Not `system_site_packages=True`: inside a virtual environment that means the base
    interpreter's packages, which lack typer and the rest. A `.pth` file lists the
    site-packages folders this interpreter imports from; Python appends them to
    `sys.path` without reading the `.pth` files inside them, so the source checkout's
    editable install stays out and the installed wheel is the `sqrt_tools` imported.
    """
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        env=CLEAN_ENVIRONMENT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    packages = {"site-packages", "dist-packages"}
    folders = [entry for entry in sys.path if Path(entry).name in packages]
    assert folders, sys.path
    (Path(own) / "_borrowed_dependencies.pth").write_text("\n".join(folders) + "\n")


def test_installed_wheel_checks_policies_with_its_own_grammar(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    borrow_dependencies(python)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        env=CLEAN_ENVIRONMENT,
        check=True,
        capture_output=True,
    )
    probe = (
        "import sqrt_tools, sqrt_tools.syntax.tables as t; "
        "print(sqrt_tools.__file__); print(t.grammar_text() == "
        "open(t.resources.files('sqrt_tools').joinpath('grammars', 'sqrt.lark')).read())"
    )
    shown = subprocess.run(
        [str(python), "-c", probe],
        cwd=tmp_path,
        env=CLEAN_ENVIRONMENT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert shown[0].startswith(str(environment))
    assert shown[1] == "True"
    checked = subprocess.run(
        [str(environment / "bin" / "sqrt"), "check", str(ROOT / "examples")],
        cwd=tmp_path,
        env=CLEAN_ENVIRONMENT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
