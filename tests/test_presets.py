"""The one presets model: the service's names and defaults, checked against its SDK."""

from __future__ import annotations

import json

import pytest
from sequrity.control.types.headers import InternalPolicyPresets, SecurityPolicyHeader

from sqrt_tools.presets import AgentArch, Presets, PresetsError
from sqrt_tools.service.policy_header import PolicyHeaderOptions, x_policy


def test_dual_llm_defaults_are_the_sdks() -> None:
    assert Presets.for_mode(AgentArch.DUAL_LLM).to_json() == InternalPolicyPresets().model_dump(
        mode="json"
    )


def test_single_llm_defaults_are_the_sdks() -> None:
    sdk = SecurityPolicyHeader.single_llm().dump_for_headers("json")

    assert Presets.for_mode(AgentArch.SINGLE_LLM).to_json() == sdk["presets"]


def test_every_key_we_send_is_one_the_sdk_accepts() -> None:
    chosen = Presets().updated(
        {
            "default_allow": False,
            "llm_blocked_tag_enforcement_level": "soft",
            "branching_meta_policy": {"mode": "allow", "producers": ["crm"], "tags": ["pii"]},
        }
    )
    sent = x_policy("", PolicyHeaderOptions(presets=chosen))["presets"]

    # The SDK's model forbids unknown keys: it reads back exactly what we meant.
    assert InternalPolicyPresets.model_validate(sent).model_dump(mode="json") == json.loads(
        json.dumps(sent)
    )


def test_layers_override_only_the_keys_they_name() -> None:
    project = Presets.for_mode(AgentArch.SINGLE_LLM).updated({"default_allow": False})
    final = project.updated({"branching_meta_policy": {"tags": ["pii", "pii", "health"]}})

    assert final.default_allow is False
    assert final.enable_non_executable_memory is False  # the mode's default survives
    assert final.branching_meta_policy.to_json() == {
        "mode": "deny",
        "producers": [],
        "tags": ["health", "pii"],
        "consumers": [],
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"enable_llm_blocked_tag": "no"},
            "--presets: `enable_llm_blocked_tag`: expected true or false",
        ),
        (
            {"llm_blocked_tag_enforcement_level": "strict"},
            "--presets: `llm_blocked_tag_enforcement_level`: expected 'hard' or 'soft'",
        ),
        (
            {"non_executable_memory": True},
            "--presets: unknown preset `non_executable_memory` "
            "(did you mean `enable_non_executable_memory`?)",
        ),
        (
            {"branching_meta_policy": {"tag": ["pii"]}},
            "--presets: unknown preset `branching_meta_policy.tag` "
            "(did you mean `branching_meta_policy.tags`?)",
        ),
        (
            {"branching_meta_policy": {"tags": "pii"}},
            "--presets: `branching_meta_policy.tags`: expected a list of strings",
        ),
    ],
)
def test_mistakes_get_one_line_naming_the_key(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(PresetsError) as caught:
        Presets().updated(overrides, "--presets")

    assert str(caught.value) == message
