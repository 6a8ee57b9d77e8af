"""Talking to the Sequrity Control API: policy drafts, the X-Policy header, tool definitions.

- `SequrityClient` / `AsyncSequrityClient`: `generate_policy(PolicyGenRequest)`, with
  timeouts, retries and one-line, redacted `ServiceError`s.
- `draft_policy`: draft, check, repair.
- `load_tools` / `parse_tools`: OpenAI, Anthropic and MCP tool definitions.
- `x_policy`, `header_value`, `curl_command`: the header that carries a policy.
"""

from sqrt_tools.service.client import (
    AsyncSequrityClient,
    PolicyGenRequest,
    PolicyGenResponse,
    SequrityClient,
    ServiceSettings,
    Timeouts,
)
from sqrt_tools.service.drafting import DraftResult, DraftRound, draft_policy
from sqrt_tools.service.errors import ServiceError, ToolDefinitionError
from sqrt_tools.service.policy_check import check_policy
from sqrt_tools.service.policy_header import (
    PolicyHeaderOptions,
    PolicyPresets,
    curl_command,
    header_value,
    x_policy,
)
from sqrt_tools.service.providers import Provider, RequestType
from sqrt_tools.service.redact import redact
from sqrt_tools.service.retry import RetryPolicy
from sqrt_tools.service.tools import ToolDefinition, ToolFormat, load_tools, parse_tools

__all__ = [
    "AsyncSequrityClient",
    "DraftResult",
    "DraftRound",
    "PolicyGenRequest",
    "PolicyGenResponse",
    "PolicyHeaderOptions",
    "PolicyPresets",
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
