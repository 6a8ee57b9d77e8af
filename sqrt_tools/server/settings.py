"""The settings that apply to one document: its configuration file and the editor's.

The settings are the CLI's: the table of the nearest `sqrt.toml` or
`pyproject.toml [tool.sqrt]` (`sqrt_tools.config.find_config`), with the `sqrt`
section of the editor's `workspace/configuration` laid over it. Both have the same
shape (`select`, `ignore`, `format = {line-width = ...}`, ...), so a team can keep the
file and a user can still try a setting in the editor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pygls.uris import to_fs_path

from sqrt_tools.config import ConfigError, ConfigFile, find_config

# The `workspace/configuration` section the server asks for.
SECTION = "sqrt"


@dataclass(frozen=True, slots=True)
class Settings:
    """The merged settings table, the file it came from, and any problem reading it."""

    table: Mapping[str, Any] = field(default_factory=dict)
    config_path: Path | None = None
    problem: str | None = None

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.table.get(name, {})
        return value if isinstance(value, Mapping) else {}


def document_path(uri: str) -> Path | None:
    """The file system path of a `file:` URI, None for any other scheme."""
    if not uri.startswith("file:"):
        return None
    try:
        path = to_fs_path(uri)
    except Exception:  # a malformed URI is not a path; never let it escape
        return None
    return Path(path) if path else None


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """`over` laid onto `base`; tables are merged key by key, other values replaced.

    [ours] The editor's settings win over the configuration file (ruff's default,
    `editorFirst`): what the user sets in the editor is what they see.
    """
    merged = dict(base)
    for key, value in over.items():
        if value is None:
            continue
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = merge(old, value)
        else:
            merged[key] = value
    return merged


def settings_for(uri: str, editor: Mapping[str, Any]) -> Settings:
    """The settings of the document at `uri`; never raises."""
    path = document_path(uri)
    config = ConfigFile(None)
    problem: str | None = None
    if path is not None:
        try:
            config = find_config(path)
        except ConfigError as exc:
            problem = str(exc)
        except OSError as exc:
            problem = f"cannot read the configuration for {path}: {exc.strerror or exc}"
    return Settings(merge(config.settings, editor), config.path, problem)


def editor_settings(value: object, workspace_root: Path | None = None) -> dict[str, Any]:
    """The editor's `sqrt` section as a table (anything else counts as empty).

    [ours] Relative paths in the editor's `tools` (the VS Code `sqrt.tools` setting) are
    relative to the workspace folder, as editor settings are; the configuration file's
    own `tools` stay relative to that file.
    """
    if not isinstance(value, Mapping):
        return {}
    table = {str(key): item for key, item in value.items()}
    tools = table.get("tools")
    if workspace_root is not None and isinstance(tools, list):
        table["tools"] = [
            str(workspace_root / item)
            if isinstance(item, str) and not Path(item).expanduser().is_absolute()
            else item
            for item in tools
        ]
    return table
