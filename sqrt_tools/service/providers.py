"""The service's routes, providers and request types, and the choices we make about them.

Documented by the service [doc] (section 6 of the language reference): the base URL, the
policy-generation routes, the provider names, the request types, the headers. The
chat-completion route used by `sqrt header --curl` comes from the service's REST
reference. Everything marked [ours] is a decision of this project, kept here so that it
can be changed in one place.
"""

from __future__ import annotations

from enum import StrEnum

from sqrt_tools.tools.definitions import ToolFormat

DEFAULT_BASE_URL = "https://api.sequrity.ai"  # [doc]
BASE_URL_VARIABLE = "SEQURITY_BASE_URL"
SEQURITY_KEY_VARIABLE = "SEQURITY_API_KEY"
DEFAULT_SERVICE_RETRIES = 3  # the body's `n_retries`: the service's own re-generations [doc]
DEFAULT_CONNECT_TIMEOUT = 10.0  # seconds [ours]
# Seconds for the answer [ours]: drafting runs an LLM, and the service may re-generate an
# invalid policy a few times (n_retries) before it answers.
DEFAULT_READ_TIMEOUT = 180.0
# Seconds for a whole `sqrt draft` command [ours]: every attempt, wait and repair round.
# Room for a slow first draft and two repairs, and a bound on a server that never ends.
DEFAULT_DEADLINE = 600.0


class Provider(StrEnum):
    OPENROUTER = "openrouter"
    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    SEQURITY_AZURE = "sequrity_azure"


class RequestType(StrEnum):
    """The `type` field of a policy-generation request [doc]: it fixes the tools' shape."""

    OAI_CHAT_COMPLETION = "oai_chat_completion"
    OPENROUTER_CHAT_COMPLETION = "openrouter_chat_completion"
    ANTHROPIC_MESSAGES = "anthropic_messages"
    SEQURITY_AZURE_CHAT_COMPLETION = "sequrity_azure_chat_completion"
    SEQURITY_AZURE_RESPONSES = "sequrity_azure_responses"


# The provider used when none is named: the service's default route is OpenRouter [doc].
DEFAULT_PROVIDER = Provider.OPENROUTER

# Request types each provider takes; the first is the default [ours: the pairing follows
# the names, the service documents the types but not which route accepts which].
REQUEST_TYPES: dict[Provider, tuple[RequestType, ...]] = {
    Provider.OPENROUTER: (RequestType.OPENROUTER_CHAT_COMPLETION,),
    Provider.OPENAI: (RequestType.OAI_CHAT_COMPLETION,),
    Provider.ANTHROPIC: (RequestType.ANTHROPIC_MESSAGES,),
    Provider.SEQURITY_AZURE: (
        RequestType.SEQURITY_AZURE_CHAT_COMPLETION,
        RequestType.SEQURITY_AZURE_RESPONSES,
    ),
}

# The shape of the `tools` array for each request type: "tool definitions in that
# provider's format" [doc]; the Responses API's flat function tools for the Responses
# type [ours: the format that API defines].
TOOL_FORMATS: dict[RequestType, ToolFormat] = {
    RequestType.OAI_CHAT_COMPLETION: ToolFormat.OPENAI,
    RequestType.OPENROUTER_CHAT_COMPLETION: ToolFormat.OPENAI,
    RequestType.SEQURITY_AZURE_CHAT_COMPLETION: ToolFormat.OPENAI,
    RequestType.ANTHROPIC_MESSAGES: ToolFormat.ANTHROPIC,
    RequestType.SEQURITY_AZURE_RESPONSES: ToolFormat.OPENAI_RESPONSES,
}

# Where the provider's own key is usually found [ours: each provider's documented
# variable]. Sequrity's Azure deployment runs on Sequrity's key, so it has none.
LLM_KEY_VARIABLES: dict[Provider, str | None] = {
    Provider.OPENROUTER: "OPENROUTER_API_KEY",
    Provider.OPENAI: "OPENAI_API_KEY",
    Provider.ANTHROPIC: "ANTHROPIC_API_KEY",
    Provider.SEQURITY_AZURE: None,
}


def policy_gen_path(provider: Provider | None) -> str:
    """The policy-generation route: the default (OpenRouter) route when no provider is
    named, the provider's own route when one is, even `openrouter` [ours: both are
    documented; an explicit choice goes to the explicit route]."""
    if provider is None:
        return "/control/policy-gen/v1/generate"
    return f"/control/policy-gen/{provider.value}/v1/generate"


def chat_completions_path(provider: Provider | None) -> str:
    """The chat-completion route of the `chat` endpoint type [doc: the service's REST
    reference, `/control/{endpoint_type}/{provider}/v1/chat/completions`]."""
    if provider is None:
        return "/control/chat/v1/chat/completions"
    return f"/control/chat/{provider.value}/v1/chat/completions"


def default_request_type(provider: Provider | None) -> RequestType:
    return REQUEST_TYPES[provider or DEFAULT_PROVIDER][0]


def check_request_type(provider: Provider | None, request_type: RequestType) -> str | None:
    """A one-line reason when `request_type` does not go with `provider`, else None."""
    allowed = REQUEST_TYPES[provider or DEFAULT_PROVIDER]
    if request_type in allowed:
        return None
    names = ", ".join(item.value for item in allowed)
    return (
        f"request type {request_type.value} does not go with provider "
        f"{(provider or DEFAULT_PROVIDER).value} (use {names})"
    )
