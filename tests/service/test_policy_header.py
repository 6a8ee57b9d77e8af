"""The X-Policy header and the curl command that carries it."""

from __future__ import annotations

import json
import shlex

from sqrt_tools.presets import AgentArch, Presets
from sqrt_tools.service.policy_header import (
    PolicyHeaderOptions,
    PolicyMode,
    curl_command,
    header_value,
    x_policy,
)
from sqrt_tools.service.providers import Provider

# Quotes, a dollar, backticks, a backslash, a newline and non-ASCII: what a shell or a
# header line could get wrong.
NASTY = 'tool "send_email" { must deny when body.tags overlaps {"it\'s", "$HOME `id` \\\\ é"}; }\n'


def test_defaults_are_the_documented_ones() -> None:
    assert x_policy("let a = {};") == {
        "mode": "standard",
        "codes": {"code": "let a = {};", "language": "sqrt"},
        "auto_gen": False,
        "fail_fast": None,
        "presets": {
            "default_allow": True,
            "default_allow_enforcement_level": "soft",
            "enable_non_executable_memory": True,
            "enable_llm_blocked_tag": True,
            "llm_blocked_tag_enforcement_level": "hard",
            "branching_meta_policy": {"mode": "deny", "producers": [], "tags": [], "consumers": []},
        },
    }


def test_options_reach_the_header() -> None:
    options = PolicyHeaderOptions(
        mode=PolicyMode.STRICT,
        fail_fast=True,
        presets=Presets(
            default_allow=False,
            default_allow_enforcement_level="hard",
            enable_non_executable_memory=False,
            enable_llm_blocked_tag=False,
            llm_blocked_tag_enforcement_level="soft",
        ),
    )

    obj = x_policy("x", options)

    assert (obj["mode"], obj["fail_fast"]) == ("strict", True)
    assert obj["presets"]["default_allow"] is False
    assert obj["presets"]["default_allow_enforcement_level"] == "hard"
    assert obj["presets"]["enable_non_executable_memory"] is False
    assert obj["presets"]["enable_llm_blocked_tag"] is False
    assert obj["presets"]["llm_blocked_tag_enforcement_level"] == "soft"


def test_header_value_is_one_ascii_line_that_reads_back() -> None:
    value = header_value(x_policy(NASTY))

    assert value.isascii() and "\n" not in value
    assert json.loads(value)["codes"]["code"] == NASTY


def test_curl_command_round_trips_through_the_shell_parser() -> None:
    value = header_value(x_policy(NASTY))

    words = shlex.split(curl_command(value, message="Tell me 'why' $now"))

    assert words[:3] == ["curl", "-sS", "https://api.sequrity.ai/control/chat/v1/chat/completions"]
    headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
    assert "Authorization: Bearer $SEQURITY_API_KEY" in headers
    assert "X-Api-Key: $OPENROUTER_API_KEY" in headers
    assert "X-Features: " + json.dumps({"agent_arch": "dual-llm"}, separators=(",", ":")) in headers
    policy = next(h for h in headers if h.startswith("X-Policy: "))
    assert json.loads(policy.removeprefix("X-Policy: ")) == x_policy(NASTY)
    body = json.loads(words[words.index("--data-raw") + 1])
    assert body == {
        "model": "openai/gpt-5-mini",
        "messages": [{"role": "user", "content": "Tell me 'why' $now"}],
    }


def test_curl_keys_are_double_quoted_variables_for_the_shell_to_fill() -> None:
    command = curl_command(header_value(x_policy("x")), provider=Provider.OPENAI)

    assert '-H "Authorization: Bearer $SEQURITY_API_KEY"' in command
    assert '-H "X-Api-Key: $OPENAI_API_KEY"' in command
    assert "/control/chat/openai/v1/chat/completions" in command


def test_curl_for_sequrity_azure_sends_no_provider_key() -> None:
    command = curl_command(
        header_value(x_policy("x")),
        provider=Provider.SEQURITY_AZURE,
        base_url="http://localhost:8000/",
    )

    assert "X-Api-Key" not in command
    assert "http://localhost:8000/control/chat/sequrity_azure/v1/chat/completions" in command


def test_single_llm_curl_picks_the_single_llm_architecture() -> None:
    value = header_value(x_policy("x"))

    words = shlex.split(curl_command(value, arch=AgentArch.SINGLE_LLM))

    headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
    assert 'X-Features: {"agent_arch":"single-llm"}' in headers
