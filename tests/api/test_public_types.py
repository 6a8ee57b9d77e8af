"""Every public name is typed for the people who import it.

A consumer program `reveal_type`s each name in the `__all__` of every public module and
mypy checks it as a user's type checker would. A name that reaches the user as `Any`
(a lazy `__getattr__` without a `TYPE_CHECKING` import, say) fails the test.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from mypy import api as mypy_api

ROOT = Path(__file__).resolve().parents[2]

# The modules whose `__all__` is the public Python API (README, "Python API").
PUBLIC_MODULES = (
    "sqrt_tools",
    "sqrt_tools.evaluate",
    "sqrt_tools.format",
    "sqrt_tools.lint",
    "sqrt_tools.results",
    "sqrt_tools.semantics",
    "sqrt_tools.service",
    "sqrt_tools.syntax",
)

REVEALED = re.compile(r'^(?P<path>[^:]+):(?P<line>\d+): note: Revealed type is "(?P<type>.*)"$')


def public_names() -> list[tuple[str, str]]:
    names = []
    for module in PUBLIC_MODULES:
        exported: list[str] = importlib.import_module(module).__all__
        names += [(module, name) for name in exported if name != "__version__"]
    return names


def revealed_types(tmp_path: Path) -> dict[str, str]:
    """`module.name` -> the type mypy reveals for it in a consumer program."""
    names = public_names()
    lines = ["import " + module for module in PUBLIC_MODULES]
    lines += [f"reveal_type({module}.{name})" for module, name in names]
    consumer = tmp_path / "consumer.py"
    consumer.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stdout, stderr, _status = mypy_api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            "--no-error-summary",
            str(consumer),
        ]
    )
    found: dict[str, str] = {}
    first = len(PUBLIC_MODULES) + 1
    for line in stdout.splitlines():
        match = REVEALED.match(line)
        if match:
            module, name = names[int(match["line"]) - first]
            found[f"{module}.{name}"] = match["type"]
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert not errors and not stderr, "\n".join([*errors, stderr])
    assert len(found) == len(names), stdout
    return found


def test_every_public_name_has_a_type_for_its_users(tmp_path: Path) -> None:
    types = revealed_types(tmp_path)
    untyped = sorted(name for name, revealed in types.items() if revealed == "Any")
    assert untyped == []
    # and the names the README leads with read as what they are
    assert types["sqrt_tools.lint_source"].startswith("def (source: str")
    assert types["sqrt_tools.lint_source"].endswith("-> sqrt_tools.lint.linter.LintResult")
    assert types["sqrt_tools.service.SequrityClient"].startswith("def (")


def test_a_name_that_reaches_users_as_any_is_caught(tmp_path: Path) -> None:
    package = tmp_path / "lazy_pkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from typing import Any\ndef __getattr__(name: str) -> Any:\n    return len\n",
        encoding="utf-8",
    )
    consumer = tmp_path / "consumer.py"
    consumer.write_text("import lazy_pkg\nreveal_type(lazy_pkg.length)\n", encoding="utf-8")
    stdout, _, _ = mypy_api.run(["--no-error-summary", "--cache-dir", str(tmp_path), str(consumer)])
    (match,) = [m for m in map(REVEALED.match, stdout.splitlines()) if m]
    assert match["type"] == "Any"
