"""No document and no request order may crash the server: every handler runs guarded.

A handler that raises is logged to the client's LSP log (`window/logMessage`) with the
method, the exception type, where it was raised and a short escaped excerpt of its
message (never the document), and the request gets a neutral answer (no hover, no
edits, an empty list) instead of an error dialog in the user's editor. A handler that
means to answer with an LSP error (a refused rename) raises `RequestRefused`, which
passes through.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from sqrt_tools.safe_text import escape_control

logger = logging.getLogger(__name__)

P = TypeVar("P")
R = TypeVar("R")
F = TypeVar("F")

_EXCERPT = 120


class RequestRefused(JsonRpcException):
    """A deliberate LSP error answer (RequestFailed), with a message for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=types.LSPErrorCodes.RequestFailed)


class LogSink(Protocol):
    def window_log_message(self, params: types.LogMessageParams) -> None: ...


def describe_failure(method: str, exc: BaseException) -> str:
    """One line: what failed, with which exception, where, and a bounded excerpt."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    if frames:
        last = frames[-1]
        where = f" at {last.filename.rsplit('/', 1)[-1]}:{last.lineno} in {last.name}"
    excerpt = escape_control(str(exc), keep_newlines=False)
    if len(excerpt) > _EXCERPT:
        excerpt = excerpt[: _EXCERPT - 1] + "…"
    detail = f": {excerpt}" if excerpt else ""
    return f"sqrt: {method} failed with {type(exc).__name__}{where}{detail}"


def report_failure(sink: LogSink, method: str, exc: BaseException) -> None:
    message = describe_failure(method, exc)
    logger.error("%s", message)
    try:
        sink.window_log_message(types.LogMessageParams(types.MessageType.Error, message))
    except Exception:  # the connection may be gone; the local log has it
        logger.exception("could not send a log message to the client")


def guarded(
    sink: LogSink, method: str, fallback: F
) -> Callable[[Callable[[P], R]], Callable[[P], R | F]]:
    """Run a synchronous handler; on any exception log it and answer `fallback`."""

    def decorate(handler: Callable[[P], R]) -> Callable[[P], R | F]:
        @functools.wraps(handler)
        def run(params: P) -> R | F:
            try:
                return handler(params)
            except RequestRefused:
                raise
            except Exception as exc:
                report_failure(sink, method, exc)
                return fallback

        return run

    return decorate


def guarded_async(
    sink: LogSink, method: str, fallback: F
) -> Callable[[Callable[[P], Awaitable[R]]], Callable[[P], Awaitable[R | F]]]:
    """`guarded` for coroutine handlers."""

    def decorate(handler: Callable[[P], Awaitable[R]]) -> Callable[[P], Awaitable[R | F]]:
        @functools.wraps(handler)
        async def run(params: P) -> R | F:
            try:
                return await handler(params)
            except RequestRefused:
                raise
            except Exception as exc:
                report_failure(sink, method, exc)
                return fallback

        return run

    return decorate
