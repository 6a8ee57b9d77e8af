"""Reading JSON-RPC messages so that no malformed one costs more than its answer.

pygls's own loop logs a traceback for any message it cannot read, shows the user an
"Error in server" pop-up, and answers nothing. Here each message is framed, decoded
and checked before pygls sees it, and a bad one gets the JSON-RPC error its sender
can act on, one line in the log, and nothing in the editor:

- not JSON (or not UTF-8, or nested too deep to read): -32700 Parse error, id null;
- JSON that is not one request, notification or response object (a batch, a string,
  a wrong `jsonrpc`, an id that is neither integer nor string, a method that is not a
  string, neither method nor result): -32600 Invalid request, with its id if usable;
- a method the server does not have: -32601 (pygls answers it);
- params that do not fit the method: -32602 Invalid params.
Notifications and responses are never answered (JSON-RPC): a bad one is only logged.
Framing problems (no or unusable Content-Length) cannot be answered either, since
there is no message to answer: the bytes are skipped up to the next `Content-Length`.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Awaitable
from typing import Any, Protocol

from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams

from sqrt_tools.safe_text import escape_control

logger = logging.getLogger(__name__)

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603

# [ours] The largest message body read: a document of this size is far beyond any
# policy; a larger Content-Length is treated as unusable rather than waited for.
MAX_BODY_BYTES = 256 * 1024 * 1024

_CONTENT_LENGTH = re.compile(rb"Content-Length:[ \t]*([^\r\n]*)\r?\n?\Z", re.IGNORECASE)
_EXCERPT = 80


class Reader(Protocol):
    def readline(self) -> Awaitable[bytes]: ...
    def readexactly(self, n: int) -> Awaitable[bytes]: ...


class Channel(Protocol):
    """What the intake needs of pygls's protocol object."""

    def structure_message(self, data: dict[str, Any]) -> Any: ...
    def handle_message(self, message: Any) -> None: ...
    def _send_data(self, data: Any) -> None: ...


async def serve(stop: threading.Event, reader: Reader, channel: Channel) -> None:
    """Read framed messages from `reader` and hand each to `channel` until the end."""
    length: int | None = None
    in_header = False
    unusable = ""  # an unusable Content-Length value seen in this header
    while not stop.is_set():
        line = await reader.readline()
        if not line:
            return
        if not line.strip():  # the blank line that ends a header
            if length is not None:
                body = await reader.readexactly(length) if length else b""
                if len(body) < length:
                    return  # the stream ended inside the body
                receive(channel, body)
            elif in_header:
                why = f" (Content-Length {unusable})" if unusable else ""
                logger.warning("sqrt: a message without a usable Content-Length was skipped%s", why)
            length, in_header, unusable = None, False, ""
            continue
        in_header = True
        # A header may come glued to the end of bytes that were not read as a body
        # (a wrong Content-Length before it): search, do not only match at the start.
        found = _CONTENT_LENGTH.search(line)
        if found is not None:
            value = found[1].strip()
            length = int(value) if value.isdigit() and int(value) <= MAX_BODY_BYTES else None
            if length is None:
                unusable = _excerpt(value)


def receive(channel: Channel, body: bytes) -> None:
    """Decode, check and dispatch one message body. Never raises."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        _refuse(channel, None, PARSE_ERROR, f"Parse error: {reason}", notify=False)
        return
    problem = envelope_problem(data)
    if problem is not None:
        request_id, message = problem
        _refuse(channel, request_id, INVALID_REQUEST, f"Invalid request: {message}", notify=False)
        return
    method = data.get("method")
    request_id = data.get("id")
    is_request = "id" in data and method is not None
    label = method if isinstance(method, str) else "a response"
    try:
        message_object = channel.structure_message(data)
    except JsonRpcInvalidParams:
        _refuse(
            channel,
            data.get("id"),
            INVALID_PARAMS,
            f"Invalid params for {label}",
            notify=not is_request,
        )
        return
    except Exception as exc:
        _refuse(
            channel, data.get("id"), INVALID_REQUEST, _describe(label, exc), notify=not is_request
        )
        return
    try:
        channel.handle_message(message_object)
    except Exception as exc:  # pygls answers requests itself; this is a last resort
        _refuse(
            channel, data.get("id"), INTERNAL_ERROR, _describe(label, exc), notify=not is_request
        )


def envelope_problem(data: object) -> tuple[Any, str] | None:
    """Why `data` is no JSON-RPC 2.0 message for us, with the id to answer; None if it is."""
    if isinstance(data, list):
        return None, "batches are not supported by the Language Server Protocol"
    if not isinstance(data, dict):
        return None, f"a message is a JSON object, not {type(data).__name__}"
    request_id = data.get("id")
    if "id" in data and not _usable_id(request_id):
        return None, "an id is an integer or a string"
    if data.get("jsonrpc") != "2.0":
        return request_id, 'a message needs "jsonrpc": "2.0"'
    if "method" in data:
        if not isinstance(data["method"], str):
            return request_id, "the method is a string"
        return None
    if "result" not in data and "error" not in data:
        return request_id, "a message needs a method, or a result or error"
    return None


def _usable_id(value: object) -> bool:
    return (
        value is None
        or isinstance(value, str)
        or (isinstance(value, int) and not isinstance(value, bool))
    )


def _refuse(channel: Channel, request_id: Any, code: int, message: str, *, notify: bool) -> None:
    """Answer a request with an error (unless it was a notification or a response),
    and log one line either way."""
    logger.warning("sqrt: %s", _excerpt(message))
    if notify:
        return
    try:
        channel._send_data(
            {"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message}}
        )
    except Exception as exc:
        logger.warning("sqrt: could not answer a malformed message: %s", type(exc).__name__)


def _describe(label: str, exc: BaseException) -> str:
    detail = str(exc) if not isinstance(exc, JsonRpcException) else exc.message
    return f"could not handle {label}: {type(exc).__name__}: {detail}"


def _excerpt(text: str | bytes) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = escape_control(text, keep_newlines=False)
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"
