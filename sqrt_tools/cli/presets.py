"""The presets a command works under, from its layers (see `sqrt_tools.presets`).

`sqrt eval`, `sqrt test` and `sqrt header` share this: the mode's defaults
(`--single-llm` / `--dual-llm`), then the project's `[tool.sqrt.presets]` (or
`[presets]` in `sqrt.toml`), then, for `sqrt test`, the file's `presets:` block, then
`--presets JSON|@FILE`, each overriding only the keys it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

# The model (and pydantic) load only when a command runs: `sqrt --help` stays quick.
if TYPE_CHECKING:
    from sqrt_tools.presets import AgentArch, Presets

OPTION = "--presets"
MODE_HELP = "Use the defaults of the service's single-LLM or dual-LLM mode."
PRESETS_HELP = (
    "Preset values as a JSON object (or @FILE), with the service's names, e.g. "
    "'{\"enable_llm_blocked_tag\": false}'; they override the mode's defaults and "
    "[tool.sqrt.presets]."
)


def arch_of(single_llm: bool) -> AgentArch:
    from sqrt_tools.presets import AgentArch

    return AgentArch.SINGLE_LLM if single_llm else AgentArch.DUAL_LLM


def project_presets(start: Path, arch: AgentArch) -> Presets:
    """The mode's defaults with the project's configuration for `start` (a file or a
    directory) applied. Raises `PresetsError` or `ConfigError` naming the file."""
    from sqrt_tools.config import find_config
    from sqrt_tools.presets import configured_presets

    return configured_presets(find_config(start), arch)


def command_line_presets(text: str | None) -> Mapping[str, object]:
    """The keys given with `--presets` (empty when the option is absent). Raises
    `PresetsError` for JSON that is not an object, and `InputError` for bad JSON."""
    from sqrt_tools.presets import PresetsError

    if text is None:
        return {}
    from sqrt_tools.cli.eval import json_option

    data = json_option(OPTION, text)
    if not isinstance(data, dict):
        raise PresetsError(f"{OPTION}: expected a JSON object of preset names and values")
    return data


def resolve(start: Path, single_llm: bool, text: str | None) -> Presets:
    """Mode, project configuration and `--presets`, in that order."""
    base = project_presets(start, arch_of(single_llm))
    return base.updated(command_line_presets(text), OPTION)
