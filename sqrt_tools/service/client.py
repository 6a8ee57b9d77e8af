"""The HTTP client for the Sequrity Control API's policy generation (`/policy-gen`).

`SequrityClient` (sync) and `AsyncSequrityClient` share one `_Exchange`, which builds the
headers, reads each answer and decides between a result, another attempt and an error;
the two clients only differ in how they wait and send. Every message that can reach a
person (errors, `trace` lines) goes through `redact` with the request's keys first.
"""

from __future__ import annotations

import decimal
import functools
import ipaddress
import json
import os
import ssl
import sys
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
from sqrt_tools.service.log_redaction import RedactingFilter
from sqrt_tools.service.providers import (
    BASE_URL_VARIABLE,
    DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_DEADLINE,
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
from sqrt_tools.service.redact import redact, shorten
from sqrt_tools.service.retry import RetryPolicy, is_retryable_status, parse_retry_after
from sqrt_tools.service.watchdog import AsyncLimits, Expiry, Watchdog
from sqrt_tools.tools.definitions import ToolDefinition

Trace = Callable[[str], None]

MAX_RESPONSE_BYTES = 8 * 1024 * 1024
# The longest draft we accept [ours]: real policies are a few KB; a megabyte-long one is
# an answer gone wrong, and would only cost time to redact, parse and show.
MAX_POLICY_CHARS = 1_000_000
# How much of a server's text a message quotes [ours], cut after redaction.
DETAIL_LIMIT = 300  # an error body's `detail` or `message`
EXCERPT_LIMIT = 120  # a body that is not the JSON we expect
REASON_LIMIT = 300  # the HTTP library's own words about a failure
_LOOPBACK_NAMES = ("localhost",)
# Python refuses to convert integers longer than this to or from text by default (a
# guard against slow conversions); JSON allows any length, so longer ones are read as
# decimals, which no field we use takes, rather than making valid JSON "not JSON".
_INT_DIGITS = sys.get_int_max_str_digits() or 4300


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds to wait: for a connection; for a whole answer, from sending the request to
    its last byte (not only between two reads); and for everything a client does, every
    attempt, wait and repair round included (`deadline`, None for no such limit)."""

    connect: float = DEFAULT_CONNECT_TIMEOUT
    read: float = DEFAULT_READ_TIMEOUT
    deadline: float | None = DEFAULT_DEADLINE

    def __post_init__(self) -> None:
        if not (self.connect > 0 and self.read > 0):
            raise ValueError("timeouts must be more than 0 seconds")
        if self.deadline is not None and not self.deadline > 0:
            raise ValueError("the deadline must be more than 0 seconds")


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
    shown = shorten(url, 200, secrets)
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
    """Everything about a client's requests that does not depend on sync or async I/O.

    It decides between a result, another attempt and an error; it keeps the clock of the
    client's deadline and of the `Retry-After` waits; it redacts every message that can
    reach a person (errors, traces, the draft itself) and only then cuts it to length.
    One exchange lives as long as its client: `sqrt draft` uses one client per command.
    """

    def __init__(self, settings: ServiceSettings, trace: Trace | None) -> None:
        self.settings = settings
        self.retry = settings.retry
        self._trace = trace
        self._started = time.monotonic()
        self._retry_after_waited = 0.0
        self.log_filter = RedactingFilter(self.redact)

    @property
    def attempts(self) -> int:
        return self.retry.retries + 1

    def redact(self, text: str) -> str:
        return redact(text, self.settings.secrets)

    def shorten(self, text: str, limit: int) -> str:
        """Redacted first, then cut: a key that straddles the cut is already gone."""
        return shorten(text, limit, self.settings.secrets)

    def trace(self, line: str) -> None:
        if self._trace is not None:
            self._trace(self.shorten(line, 1000))

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

    # --- time --------------------------------------------------------------------------

    def seconds_left(self) -> float:
        """Until the client's deadline (a very large number when it has none)."""
        deadline = self.settings.timeouts.deadline
        if deadline is None:
            return float(2**31)
        return deadline - (time.monotonic() - self._started)

    def read_window(self) -> float:
        """Seconds one attempt may take from sending its request to its last byte."""
        return self.settings.timeouts.read

    def timeout(self) -> httpx.Timeout:
        """The HTTP library's own limits for one attempt (each also within the deadline)."""
        left = max(self.seconds_left(), 0.001)
        connect = min(self.settings.timeouts.connect, left)
        read = min(self.settings.timeouts.read, left)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)

    # --- attempts ----------------------------------------------------------------------

    def before_attempt(
        self, url: str, content: bytes, request: PolicyGenRequest, attempt: int
    ) -> None:
        if self.seconds_left() <= 0:
            raise self._past_deadline(url, attempt - 1)
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
        if not is_retryable_status(status) or attempt >= self.attempts:
            raise self._status_error(status, _json_or_none(data), attempt)
        asked = headers.get("retry-after")
        retry_after = parse_retry_after(asked)
        if retry_after is not None:
            # [ours] Retry-After is honoured up to max_delay seconds in all, for the whole
            # client: a huge value waits that long once; once it is used up, a server that
            # still asks to wait gets no early retry but the command's answer.
            allowance = max(self.retry.max_delay - self._retry_after_waited, 0.0)
            if retry_after > 0 and allowance <= 0:
                raise self._status_error(
                    status,
                    _json_or_none(data),
                    attempt,
                    f"; it asks to wait {self.shorten(asked or '', 40)} s more (Retry-After), "
                    f"past the {self.retry.max_delay:g} s this client waits for it in all",
                )
            delay = min(retry_after, allowance)
            self._retry_after_waited += delay
        else:
            delay = self.retry.delay(attempt - 1)
        if delay >= self.seconds_left():
            raise self._status_error(
                status,
                _json_or_none(data),
                attempt,
                f"; the next attempt would start after the deadline of "
                f"{self.settings.timeouts.deadline:g} s (--deadline)",
            )
        said = f" (Retry-After: {self.shorten(asked or '', 40)})" if retry_after is not None else ""
        self.trace(f"  retrying in {delay:.2f} s{said}")
        return delay

    def after_expiry(self, expiry: Expiry, url: str, attempt: int) -> ServiceError:
        """The error for an attempt stopped by its read window or by the deadline."""
        self.trace(f"< stopped: the {'read timeout' if expiry == 'read' else 'deadline'} passed")
        if expiry == "read":
            return self._read_timeout(url, attempt)
        return self._past_deadline(url, attempt)

    def after_transport_error(self, exc: httpx.HTTPError, url: str, attempt: int) -> float:
        """The seconds to wait before another attempt, or the `ServiceError` to raise."""
        reason = self.shorten(_reason(exc), REASON_LIMIT)
        self.trace(f"< {type(exc).__name__}: {reason}")
        host = httpx.URL(url).host
        if self.seconds_left() <= 0:
            raise self._past_deadline(url, attempt)
        if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout | httpx.PoolTimeout):
            # Not retried: the service may still be working (and billing) on the first one.
            raise self._read_timeout(url, attempt)
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
            if delay < self.seconds_left():
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

    def _read_timeout(self, url: str, attempt: int) -> ServiceTimeout:
        return ServiceTimeout(
            f"no answer from {httpx.URL(url).host} within {self.settings.timeouts.read:g} s; "
            "the service may still be drafting: try again, or raise --read-timeout",
            attempts=attempt,
        )

    def _past_deadline(self, url: str, attempt: int) -> ServiceTimeout:
        deadline = self.settings.timeouts.deadline
        return ServiceTimeout(
            f"gave up on {httpx.URL(url).host}: the deadline of {deadline:g} s for the whole "
            f"command passed{_attempts_text(attempt)}; try again later, or raise --deadline",
            attempts=max(attempt, 1),
        )

    # --- reading answers ----------------------------------------------------------------

    def _decode(self, status: int, headers: httpx.Headers, data: bytes) -> PolicyGenResponse:
        payload = _json_or_none(data)
        if payload is None:
            kind = headers.get("content-type", "no content type").split(";")[0].strip()
            raise UnexpectedResponse(
                self.redact(
                    f"the service answered HTTP {status} with a body that is not JSON "
                    f"({self.shorten(kind, 60)}, {len(data)} bytes){self._excerpt(data)}"
                ),
                status=status,
            )
        policies = payload.get("policies") if isinstance(payload, dict) else None
        if not isinstance(policies, str):
            keys = ", ".join(sorted(payload)) if isinstance(payload, dict) else "not an object"
            raise UnexpectedResponse(
                self.redact(
                    f"the service's answer (HTTP {status}) has no `policies` text "
                    f"(found: {self.shorten(keys, DETAIL_LIMIT) or 'an empty object'})"
                ),
                status=status,
            )
        if len(policies) > MAX_POLICY_CHARS:
            raise UnexpectedResponse(
                f"the service's draft (HTTP {status}) is {len(policies):,} characters long, "
                f"more than the {MAX_POLICY_CHARS:,} a policy may have here",
                status=status,
            )
        raw_usage = payload.get("usage")
        usage = (
            {
                self.shorten(str(name), 80): value
                for name, value in raw_usage.items()
                if isinstance(value, int) and not isinstance(value, bool)
            }
            if isinstance(raw_usage, dict)
            else {}
        )
        # The draft is shown, checked, saved and sent back for repair: a key a server
        # echoed into it must be gone before any of that [ours].
        return PolicyGenResponse(self.redact(policies), usage)

    def _excerpt(self, data: bytes) -> str:
        text = " ".join(data.decode("utf-8", "replace").split())
        return f": {self.shorten(text, EXCERPT_LIMIT)}" if text else ""

    def _status_error(
        self, status: int, payload: Any, attempt: int, stopped: str = ""
    ) -> ServiceError:
        detail = error_detail(payload)
        said = f": {self.shorten(detail, DETAIL_LIMIT)}" if detail else ""
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
                f"rate limited by the service (HTTP 429{said}){tries}{stopped}; try again later",
                status=status,
            )
        elif status >= 500:
            error = ServerError(
                f"the service failed (HTTP {status}{said}){tries}{stopped}", status=status
            )
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
        return json.loads(data, parse_int=_parse_int)
    except (ValueError, RecursionError):
        return None


def _parse_int(digits: str) -> int | decimal.Decimal:
    return int(digits) if len(digits.lstrip("-")) <= _INT_DIGITS else decimal.Decimal(digits)


def _reason(exc: httpx.HTTPError) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _attempts_text(attempt: int) -> str:
    return f" after {attempt} attempts" if attempt > 1 else ""


def _too_large() -> UnexpectedResponse:
    return UnexpectedResponse(
        f"the service's answer is larger than {MAX_RESPONSE_BYTES // 2**20} MB"
    )


def _read_limited(chunks: Iterator[bytes], watchdog: Watchdog) -> bytes:
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > MAX_RESPONSE_BYTES:
            raise _too_large()
        if watchdog.expired is not None:
            break
    return bytes(data)


async def _aread_limited(chunks: AsyncIterator[bytes]) -> bytes:
    data = bytearray()
    async for chunk in chunks:
        data += chunk
        if len(data) > MAX_RESPONSE_BYTES:
            raise _too_large()
    return bytes(data)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every client in the process [ours]: building one
    loads the CA bundle, which takes about a tenth of a second."""
    return httpx.create_ssl_context()


def _http_limits() -> httpx.Limits:
    # No connection is kept for reuse [ours]: each attempt opens its own, so that the
    # watchdog sees its socket and can stop it (a draft takes seconds; a handshake, ms).
    return httpx.Limits(max_keepalive_connections=0)


class SequrityClient:
    """A synchronous client for the service's policy generation.

    Use it as a context manager (or call `close`). `trace` receives one redacted line per
    request, response and retry decision (`sqrt draft --verbose`). The client's deadline
    (`Timeouts.deadline`) counts from its creation.
    """

    def __init__(self, settings: ServiceSettings, *, trace: Trace | None = None) -> None:
        self._exchange = _Exchange(settings, trace)
        self._http = httpx.Client(
            verify=_tls_context(), follow_redirects=False, limits=_http_limits()
        )
        self._exchange.log_filter.attach()

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
        self._exchange.log_filter.detach()

    def generate_policy(self, request: PolicyGenRequest) -> PolicyGenResponse:
        """Ask for a draft. Raises a `ServiceError` subclass with a one-line message."""
        exchange = self._exchange
        url = exchange.url(request.path())
        content = exchange.encode(request)
        attempt = 1
        while True:
            exchange.before_attempt(url, content, request, attempt)
            started = time.monotonic()
            with Watchdog(exchange.read_window(), exchange.seconds_left()) as watchdog:
                try:
                    with self._http.stream(
                        "POST",
                        url,
                        content=content,
                        headers=exchange.headers(),
                        timeout=exchange.timeout(),
                        extensions={"trace": watchdog.trace},
                    ) as response:
                        data = _read_limited(response.iter_bytes(), watchdog)
                except httpx.HTTPError as exc:
                    if watchdog.expired is not None:
                        raise exchange.after_expiry(watchdog.expired, url, attempt) from None
                    delay = exchange.after_transport_error(exc, url, attempt)
                else:
                    if watchdog.expired is not None:
                        raise exchange.after_expiry(watchdog.expired, url, attempt)
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
    """The asynchronous twin of `SequrityClient`: the same requests, answers and errors.

    Time limits hold by cancellation (`AsyncLimits`) rather than by a watchdog.
    """

    def __init__(self, settings: ServiceSettings, *, trace: Trace | None = None) -> None:
        self._exchange = _Exchange(settings, trace)
        self._http = httpx.AsyncClient(
            verify=_tls_context(), follow_redirects=False, limits=_http_limits()
        )
        self._exchange.log_filter.attach()

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
        self._exchange.log_filter.detach()

    async def generate_policy(self, request: PolicyGenRequest) -> PolicyGenResponse:
        """Ask for a draft. Raises a `ServiceError` subclass with a one-line message."""
        exchange = self._exchange
        url = exchange.url(request.path())
        content = exchange.encode(request)
        attempt = 1
        while True:
            exchange.before_attempt(url, content, request, attempt)
            started = time.monotonic()
            limits = AsyncLimits(exchange.read_window(), exchange.seconds_left())
            try:
                async with (
                    limits,
                    self._http.stream(
                        "POST",
                        url,
                        content=content,
                        headers=exchange.headers(),
                        timeout=exchange.timeout(),
                        extensions={"trace": limits.trace},
                    ) as response,
                ):
                    data = await _aread_limited(response.aiter_bytes())
            except TimeoutError:
                if limits.expired is None:  # not ours: a timeout from inside the request
                    raise
                raise exchange.after_expiry(limits.expired, url, attempt) from None
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
