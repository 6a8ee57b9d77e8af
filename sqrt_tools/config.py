"""Finding the configuration that applies to a policy file.

Settings live in `sqrt.toml` (top-level keys) or in `pyproject.toml` under `[tool.sqrt]`,
found by walking up from the file's directory; the nearest wins, and `sqrt.toml` wins
over a `pyproject.toml` in the same directory (as ruff does with `ruff.toml`). A
`pyproject.toml` without `[tool.sqrt]` is passed over. Each feature reads its own
section: the linter the top level (`select`, `ignore`, ...), the formatter `format`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqrt_tools.input_limits import read_text

SQRT_TOML = "sqrt.toml"
PYPROJECT = "pyproject.toml"


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file."""


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """The settings table of one configuration file (empty when there is none)."""

    path: Path | None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path | None:
        """The directory the configuration applies to (for relative patterns)."""
        return self.path.parent if self.path is not None else None

    def section(self, name: str) -> dict[str, Any]:
        """A sub-table such as `format`; empty when absent. Raises on a non-table."""
        value = self.settings.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.path}: `{name}` must be a table")
        return value


def load_file(path: Path) -> ConfigFile:
    """Read `path` (a `sqrt.toml` or `pyproject.toml`). Raises `ConfigError`."""
    try:
        data = tomllib.loads(read_text(path))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        settings = tool.get("sqrt", {}) if isinstance(tool, dict) else {}
        if not isinstance(settings, dict):
            raise ConfigError(f"{path}: [tool.sqrt] must be a table")
        return ConfigFile(path, settings)
    return ConfigFile(path, data)


def find_config(start: Path) -> ConfigFile:
    """The configuration for a file or directory `start`: the nearest one upward."""
    directory = start if start.is_dir() else start.parent
    return _find_in(directory.resolve())


@cache
def _find_in(directory: Path) -> ConfigFile:
    for candidate in (directory, *directory.parents):
        sqrt_toml = candidate / SQRT_TOML
        if sqrt_toml.is_file():
            return load_file(sqrt_toml)
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_sqrt_table(pyproject):
            return load_file(pyproject)
    return ConfigFile(None)


def _has_sqrt_table(path: Path) -> bool:
    try:
        data = tomllib.loads(read_text(path))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True  # let load_file report the problem
    tool = data.get("tool")
    return isinstance(tool, dict) and "sqrt" in tool


def clear_cache() -> None:
    """Forget found configurations (the language server calls this on file changes)."""
    _find_in.cache_clear()
