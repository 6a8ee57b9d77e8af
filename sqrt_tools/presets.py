"""The service's policy presets: one model for what we send and what we assume.

The `presets` object of the `X-Policy` header [doc: the SDK's `InternalPolicyPresets`
and the X-Policy reference] holds the service's built-in policies. `sqrt header` sends
it; `sqrt eval` and `sqrt test` decide calls under it. Both read this model, so a
header and a local verdict can never disagree about a default.

Names and defaults are the service's [doc]; dual-LLM mode is the default, and
single-LLM mode turns non-executable memory off [doc: the SDK's single-LLM header].
Users choose presets in layers, each overriding only the keys it names: the mode's
defaults, then `[tool.sqrt.presets]` (or `[presets]` in `sqrt.toml`), then a policy
test file's `presets:` block, then `--presets` on the command line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from sqrt_tools.config import ConfigFile

EnforcementLevel = Literal["hard", "soft"]
BranchingMode = Literal["allow", "deny"]

# [doc] The internal tool the llm-blocked preset guards, and the two tags the presets use.
PARSE_WITH_AI = "parse_with_ai"
LLM_BLOCKED_TAG = "__llm_blocked"
NON_EXECUTABLE_TAG = "__non_executable"


class AgentArch(StrEnum):
    """The service's two architectures, as `X-Features.agent_arch` names them [doc]."""

    DUAL_LLM = "dual-llm"
    SINGLE_LLM = "single-llm"


class PresetsError(ValueError):
    """Presets that cannot be used; the message is one line naming the key."""


class BranchingMetaPolicy(BaseModel):
    """`branching_meta_policy` [doc]: which metadata the plan's control flow may depend
    on. `mode: "deny"` lists what is prohibited, `mode: "allow"` what alone is allowed.
    It concerns the whole plan, not one call: plan analysis evaluates it."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    mode: BranchingMode = "deny"
    producers: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    consumers: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        # The SDK holds these as sets: sent sorted and without repeats.
        return {
            "mode": self.mode,
            "producers": sorted(set(self.producers)),
            "tags": sorted(set(self.tags)),
            "consumers": sorted(set(self.consumers)),
        }


class Presets(BaseModel):
    """The `presets` object with the service's dual-LLM defaults [doc]."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    default_allow: bool = True
    default_allow_enforcement_level: EnforcementLevel = "soft"
    enable_non_executable_memory: bool = True
    enable_llm_blocked_tag: bool = True
    llm_blocked_tag_enforcement_level: EnforcementLevel = "hard"
    branching_meta_policy: BranchingMetaPolicy = BranchingMetaPolicy()

    @classmethod
    def for_mode(cls, arch: AgentArch = AgentArch.DUAL_LLM) -> Presets:
        """The service's defaults for `arch`: [doc] single-LLM has no program whose
        results could be marked, so non-executable memory is off there."""
        if arch is AgentArch.SINGLE_LLM:
            return cls(enable_non_executable_memory=False)
        return cls()

    def updated(self, overrides: Mapping[str, object], where: str = "presets") -> Presets:
        """These presets with the keys of `overrides` replaced (a JSON object, a YAML
        mapping or a TOML table). Raises `PresetsError` naming `where` and the key."""
        if not isinstance(overrides, Mapping):
            raise PresetsError(f"{where}: expected an object of preset names and values")
        unknown = [key for key in overrides if key not in type(self).model_fields]
        if unknown:
            raise PresetsError(f"{where}: {_unknown_key(str(unknown[0]), type(self).model_fields)}")
        branching = overrides.get("branching_meta_policy")
        data: dict[str, object] = {**self.model_dump(), **overrides}
        if isinstance(branching, Mapping):
            unknown = [key for key in branching if key not in BranchingMetaPolicy.model_fields]
            if unknown:
                raise PresetsError(
                    f"{where}: "
                    + _unknown_key(
                        str(unknown[0]), BranchingMetaPolicy.model_fields, "branching_meta_policy."
                    )
                )
            data["branching_meta_policy"] = {
                key: tuple(value) if isinstance(value, list) else value
                for key, value in {**self.branching_meta_policy.model_dump(), **branching}.items()
            }
        try:
            return type(self).model_validate(data)
        except ValidationError as error:
            raise PresetsError(f"{where}: {_first_problem(error)}") from None

    def to_json(self) -> dict[str, Any]:
        """The object as the header carries it, in the documented key order."""
        return {
            "default_allow": self.default_allow,
            "default_allow_enforcement_level": self.default_allow_enforcement_level,
            "enable_non_executable_memory": self.enable_non_executable_memory,
            "enable_llm_blocked_tag": self.enable_llm_blocked_tag,
            "llm_blocked_tag_enforcement_level": self.llm_blocked_tag_enforcement_level,
            "branching_meta_policy": self.branching_meta_policy.to_json(),
        }


DEFAULT_PRESETS = Presets()

# The configuration table the project's presets live in: `[tool.sqrt.presets]` in
# pyproject.toml, `[presets]` in sqrt.toml [ours].
CONFIG_SECTION = "presets"


def configured_presets(config: ConfigFile, arch: AgentArch = AgentArch.DUAL_LLM) -> Presets:
    """The mode's defaults with the configuration's presets table applied (every command
    and the linter read the project's presets here). Raises `PresetsError` or
    `ConfigError` naming the file."""
    table = config.section(CONFIG_SECTION)
    where = f"{config.path}: [{CONFIG_SECTION}]" if config.path is not None else CONFIG_SECTION
    return Presets.for_mode(arch).updated(table, where)


def _unknown_key(key: str, known: Iterable[str], prefix: str = "") -> str:
    names = [prefix + name for name in known]
    close = difflib.get_close_matches(prefix + key, names, n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else f" (known: {', '.join(names)})"
    return f"unknown preset `{prefix}{key}`{hint}"


_EXPECTED = {
    "bool_type": "expected true or false",
    "tuple_type": "expected a list of strings",
    "string_type": "expected a string",
    "model_type": "expected an object",
    "dict_type": "expected an object",
}


def _first_problem(error: ValidationError) -> str:
    """ "`key`: what is wrong", for the first problem pydantic found."""
    problem = error.errors(include_url=False)[0]
    path = ".".join(str(part) for part in problem["loc"] if not isinstance(part, int))
    # pydantic's own words otherwise ("Input should be 'hard' or 'soft'").
    message = _EXPECTED.get(problem["type"]) or str(problem["msg"]).replace(
        "Input should be", "expected"
    )
    return f"`{path}`: {message}"
