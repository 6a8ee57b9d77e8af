"""Talking to the Sequrity Control API: policy drafts, the X-Policy header, tool definitions.

- `SequrityClient` / `AsyncSequrityClient`: `generate_policy(PolicyGenRequest)`, with
  timeouts, retries and one-line, redacted `ServiceError`s.
- `draft_policy`: draft, check, repair.
- `load_tools` / `parse_tools`: OpenAI, Anthropic and MCP tool definitions.
- `x_policy`, `header_value`, `curl_command`: the header that carries a policy.

Names are imported on first use (see `_LAZY`), so that the command line, which imports
the small modules here, does not pay for httpx unless it talks to the service; the
`TYPE_CHECKING` imports give each name its real type in the user's type checker.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqrt_tools.presets import Presets
    from sqrt_tools.service.client import (
        AsyncSequrityClient,
        PolicyGenRequest,
        PolicyGenResponse,
        SequrityClient,
        ServiceSettings,
        Timeouts,
    )
    from sqrt_tools.service.drafting import DraftResult, DraftRound, draft_policy
    from sqrt_tools.service.errors import ServiceError
    from sqrt_tools.service.policy_check import check_policy
    from sqrt_tools.service.policy_header import (
        PolicyHeaderOptions,
        curl_command,
        header_value,
        x_policy,
    )
    from sqrt_tools.service.providers import Provider, RequestType
    from sqrt_tools.service.redact import redact
    from sqrt_tools.service.retry import RetryPolicy
    from sqrt_tools.tools.definitions import ToolDefinition, ToolFormat, load_tools, parse_tools
    from sqrt_tools.tools.errors import ToolDefinitionError

# name -> module that defines it; one line per public name, each also imported under
# TYPE_CHECKING above (tests/api/test_public_types.py checks that none is Any).
_LAZY: dict[str, str] = {
    "AsyncSequrityClient": "sqrt_tools.service.client",
    "PolicyGenRequest": "sqrt_tools.service.client",
    "PolicyGenResponse": "sqrt_tools.service.client",
    "SequrityClient": "sqrt_tools.service.client",
    "ServiceSettings": "sqrt_tools.service.client",
    "Timeouts": "sqrt_tools.service.client",
    "DraftResult": "sqrt_tools.service.drafting",
    "DraftRound": "sqrt_tools.service.drafting",
    "draft_policy": "sqrt_tools.service.drafting",
    "ServiceError": "sqrt_tools.service.errors",
    "ToolDefinitionError": "sqrt_tools.tools.errors",
    "check_policy": "sqrt_tools.service.policy_check",
    "PolicyHeaderOptions": "sqrt_tools.service.policy_header",
    "Presets": "sqrt_tools.presets",
    "curl_command": "sqrt_tools.service.policy_header",
    "header_value": "sqrt_tools.service.policy_header",
    "x_policy": "sqrt_tools.service.policy_header",
    "Provider": "sqrt_tools.service.providers",
    "RequestType": "sqrt_tools.service.providers",
    "redact": "sqrt_tools.service.redact",
    "RetryPolicy": "sqrt_tools.service.retry",
    "ToolDefinition": "sqrt_tools.tools.definitions",
    "ToolFormat": "sqrt_tools.tools.definitions",
    "load_tools": "sqrt_tools.tools.definitions",
    "parse_tools": "sqrt_tools.tools.definitions",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sqrt_tools.service' has no attribute {name!r}")
    return getattr(import_module(module), name)


# Each name in _LAZY is also listed here.
__all__ = [
    "AsyncSequrityClient",
    "DraftResult",
    "DraftRound",
    "PolicyGenRequest",
    "PolicyGenResponse",
    "PolicyHeaderOptions",
    "Presets",
    "Provider",
    "RequestType",
    "RetryPolicy",
    "SequrityClient",
    "ServiceError",
    "ServiceSettings",
    "Timeouts",
    "ToolDefinition",
    "ToolDefinitionError",
    "ToolFormat",
    "check_policy",
    "curl_command",
    "draft_policy",
    "header_value",
    "load_tools",
    "parse_tools",
    "redact",
    "x_policy",
]
