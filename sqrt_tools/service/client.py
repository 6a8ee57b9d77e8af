"""The HTTP client for the Sequrity Control API's policy generation (`/policy-gen`).

`SequrityClient` (sync) and `AsyncSequrityClient` share one `_Exchange`, which builds the
headers, reads each answer and decides between a result, another attempt and an error;
the two clients only differ in how they wait and send. Every message that can reach a
person (errors, `trace` lines) goes through `redact` with the request's keys first.
"""

from __future__ import annotations

import ipaddress
import json
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, Self

import httpx

from sqrt_tools._version import __version__
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
    error_detail,
)
from sqrt_tools.service.providers import (
    BASE_URL_VARIABLE,
    DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_PROVIDER,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_SERVICE_RETRIES,
    LLM_KEY_VARIABLES,
    SEQURITY_KEY_VARIABLE,
    TOOL_FORMATS,
    Provider,
    RequestType,
    check_request_type,
    default_request_type,
    policy_gen_path,
)
from sqrt_tools.service.redact import redact
from sqrt_tools.service.retry import RetryPolicy, is_retryable_status, parse_retry_after
from sqrt_tools.tools.definitions import ToolDefinition

Trace = Callable[[str], None]

MAX_RESPONSE_BYTES = 8 * 1024 * 1024
_EXCERPT = 120
_LOOPBACK_NAMES = ("localhost",)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds to wait for a connection, and for the answer once connected."""

    connect: float = DEFAULT_CONNECT_TIMEOUT
    read: float = DEFAULT_READ_TIMEOUT

    def __post_init__(self) -> None:
        if not (self.connect > 0 and self.read > 0):
            raise ValueError("timeouts must be more than 0 seconds")

    def for_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect, read=self.read, write=self.read, pool=self.connect
        )


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    """Where the service is and the keys to use. Keys never appear in `repr`."""

    api_key: str = field(repr=False)
    llm_api_key: str | None = field(default=None, repr=False)
    base_url: str = DEFAULT_BASE_URL
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(key for key in (self.api_key, self.llm_api_key) if key)

    @classmethod
    def resolve(
        cls,
        *,
        api_key: str | None = None,
        llm_api_key: str | None = None,
        base_url: str | None = None,
        provider: Provider | None = None,
        environ: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
    ) -> ServiceSettings:
        """Settings from explicit values, falling back to the environment.

        The Sequrity key: `api_key` or `SEQURITY_API_KEY` (required). The provider key:
        `llm_api_key` or the provider's usual variable (optional: without it the service
        uses the provider key stored with the Sequrity account). The base URL: `base_url`,
        `SEQURITY_BASE_URL` or the public service. Raises `SettingsError`.
        """
        env = os.environ if environ is None else environ
        key = api_key or env.get(SEQURITY_KEY_VARIABLE) or ""
        if not key.strip():
            raise SettingsError(
                f"no Sequrity API key: set {SEQURITY_KEY_VARIABLE} or pass --api-key"
            )
        variable = LLM_KEY_VARIABLES[provider or DEFAULT_PROVIDER]
        llm_key = llm_api_key or (env.get(variable) if variable else None) or None
        _check_header_value(key, "the Sequrity API key")
        if llm_key is not None:
            _check_header_value(llm_key, "the LLM provider key")
        url = check_base_url(
            base_url or env.get(BASE_URL_VARIABLE) or DEFAULT_BASE_URL, (key, llm_key)
        )
        return cls(key, llm_key, url, timeouts or Timeouts(), retry or RetryPolicy())


def check_base_url(url: str, secrets: tuple[str | None, ...] = ()) -> str:
    """`url` without a trailing slash, or `SettingsError`: it must be https (plain http
    only to this machine [ours: keys must not cross a network in clear text])."""
    shown = redact(url, secrets)
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError, TypeError):
        raise SettingsError(f"invalid base URL {shown!r}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise SettingsError(f"invalid base URL {shown!r}: expected https://HOST[:PORT][/PATH]")
    if parsed.userinfo:
        raise SettingsError(
            f"invalid base URL {shown!r}: no user name or password in it; the key goes in "
            f"{SEQURITY_KEY_VARIABLE} or --api-key"
        )
    if parsed.query or parsed.fragment:
        raise SettingsError(f"invalid base URL {shown!r}: no query or fragment allowed")
    if parsed.scheme == "http" and not _is_loopback(parsed.host):
        raise SettingsError(
            f"refusing to send API keys over plain http to {parsed.host}: use an https base URL"
        )
    return str(parsed).rstrip("/")


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_header_value(value: str, what: str) -> None:
    if not value.isascii() or not value.isprintable() or value != value.strip():
        raise SettingsError(
            f"{what} contains characters that cannot be sent in an HTTP header "
            "(spaces, line breaks or non-ASCII): check how it was copied"
        )


@dataclass(frozen=True, slots=True)
class PolicyGenRequest:
    """A request for a policy draft: what the policy should do, for which tools."""

    description: str
    model: str
    tools: tuple[ToolDefinition, ...]
    provider: Provider | None = None  # None: the service's default route (OpenRouter)
    request_type: RequestType | None = None  # None: the provider's usual type
    n_retries: int = DEFAULT_SERVICE_RETRIES
    internal_tool_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problem = check_request_type(self.provider, self.effective_type)
        if problem:
            raise ValueError(problem)

    @property
    def effective_type(self) -> RequestType:
        return self.request_type or default_request_type(self.provider)

    def path(self) -> str:
        return policy_gen_path(self.provider)

    def body(self) -> dict[str, Any]:
        """The JSON body [doc: section 6], tools converted to the request type's shape."""
        shape = TOOL_FORMATS[self.effective_type]
        return {
            "type": self.effective_type.value,
            "model": self.model,
            "description": self.description,
            "policy_lang": "sqrt",
            "n_retries": self.n_retries,
            "internal_tool_names": list(self.internal_tool_names),
            "tools": [tool.to_format(shape) for tool in self.tools],
        }

    def with_description(self, description: str) -> PolicyGenRequest:
        return replace(self, description=description)


@dataclass(frozen=True, slots=True)
class PolicyGenResponse:
    """A draft as the service returned it, with its token usage."""

    policies: str
    usage: dict[str, int]


class _Exchange:
    """Everything about one request that does not depend on sync or async I/O."""

    def __init__(self, settings: ServiceSettings, trace: Trace | None) -> None:
        self.settings = settings
        self.retry = settings.retry
        self._trace = trace

    @property
    def attempts(self) -> int:
        return self.retry.retries + 1

    def redact(self, text: str) -> str:
        return redact(text, self.settings.secrets)

    def trace(self, line: str) -> None:
        if self._trace is not None:
            self._trace(self.redact(line))

    def url(self, path: str) -> str:
        return self.settings.base_url + path

    def headers(self) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self.settings.api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": f"sqrt-tools/{__version__}",
        }
        if self.settings.llm_api_key:
            headers["X-Api-Key"] = self.settings.llm_api_key
        return headers

    def encode(self, request: PolicyGenRequest) -> bytes:
        return json.dumps(request.body(), ensure_ascii=False).encode("utf-8")

    def before_attempt(
        self, url: str, content: bytes, request: PolicyGenRequest, attempt: int
    ) -> None:
        self.trace(f"> POST {url} (attempt {attempt} of {self.attempts})")
        for name, value in self.headers().items():
            self.trace(f">   {name}: {value}")
        self.trace(
            f">   body: {len(content)} bytes, type {request.effective_type.value}, "
            f"model {request.model}, {len(request.tools)} tools"
        )

    def after_response(
        self, status: int, headers: httpx.Headers, data: bytes, attempt: int, seconds: float
    ) -> PolicyGenResponse | float:
        """The draft, the seconds to wait before another attempt, or a `ServiceError`."""
        self.trace(f"< HTTP {status} in {seconds:.2f} s, {len(data)} bytes")
        if 200 <= status < 300:
            return self._decode(status, headers, data)
        if is_retryable_status(status) and attempt < self.attempts:
            retry_after = parse_retry_after(headers.get("retry-after"))
            delay = self.retry.delay(attempt - 1, retry_after)
            asked = (
                f" (Retry-After: {headers.get('retry-after')})" if retry_after is not None else ""
            )
            self.trace(f"  retrying in {delay:.2f} s{asked}")
            return delay
        raise self._status_error(status, _json_or_none(data), attempt)

    def after_transport_error(self, exc: httpx.HTTPError, url: str, attempt: int) -> float:
        """The seconds to wait before another attempt, or the `ServiceError` to raise."""
        reason = self.redact(_reason(exc))
        self.trace(f"< {type(exc).__name__}: {reason}")
        host = httpx.URL(url).host
        if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout | httpx.PoolTimeout):
            # Not retried: the service may still be working (and billing) on the first one.
            raise ServiceTimeout(
                f"no answer from {host} within {self.settings.timeouts.read:g} s; the service "
                "may still be drafting: try again, or raise --read-timeout",
                attempts=attempt,
            )
        retryable = isinstance(
            exc,
            httpx.ConnectError
            | httpx.ConnectTimeout
            | httpx.RemoteProtocolError
            | httpx.ReadError
            | httpx.WriteError,
        )
        if retryable and attempt < self.attempts:
            delay = self.retry.delay(attempt - 1)
            self.trace(f"  retrying in {delay:.2f} s")
            return delay
        tries = _attempts_text(attempt)
        if isinstance(exc, httpx.ConnectTimeout):
            raise ServiceTimeout(
                f"no connection to {host} within {self.settings.timeouts.connect:g} s{tries}; "
                "check the network, or raise --connect-timeout",
                attempts=attempt,
            )
        if isinstance(exc, httpx.ConnectError):
            raise ServiceUnreachable(
                self.redact(
                    f"cannot connect to {self.settings.base_url} ({reason}){tries}; check "
                    f"--base-url or {BASE_URL_VARIABLE}, and the network"
                ),
                attempts=attempt,
            )
        if retryable:
            raise ServiceUnreachable(
                f"the connection to {host} was dropped ({reason}){tries}", attempts=attempt
            )
        raise ServiceError(f"the request to {host} failed: {reason}", attempts=attempt)

    # --- reading answers ----------------------------------------------------------------

    def _decode(self, status: int, headers: httpx.Headers, data: bytes) -> PolicyGenResponse:
        payload = _json_or_none(data)
        if payload is None:
            kind = headers.get("content-type", "no content type").split(";")[0].strip()
            raise UnexpectedResponse(
                self.redact(
                    f"the service answered HTTP {status} with a body that is not JSON "
                    f"({kind}, {len(data)} bytes){_excerpt(data)}"
                ),
                status=status,
            )
        policies = payload.get("policies") if isinstance(payload, dict) else None
        if not isinstance(policies, str):
            keys = ", ".join(sorted(payload)) if isinstance(payload, dict) else "not an object"
            raise UnexpectedResponse(
                self.redact(
                    f"the service's answer (HTTP {status}) has no `policies` text "
                    f"(found: {keys or 'an empty object'})"
                ),
                status=status,
            )
        raw_usage = payload.get("usage")
        usage = (
            {
                str(name): value
                for name, value in raw_usage.items()
                if isinstance(value, int) and not isinstance(value, bool)
            }
            if isinstance(raw_usage, dict)
            else {}
        )
        return PolicyGenResponse(policies, usage)

    def _status_error(self, status: int, payload: Any, attempt: int) -> ServiceError:
        detail = error_detail(payload)
        said = f": {detail}" if detail else ""
        tries = _attempts_text(attempt)
        if status == 401:
            error: ServiceError = AuthenticationError(
                f"the Sequrity API key was rejected (HTTP 401{said}); check "
                f"{SEQURITY_KEY_VARIABLE} or --api-key",
                status=status,
            )
        elif status == 403:
            error = AuthenticationError(
                f"access denied (HTTP 403{said}); check that the Sequrity API key may use "
                "policy generation, and the LLM provider key",
                status=status,
            )
        elif status == 404:
            error = RequestRejected(
                f"no such endpoint (HTTP 404{said}); check --base-url and --provider",
                status=status,
            )
        elif status == 429:
            error = RateLimited(
                f"rate limited by the service (HTTP 429{said}){tries}; try again later",
                status=status,
            )
        elif status >= 500:
            error = ServerError(f"the service failed (HTTP {status}{said}){tries}", status=status)
        else:
            error = RequestRejected(
                f"the service rejected the request (HTTP {status}){said or ' without a reason'}",
                status=status,
            )
        error.message = self.redact(error.message)
        error.attempts = attempt
        return error


def _json_or_none(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _excerpt(data: bytes) -> str:
    text = " ".join(data[: _EXCERPT * 4].decode("utf-8", "replace").split())
    if not text:
        return ""
    return f": {text[:_EXCERPT]}{'...' if len(text) > _EXCERPT else ''}"


def _reason(exc: httpx.HTTPError) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _attempts_text(attempt: int) -> str:
    return f" after {attempt} attempts" if attempt > 1 else ""


def _read_limited(chunks: Iterator[bytes]) -> bytes:
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > MAX_RESPONSE_BYTES:
            raise UnexpectedResponse(
                f"the service's answer is larger than {MAX_RESPONSE_BYTES // 2**20} MB"
            )
    return bytes(data)


async def _aread_limited(chunks: AsyncIterator[bytes]) -> bytes:
    data = bytearray()
    async for chunk in chunks:
        data += chunk
        if len(data) > MAX_RESPONSE_BYTES:
            raise UnexpectedResponse(
                f"the service's answer is larger than {MAX_RESPONSE_BYTES // 2**20} MB"
            )
    return bytes(data)


class SequrityClient:
    """A synchronous client for the service's policy generation.

    Use it as a context manager (or call `close`). `trace` receives one redacted line per
    request, response and retry decision (`sqrt draft --verbose`).
    """

    def __init__(self, settings: ServiceSettings, *, trace: Trace | None = None) -> None:
        self._exchange = _Exchange(settings, trace)
        self._http = httpx.Client(timeout=settings.timeouts.for_httpx(), follow_redirects=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def generate_policy(self, request: PolicyGenRequest) -> PolicyGenResponse:
        """Ask for a draft. Raises a `ServiceError` subclass with a one-line message."""
        exchange = self._exchange
        url = exchange.url(request.path())
        content = exchange.encode(request)
        attempt = 1
        while True:
            exchange.before_attempt(url, content, request, attempt)
            started = time.monotonic()
            try:
                with self._http.stream(
                    "POST", url, content=content, headers=exchange.headers()
                ) as response:
                    data = _read_limited(response.iter_bytes())
            except httpx.HTTPError as exc:
                delay = exchange.after_transport_error(exc, url, attempt)
            else:
                outcome = exchange.after_response(
                    response.status_code,
                    response.headers,
                    data,
                    attempt,
                    time.monotonic() - started,
                )
                if isinstance(outcome, PolicyGenResponse):
                    return outcome
                delay = outcome
            exchange.retry.sleep(delay)
            attempt += 1


class AsyncSequrityClient:
    """The asynchronous twin of `SequrityClient`: the same requests, answers and errors."""

    def __init__(self, settings: ServiceSettings, *, trace: Trace | None = None) -> None:
        self._exchange = _Exchange(settings, trace)
        self._http = httpx.AsyncClient(
            timeout=settings.timeouts.for_httpx(), follow_redirects=False
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def generate_policy(self, request: PolicyGenRequest) -> PolicyGenResponse:
        """Ask for a draft. Raises a `ServiceError` subclass with a one-line message."""
        exchange = self._exchange
        url = exchange.url(request.path())
        content = exchange.encode(request)
        attempt = 1
        while True:
            exchange.before_attempt(url, content, request, attempt)
            started = time.monotonic()
            try:
                async with self._http.stream(
                    "POST", url, content=content, headers=exchange.headers()
                ) as response:
                    data = await _aread_limited(response.aiter_bytes())
            except httpx.HTTPError as exc:
                delay = exchange.after_transport_error(exc, url, attempt)
            else:
                outcome = exchange.after_response(
                    response.status_code,
                    response.headers,
                    data,
                    attempt,
                    time.monotonic() - started,
                )
                if isinstance(outcome, PolicyGenResponse):
                    return outcome
                delay = outcome
            await exchange.retry.async_sleep(delay)
            attempt += 1
