"""The client against a real HTTP server on loopback: routes, headers, bodies, retries, errors."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sqrt_tools.service.client import (
    AsyncSequrityClient,
    PolicyGenRequest,
    SequrityClient,
    ServiceSettings,
    Timeouts,
)
from sqrt_tools.service.errors import (
    AuthenticationError,
    RateLimited,
    RequestRejected,
    ServerError,
    ServiceError,
    ServiceTimeout,
    ServiceUnreachable,
    SettingsError,
    UnexpectedResponse,
)
from sqrt_tools.service.providers import Provider, RequestType
from sqrt_tools.service.redact import REDACTED
from sqrt_tools.service.retry import RetryPolicy
from sqrt_tools.tools.definitions import parse_tools
from tests.service.conftest import LLM_KEY, SEQURITY_KEY, RecordedSleeps, make_settings

DEFAULT_ROUTE = "/control/policy-gen/v1/generate"
POLICY = 'tool "read_file" { must deny when path.value in {str like w"/etc/*"}; }\n'
TOOLS = parse_tools(
    [
        {
            "name": "read_file",
            "description": "Read a file.",
            "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}},
        }
    ]
)


def request(**changes: Any) -> PolicyGenRequest:
    fields: dict[str, Any] = {
        "description": "Never read files under /etc.",
        "model": "openai/gpt-5-mini",
        "tools": TOOLS,
    }
    fields.update(changes)
    return PolicyGenRequest(**fields)


def generate(settings: ServiceSettings, req: PolicyGenRequest | None = None, **kw: Any) -> Any:
    with SequrityClient(settings, **kw) as client:
        return client.generate_policy(req or request())


def failure(settings: ServiceSettings, req: PolicyGenRequest | None = None) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        generate(settings, req)
    assert SEQURITY_KEY not in str(caught.value) and LLM_KEY not in str(caught.value)
    assert "\n" not in str(caught.value)
    return caught.value


def ok_body(**extra: Any) -> dict[str, Any]:
    return {"policies": POLICY, "usage": {"prompt_tokens": 900, "completion_tokens": 60}, **extra}


# --- routes, headers, bodies ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "route"),
    [
        (None, DEFAULT_ROUTE),
        (Provider.OPENROUTER, "/control/policy-gen/openrouter/v1/generate"),
        (Provider.OPENAI, "/control/policy-gen/openai/v1/generate"),
        (Provider.ANTHROPIC, "/control/policy-gen/anthropic/v1/generate"),
        (Provider.SEQURITY_AZURE, "/control/policy-gen/sequrity_azure/v1/generate"),
    ],
)
def test_each_provider_posts_to_its_route(
    httpserver: HTTPServer, settings: ServiceSettings, provider: Provider | None, route: str
) -> None:
    httpserver.expect_oneshot_request(route, method="POST").respond_with_json(ok_body())

    response = generate(settings, request(provider=provider))

    assert response.policies == POLICY
    assert response.usage == {"prompt_tokens": 900, "completion_tokens": 60}
    assert len(httpserver.log) == 1


def test_keys_travel_as_bearer_and_x_api_key(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    httpserver.expect_oneshot_request(DEFAULT_ROUTE).respond_with_json(ok_body())

    generate(settings)

    sent = httpserver.log[0][0]
    assert sent.headers["Authorization"] == f"Bearer {SEQURITY_KEY}"
    assert sent.headers["X-Api-Key"] == LLM_KEY
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["User-Agent"].startswith("sqrt-tools/")


def test_without_a_provider_key_no_x_api_key_is_sent(
    httpserver: HTTPServer, sleeps: RecordedSleeps
) -> None:
    httpserver.expect_oneshot_request(DEFAULT_ROUTE).respond_with_json(ok_body())

    generate(make_settings(httpserver, sleeps, llm_key=None))

    assert "X-Api-Key" not in httpserver.log[0][0].headers


@pytest.mark.parametrize(
    ("provider", "request_type", "tool"),
    [
        (
            None,
            "openrouter_chat_completion",
            {
                "type": "function",
                "function": {
                    "name": "read_file",
                    "description": "Read a file.",
                    "parameters": TOOLS[0].input_schema,
                },
            },
        ),
        (
            Provider.OPENAI,
            "oai_chat_completion",
            {
                "type": "function",
                "function": {
                    "name": "read_file",
                    "description": "Read a file.",
                    "parameters": TOOLS[0].input_schema,
                },
            },
        ),
        (
            Provider.ANTHROPIC,
            "anthropic_messages",
            {
                "name": "read_file",
                "description": "Read a file.",
                "input_schema": TOOLS[0].input_schema,
            },
        ),
        (
            Provider.SEQURITY_AZURE,
            "sequrity_azure_chat_completion",
            {
                "type": "function",
                "function": {
                    "name": "read_file",
                    "description": "Read a file.",
                    "parameters": TOOLS[0].input_schema,
                },
            },
        ),
    ],
)
def test_body_has_the_request_type_and_tools_in_its_shape(
    httpserver: HTTPServer,
    settings: ServiceSettings,
    provider: Provider | None,
    request_type: str,
    tool: dict[str, Any],
) -> None:
    httpserver.expect_oneshot_request(
        (DEFAULT_ROUTE if provider is None else f"/control/policy-gen/{provider}/v1/generate"),
        method="POST",
    ).respond_with_json(ok_body())

    generate(
        settings, request(provider=provider, n_retries=1, internal_tool_names=("parse_with_ai",))
    )

    body = json.loads(httpserver.log[-1][0].data)
    assert body == {
        "type": request_type,
        "model": "openai/gpt-5-mini",
        "description": "Never read files under /etc.",
        "policy_lang": "sqrt",
        "n_retries": 1,
        "internal_tool_names": ["parse_with_ai"],
        "tools": [tool],
    }


def test_azure_responses_type_sends_flat_function_tools(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    route = "/control/policy-gen/sequrity_azure/v1/generate"
    httpserver.expect_oneshot_request(route).respond_with_json(ok_body())

    generate(
        settings,
        request(
            provider=Provider.SEQURITY_AZURE, request_type=RequestType.SEQURITY_AZURE_RESPONSES
        ),
    )

    body = json.loads(httpserver.log[0][0].data)
    assert body["type"] == "sequrity_azure_responses"
    assert body["tools"] == [
        {
            "type": "function",
            "name": "read_file",
            "description": "Read a file.",
            "parameters": TOOLS[0].input_schema,
        }
    ]


def test_request_type_must_go_with_the_provider() -> None:
    with pytest.raises(ValueError, match="does not go with provider anthropic"):
        request(provider=Provider.ANTHROPIC, request_type=RequestType.OAI_CHAT_COMPLETION)


def test_usage_keeps_only_integer_counts(httpserver: HTTPServer, settings: ServiceSettings) -> None:
    body = {
        "policies": POLICY,
        "usage": {"total_tokens": 5, "cost": 0.1, "flag": True, "model": "x"},
    }
    httpserver.expect_oneshot_request(DEFAULT_ROUTE).respond_with_json(body)

    assert generate(settings).usage == {"total_tokens": 5}


# --- retries -------------------------------------------------------------------------------


def test_503_then_success_retries_with_backoff(
    httpserver: HTTPServer, settings: ServiceSettings, sleeps: RecordedSleeps
) -> None:
    for _ in range(2):
        httpserver.expect_ordered_request(DEFAULT_ROUTE).respond_with_json(
            {"detail": "busy"}, status=503
        )
    httpserver.expect_ordered_request(DEFAULT_ROUTE).respond_with_json(ok_body())

    response = generate(settings)

    assert response.policies == POLICY
    assert len(httpserver.log) == 3
    assert sleeps.waits == [0.5, 1.0]  # base 0.5 doubling, jitter pinned to the full ceiling


def test_429_honours_retry_after_seconds(
    httpserver: HTTPServer, settings: ServiceSettings, sleeps: RecordedSleeps
) -> None:
    httpserver.expect_ordered_request(DEFAULT_ROUTE).respond_with_json(
        {"detail": "slow down"}, status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request(DEFAULT_ROUTE).respond_with_json(ok_body())

    generate(settings)

    assert sleeps.waits == [7.0]


def test_429_honours_retry_after_http_date_and_caps_it(
    httpserver: HTTPServer, settings: ServiceSettings, sleeps: RecordedSleeps
) -> None:
    httpserver.expect_ordered_request(DEFAULT_ROUTE).respond_with_json(
        {}, status=429, headers={"Retry-After": "Fri, 31 Dec 2100 23:59:59 GMT"}
    )
    httpserver.expect_ordered_request(DEFAULT_ROUTE).respond_with_json(ok_body())

    generate(settings)

    assert sleeps.waits == [30.0]  # a century away, capped at max_delay


def test_429_on_every_attempt_is_rate_limited(
    httpserver: HTTPServer, settings: ServiceSettings, sleeps: RecordedSleeps
) -> None:
    httpserver.expect_request(DEFAULT_ROUTE).respond_with_json({"detail": "quota"}, status=429)

    error = failure(settings)

    assert isinstance(error, RateLimited)
    assert (
        str(error)
        == "rate limited by the service (HTTP 429: quota) after 4 attempts; try again later"
    )
    assert len(httpserver.log) == 4
    assert len(sleeps.waits) == 3


def test_500_on_every_attempt_is_a_server_error(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    httpserver.expect_request(DEFAULT_ROUTE).respond_with_data("oops", status=502)

    error = failure(settings)

    assert isinstance(error, ServerError)
    assert str(error) == "the service failed (HTTP 502) after 4 attempts"


def test_connection_refused_is_retried_then_reported(sleeps: RecordedSleeps) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = ServiceSettings(
        SEQURITY_KEY,
        LLM_KEY,
        f"http://127.0.0.1:{port}",
        Timeouts(connect=2.0, read=2.0),
        RetryPolicy(retries=2, sleep=sleeps, jitter=lambda: 0.0),
    )

    error = failure(settings)

    assert isinstance(error, ServiceUnreachable)
    assert str(error).startswith(f"cannot connect to http://127.0.0.1:{port} (")
    assert str(error).endswith(
        "after 3 attempts; check --base-url or SEQURITY_BASE_URL, and the network"
    )
    assert sleeps.waits == [0.25, 0.5]


# --- errors that are not retried -------------------------------------------------------------


def test_401_says_the_sequrity_key_was_rejected(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    httpserver.expect_request(DEFAULT_ROUTE).respond_with_json(
        {"detail": "Invalid API key"}, status=401
    )

    error = failure(settings)

    assert isinstance(error, AuthenticationError)
    assert str(error) == (
        "the Sequrity API key was rejected (HTTP 401: Invalid API key); "
        "check SEQURITY_API_KEY or --api-key"
    )
    assert len(httpserver.log) == 1


def test_422_shows_the_validation_detail(httpserver: HTTPServer, settings: ServiceSettings) -> None:
    detail = [
        {
            "loc": ["body", "tools", 0, "function", "name"],
            "msg": "Field required",
            "type": "missing",
        },
        {"loc": ["body", "model"], "msg": "String should have at least 1 character"},
    ]
    httpserver.expect_request(DEFAULT_ROUTE).respond_with_json({"detail": detail}, status=422)

    error = failure(settings)

    assert isinstance(error, RequestRejected)
    assert str(error) == (
        "the service rejected the request (HTTP 422): body.tools.0.function.name: Field required; "
        "body.model: String should have at least 1 character"
    )


def test_404_points_at_base_url_and_provider(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    httpserver.expect_request(DEFAULT_ROUTE).respond_with_data("Not Found", status=404)

    assert str(failure(settings)) == "no such endpoint (HTTP 404); check --base-url and --provider"


def test_error_message_field_is_used_too(httpserver: HTTPServer, settings: ServiceSettings) -> None:
    httpserver.expect_request(DEFAULT_ROUTE).respond_with_json(
        {"message": "bad\nmodel"}, status=400
    )

    assert str(failure(settings)) == "the service rejected the request (HTTP 400): bad model"


def test_read_timeout_is_reported_and_not_retried(
    httpserver: HTTPServer, sleeps: RecordedSleeps
) -> None:
    def slow(_: Request) -> Response:
        time.sleep(0.4)
        return Response(json.dumps(ok_body()), content_type="application/json")

    httpserver.expect_request(DEFAULT_ROUTE).respond_with_handler(slow)

    error = failure(make_settings(httpserver, sleeps, read_timeout=0.05))

    assert isinstance(error, ServiceTimeout)
    assert str(error) == (
        f"no answer from {httpserver.host} within 0.05 s; the service may still be drafting: "
        "try again, or raise --read-timeout"
    )
    assert sleeps.waits == []


def test_a_body_that_is_not_json(httpserver: HTTPServer, settings: ServiceSettings) -> None:
    httpserver.expect_request(DEFAULT_ROUTE).respond_with_data(
        "<html><body>Gateway   login</body></html>", content_type="text/html"
    )

    error = failure(settings)

    assert isinstance(error, UnexpectedResponse)
    assert str(error) == (
        "the service answered HTTP 200 with a body that is not JSON (text/html, 41 bytes): "
        "<html><body>Gateway login</body></html>"
    )


def test_json_without_policies(httpserver: HTTPServer, settings: ServiceSettings) -> None:
    httpserver.expect_request(DEFAULT_ROUTE).respond_with_json({"policy": POLICY, "usage": {}})

    assert str(failure(settings)) == (
        "the service's answer (HTTP 200) has no `policies` text (found: policy, usage)"
    )


def test_a_server_that_echoes_the_keys_never_gets_them_shown(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    def echo(req: Request) -> Response:
        detail = f"bad headers: {dict(req.headers)}"
        return Response(json.dumps({"detail": detail}), status=400, content_type="application/json")

    httpserver.expect_request(DEFAULT_ROUTE).respond_with_handler(echo)

    error = failure(settings)

    assert REDACTED in str(error)


def test_trace_lines_are_redacted(httpserver: HTTPServer, settings: ServiceSettings) -> None:
    httpserver.expect_ordered_request(DEFAULT_ROUTE).respond_with_json({}, status=503)
    httpserver.expect_ordered_request(DEFAULT_ROUTE).respond_with_json(ok_body())
    lines: list[str] = []

    generate(settings, trace=lines.append)

    text = "\n".join(lines)
    assert SEQURITY_KEY not in text and LLM_KEY not in text
    assert f"Authorization: Bearer {REDACTED}" in text
    assert f"X-Api-Key: {REDACTED}" in text
    assert "< HTTP 503" in text and "retrying in 0.50 s" in text
    assert "(attempt 2 of 4)" in text


# --- settings --------------------------------------------------------------------------------


def test_settings_come_from_the_environment() -> None:
    env = {
        "SEQURITY_API_KEY": "k1",
        "ANTHROPIC_API_KEY": "k2",
        "SEQURITY_BASE_URL": "https://x.example/",
    }

    settings = ServiceSettings.resolve(provider=Provider.ANTHROPIC, environ=env)

    assert (settings.api_key, settings.llm_api_key, settings.base_url) == (
        "k1",
        "k2",
        "https://x.example",
    )
    assert "k1" not in repr(settings) and "k2" not in repr(settings)


def test_options_win_over_the_environment() -> None:
    env = {"SEQURITY_API_KEY": "env", "OPENROUTER_API_KEY": "env-llm"}

    settings = ServiceSettings.resolve(api_key="opt", llm_api_key="opt-llm", environ=env)

    assert (settings.api_key, settings.llm_api_key, settings.base_url) == (
        "opt",
        "opt-llm",
        "https://api.sequrity.ai",
    )


@pytest.mark.parametrize(
    ("kwargs", "env", "message"),
    [
        ({}, {}, "no Sequrity API key: set SEQURITY_API_KEY or pass --api-key"),
        ({}, {"SEQURITY_API_KEY": "  "}, "no Sequrity API key"),
        (
            {"api_key": "abc\ndef"},
            {},
            "the Sequrity API key contains characters that cannot be sent",
        ),
        ({"api_key": "k", "llm_api_key": "clé"}, {}, "the LLM provider key contains characters"),
        ({"api_key": "k", "base_url": "ftp://x"}, {}, "invalid base URL 'ftp://x'"),
        (
            {"api_key": "k", "base_url": "http://api.example.com"},
            {},
            "refusing to send API keys over plain http",
        ),
        ({"api_key": "k", "base_url": "https://u:k@x.example"}, {}, "no user name or password"),
    ],
)
def test_unusable_settings(kwargs: dict[str, Any], env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        ServiceSettings.resolve(environ=env, **kwargs)

    assert message in str(caught.value)
    if "api_key" in kwargs:
        assert f":{kwargs['api_key']}@" not in str(caught.value)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://localhost", "http://[::1]:9"])
def test_plain_http_is_allowed_to_this_machine(url: str) -> None:
    assert ServiceSettings.resolve(api_key="k", base_url=url, environ={}).base_url == url


# --- the async twin --------------------------------------------------------------------------


def test_async_client_retries_and_answers_the_same(
    httpserver: HTTPServer, settings: ServiceSettings, sleeps: RecordedSleeps
) -> None:
    httpserver.expect_ordered_request(DEFAULT_ROUTE).respond_with_json(
        {}, status=503, headers={"Retry-After": "2"}
    )
    httpserver.expect_ordered_request(DEFAULT_ROUTE).respond_with_json(ok_body())

    async def main() -> Any:
        async with AsyncSequrityClient(settings) as client:
            return await client.generate_policy(request())

    response = asyncio.run(main())

    assert response.policies == POLICY
    assert sleeps.waits == [2.0]
    assert httpserver.log[0][0].headers["Authorization"] == f"Bearer {SEQURITY_KEY}"


def test_async_client_maps_errors_the_same(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    httpserver.expect_request(DEFAULT_ROUTE).respond_with_json({"detail": "nope"}, status=401)

    async def main() -> Any:
        async with AsyncSequrityClient(settings) as client:
            return await client.generate_policy(request())

    with pytest.raises(AuthenticationError, match="the Sequrity API key was rejected"):
        asyncio.run(main())
