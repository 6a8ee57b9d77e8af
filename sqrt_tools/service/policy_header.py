"""The `X-Policy` header that carries a policy to the service, and a curl line using it.

The header is a JSON object [doc: section 6 of the language reference]:
`{"mode", "codes": {"code", "language"}, "auto_gen", "fail_fast", "presets": {...}}`.
The defaults below are the documented ones; `mode` defaults to `standard` [ours].
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqrt_tools.presets import DEFAULT_PRESETS, AgentArch, Presets
from sqrt_tools.service.providers import (
    DEFAULT_BASE_URL,
    DEFAULT_PROVIDER,
    LLM_KEY_VARIABLES,
    SEQURITY_KEY_VARIABLE,
    Provider,
    chat_completions_path,
)

# Common proxies and servers refuse request headers above about 8 KB [ours: the warning
# threshold of `sqrt header`].
HEADER_SIZE_WARNING = 8 * 1024
DEFAULT_CURL_MODEL = "openai/gpt-5-mini"  # [ours] any model name the provider knows
DEFAULT_CURL_MESSAGE = "What can you do for me?"  # [ours]


def x_features(arch: AgentArch = AgentArch.DUAL_LLM) -> dict[str, Any]:
    """The `X-Features` object: [doc] only `agent_arch` is needed to pick the mode."""
    return {"agent_arch": arch.value}


class PolicyMode(StrEnum):
    STANDARD = "standard"
    STRICT = "strict"
    CUSTOM = "custom"


class Enforcement(StrEnum):
    SOFT = "soft"
    HARD = "hard"


@dataclass(frozen=True, slots=True)
class PolicyHeaderOptions:
    """Everything in the header besides the policy's code."""

    mode: PolicyMode = PolicyMode.STANDARD
    fail_fast: bool | None = None
    auto_gen: bool = False
    # The one presets model, which local evaluation assumes too.
    presets: Presets = DEFAULT_PRESETS
    arch: AgentArch = AgentArch.DUAL_LLM


def x_policy(code: str, options: PolicyHeaderOptions | None = None) -> dict[str, Any]:
    """The `X-Policy` object for SQRT `code`."""
    chosen = options or PolicyHeaderOptions()
    return {
        "mode": chosen.mode.value,
        "codes": {"code": code, "language": "sqrt"},
        "auto_gen": chosen.auto_gen,
        "fail_fast": chosen.fail_fast,
        "presets": chosen.presets.to_json(),
    }


def header_value(obj: dict[str, Any]) -> str:
    """A JSON object as one header line: compact, and ASCII only (non-ASCII characters
    and line breaks become `\\u` escapes, which every JSON reader turns back)."""
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":"))


def curl_command(
    policy_header: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    provider: Provider | None = None,
    model: str = DEFAULT_CURL_MODEL,
    message: str = DEFAULT_CURL_MESSAGE,
    arch: AgentArch = AgentArch.DUAL_LLM,
) -> str:
    """A ready `curl` command for a chat completion under `policy_header`, in `arch`.

    Keys appear only as `$VARIABLE` references, inside double quotes so that the shell
    fills them in; everything else is single-quoted by `shlex.quote`.
    """
    url = base_url.rstrip("/") + chat_completions_path(provider)
    body = {"model": model, "messages": [{"role": "user", "content": message}]}
    lines = [
        f"curl -sS {shlex.quote(url)}",
        f'-H "Authorization: Bearer ${SEQURITY_KEY_VARIABLE}"',
    ]
    llm_variable = LLM_KEY_VARIABLES[provider or DEFAULT_PROVIDER]
    if llm_variable:
        lines.append(f'-H "X-Api-Key: ${llm_variable}"')
    lines += [
        f"-H {shlex.quote('Content-Type: application/json')}",
        f"-H {shlex.quote('X-Features: ' + header_value(x_features(arch)))}",
        f"-H {shlex.quote('X-Policy: ' + policy_header)}",
        f"--data-raw {shlex.quote(header_value(body))}",
    ]
    return " \\\n  ".join(lines)
