"""What can go wrong when talking to the service, as exceptions with one-line messages.

Every `ServiceError` message is meant for the user as it is: one line, saying what
happened and what to do next, with every key already redacted by the client that raised
it. The command line prints `str(error)` and exits 2.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A request that did not give a usable answer. `status` is the HTTP status, if any."""

    def __init__(self, message: str, *, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.attempts = attempts

    def __str__(self) -> str:
        return self.message


class SettingsError(ServiceError):
    """The request cannot be made as configured (no key, a malformed base URL, ...)."""


class AuthenticationError(ServiceError):
    """HTTP 401 or 403: the Sequrity key (or the provider key) was not accepted."""


class RequestRejected(ServiceError):
    """HTTP 4xx other than 401/403/429: the service refused the request as sent."""


class RateLimited(ServiceError):
    """HTTP 429 on every attempt."""


class ServerError(ServiceError):
    """HTTP 5xx on every attempt."""


class ServiceTimeout(ServiceError):
    """No answer within the read timeout (or no connection within the connect timeout)."""


class ServiceUnreachable(ServiceError):
    """The connection could not be made on any attempt (DNS, refused, TLS, reset)."""


class UnexpectedResponse(ServiceError):
    """A successful status with a body that is not the documented JSON."""


def error_detail(payload: Any) -> str | None:
    """The human part of an error body: `detail` (a string or FastAPI's list) or `message`.

    The service documents "a JSON `detail` or `message`"; validation errors (422) come
    as FastAPI's list of `{"loc": [...], "msg": "..."}`, shown as `loc: msg; ...`.
    The text is whole: the client redacts it before cutting it to length.
    """
    if not isinstance(payload, dict):
        return None
    detail = payload.get("detail", payload.get("message", payload.get("error")))
    if isinstance(detail, dict):
        detail = detail.get("message", detail.get("detail"))
    if isinstance(detail, str):
        return " ".join(detail.split())
    if isinstance(detail, list):
        parts = [_validation_item(item) for item in detail]
        return "; ".join(part for part in parts if part) or None
    return None


def _validation_item(item: Any) -> str:
    if not isinstance(item, dict):
        return " ".join(str(item).split())
    message = " ".join(str(item.get("msg", "invalid")).split())
    location = item.get("loc")
    if isinstance(location, list) and location:
        return f"{'.'.join(str(part) for part in location)}: {message}"
    return message
