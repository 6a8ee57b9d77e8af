"""Find the result in whatever the user saved, and say which form it was.

Accepted, detected without being told: a Chat Completions, Responses API or Anthropic
Messages response (streamed as server-sent events or not), the bare result document, a
JSON string holding any of these, a saved HTTP exchange around any of these, and JSON
Lines (or concatenated JSON) of many. JSON Lines are read record by record, so a long
log never has to fit in memory.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from sqrt_tools.input_limits import too_large
from sqrt_tools.json_numbers import IntegerTooLong, parse_int
from sqrt_tools.results.decoded import DecodedResult, Layer, Undecodable, WireForm
from sqrt_tools.results.errors import DecodeError, MultipleResultsError
from sqrt_tools.results.forms.anthropic import is_anthropic_message, read_anthropic_message
from sqrt_tools.results.forms.chat_completions import is_chat_completion, read_chat_completion
from sqrt_tools.results.forms.document import (
    claims_document_fields,
    document_from_json,
    document_from_text,
    looks_like_document,
)
from sqrt_tools.results.forms.envelope import Envelope
from sqrt_tools.results.forms.http import looks_like_http, parse_http_exchange
from sqrt_tools.results.forms.responses import is_responses_response, read_responses_response
from sqrt_tools.results.forms.sse import looks_like_sse, parse_events, reassemble
from sqrt_tools.results.jsontext import (
    MAX_DOCUMENT_BYTES,
    JSONValue,
    check_depth,
    describe_json_error,
    parse_json,
    text_from_bytes,
    type_name,
)
from sqrt_tools.results.models import ResultDocument

Decoded = DecodedResult | Undecodable

# A JSON string holding a JSON string holding ...: more than this is not a real export.
_MAX_STRING_NESTING = 3

_API_TITLES = {
    "chat_completions": "Chat Completions",
    "responses": "Responses API",
    "anthropic_messages": "Anthropic Messages",
}


@dataclass(frozen=True, slots=True)
class _Context:
    """What outer layers learnt before the response itself was read."""

    source: str
    layers: tuple[Layer, ...] = ()
    session_id: str | None = None
    session_id_source: str | None = None
    http_status: int | None = None
    details: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def inside(self, layer: Layer, **changes: Any) -> _Context:
        return dataclasses.replace(self, layers=(*self.layers, layer), **changes)


def decode(
    data: str | bytes | JSONValue,
    *,
    source: str = "<input>",
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> DecodedResult:
    """Decode one dual-LLM result from any supported form.

    `data` is the raw text or bytes of a saved response (any form), or an already
    parsed JSON value. Raises `DecodeError` (one line, for people) when it cannot, and
    `MultipleResultsError` when the input holds several results: use `decode_all`.
    Inputs (or records) larger than `max_bytes` are refused.
    """
    results = decode_all(data, source=source, max_bytes=max_bytes)
    first = next(results, None)
    if first is None:
        raise DecodeError("the input is empty")
    if next(results, None) is not None:
        raise MultipleResultsError(2)
    if isinstance(first, Undecodable):
        raise DecodeError(first.message)
    return first


def decode_all(
    data: str | bytes | JSONValue,
    *,
    source: str = "<input>",
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Iterator[Decoded]:
    """Decode every result in `data`; an undecodable record does not stop the others."""
    if isinstance(data, bytes):
        return decode_stream(io.BytesIO(data), source=source, max_bytes=max_bytes)
    if isinstance(data, str):
        encoded = data.encode("utf-8", "surrogatepass")
        return decode_stream(io.BytesIO(encoded), source=source, max_bytes=max_bytes)
    return iter([_guarded(source, _from_parsed, data, _Context(source))])


def decode_stream(
    stream: IO[bytes],
    *,
    source: str = "<input>",
    max_bytes: int = MAX_DOCUMENT_BYTES,
    limit_name: str = "max_bytes",
) -> Iterator[Decoded]:
    """Decode a binary stream lazily: JSON Lines are read and yielded record by record.

    A document or record larger than `max_bytes` is reported as undecodable, with a
    message that says to raise `limit_name` (the command line passes its flag).
    """
    lines = _LineSource(stream, max_bytes, limit_name)
    first = lines.next_nonblank()
    if first is None:
        yield Undecodable(source, "the input is empty")
        return
    if first.data is None:
        yield Undecodable(source, f"the input is {too_large(max_bytes, limit_name)}")
        return
    if first.data.lstrip().startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from _guarded_many(source, _read_whole, lines, first.data, source)
        return
    try:
        first_text = text_from_bytes(first.data, where="line 1")
    except DecodeError as exc:
        yield Undecodable(source, exc.message)
        return
    first_value = _json_or_none(first_text)
    if first_value is _NOT_JSON:  # a pretty-printed value, an HTTP exchange, an event stream
        yield from _guarded_many(source, _read_whole, lines, first.data, source)
        return
    second = lines.next_nonblank()
    if second is None:
        yield _guarded(source, _from_parsed, first_value, _Context(source))
        return
    first_source = f"{source}:{first.line_number}"
    yield _guarded(
        first_source, _from_parsed, first_value, _Context(first_source, (Layer.JSON_LINES,))
    )
    record: _Record | None = second
    while record is not None:
        record_source = f"{source}:{record.line_number}"
        yield _guarded(record_source, _from_record, record, record_source)
        record = lines.next_nonblank()


_NOT_JSON: Any = object()


def _json_or_none(text: str) -> Any:
    """`text` parsed as JSON, or `_NOT_JSON` (deep nesting counts as not JSON here: the
    whole-text path reports it properly)."""
    try:
        return json.loads(text, parse_int=parse_int)
    except (json.JSONDecodeError, RecursionError, IntegerTooLong):
        return _NOT_JSON


@dataclass(frozen=True, slots=True)
class _Record:
    line_number: int
    data: bytes | None  # None when the line exceeded the size limit
    max_bytes: int = MAX_DOCUMENT_BYTES
    limit_name: str = "max_bytes"


class _LineSource:
    """Reads a binary stream line by line, counting lines, never holding an over-long one."""

    def __init__(self, stream: IO[bytes], max_bytes: int, limit_name: str) -> None:
        self._stream = stream
        self._line_number = 0
        self.max_bytes = max_bytes
        self.limit_name = limit_name

    def next_nonblank(self) -> _Record | None:
        while True:
            line = self._stream.readline(self.max_bytes + 1)
            if not line:
                return None
            self._line_number += 1
            if len(line) > self.max_bytes:
                while line and not line.endswith(b"\n"):  # skip the rest of it
                    line = self._stream.readline(1 << 20)
                return _Record(self._line_number, None, self.max_bytes, self.limit_name)
            if line.strip():
                return _Record(self._line_number, line, self.max_bytes, self.limit_name)

    def read_rest(self, already_read: bytes) -> str:
        data = already_read + self._stream.read(self.max_bytes + 1 - len(already_read))
        if len(data) > self.max_bytes:
            raise DecodeError(
                f"the input is {too_large(self.max_bytes, self.limit_name)} (or write many "
                "results as JSON Lines, which are read record by record)"
            )
        return text_from_bytes(data)


def _from_record(record: _Record, source: str) -> DecodedResult:
    if record.data is None:
        raise DecodeError(f"the record is {too_large(record.max_bytes, record.limit_name)}")
    text = text_from_bytes(record.data, where="the record")
    context = _Context(source, (Layer.JSON_LINES,))
    return _from_value(parse_json(text, where="the record"), context)


def _guarded(source: str, make: Callable[..., DecodedResult], *args: Any) -> Decoded:
    try:
        return make(*args)
    except DecodeError as exc:
        return Undecodable(source, exc.message)


def _guarded_many(
    source: str, make: Callable[..., Iterator[Decoded]], *args: Any
) -> Iterator[Decoded]:
    try:
        yield from make(*args)
    except DecodeError as exc:
        yield Undecodable(source, exc.message)


# -- whole texts ---------------------------------------------------------------------


def _read_whole(lines: _LineSource, first_line: bytes, source: str) -> Iterator[Decoded]:
    # Reading happens here, inside the guard, so a decoding error becomes an Undecodable.
    yield from _from_whole_text(lines.read_rest(first_line), source)


def _from_whole_text(text: str, source: str) -> Iterator[Decoded]:
    """A text read whole: an HTTP exchange, an event stream, one pretty-printed JSON value,
    several concatenated (as `jq .` prints them), or JSON Lines whose first line is bad."""
    stripped = text.strip()
    context = _Context(source)
    if looks_like_http(stripped):
        yield _guarded(source, _from_http, stripped, context)
        return
    if looks_like_sse(stripped):
        yield _guarded(source, _from_sse, stripped, context)
        return
    values, error = _concatenated_json(stripped)
    if error is not None and not values:
        first_line = stripped.split("\n", 1)[0].strip()
        if "\n" in stripped and first_line.startswith("{") and first_line != "{":
            # One line per record, the first one broken: read the rest as JSON Lines.
            yield from _text_lines(stripped, source)
            return
        yield Undecodable(source, f"the input is not valid JSON: {describe_json_error(error)}")
        return
    if len(values) == 1 and error is None:
        yield _guarded(source, _from_parsed, values[0][1], context)
        return
    for line_number, value in values:
        record_source = f"{source}:{line_number}"
        yield _guarded(
            record_source, _from_parsed, value, _Context(record_source, (Layer.JSON_LINES,))
        )
    if error is not None:
        yield Undecodable(
            f"{source}:{error.lineno}", f"not valid JSON: {describe_json_error(error)}"
        )


def _concatenated_json(
    text: str,
) -> tuple[list[tuple[int, Any]], json.JSONDecodeError | None]:
    """Every JSON value in `text`, one after another, with the line each starts on."""
    values: list[tuple[int, Any]] = []
    decoder = json.JSONDecoder(parse_int=parse_int)
    position = 0
    try:
        while position < len(text):
            value, end = decoder.raw_decode(text, position)
            values.append((text.count("\n", 0, position) + 1, value))
            position = end
            while position < len(text) and text[position].isspace():
                position += 1
    except RecursionError:
        raise DecodeError("the input is nested too deeply to read") from None
    except IntegerTooLong as exc:
        raise DecodeError(f"the input holds {exc}") from None
    except json.JSONDecodeError as exc:
        return values, exc
    return values, None


def _text_lines(text: str, source: str) -> Iterator[Decoded]:
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        record_source = f"{source}:{line_number}"
        record = _Record(line_number, line.encode("utf-8", "surrogatepass"))
        yield _guarded(record_source, _from_record, record, record_source)


def _from_parsed(value: Any, context: _Context) -> DecodedResult:
    check_depth(value, where="the input")
    return _from_value(value, context)


# -- layers ----------------------------------------------------------------------------


def _from_http(text: str, context: _Context) -> DecodedResult:
    exchange = parse_http_exchange(text)
    session_id = exchange.headers.get("x-session-id")
    session_source = "X-Session-ID response header"
    if not session_id and exchange.request_headers.get("x-session-id"):
        session_id = exchange.request_headers["x-session-id"]
        session_source = "X-Session-ID request header"
    inner = context.inside(
        Layer.HTTP_EXCHANGE,
        session_id=session_id or None,
        session_id_source=session_source if session_id else None,
        http_status=exchange.status,
    )
    body = exchange.body.strip()
    if not body:
        raise DecodeError(f"the HTTP response ({exchange.status}) has an empty body")
    try:
        if exchange.content_type == "text/event-stream" or looks_like_sse(body):
            return _from_sse(body, inner)
        return _from_value(parse_json(body, where="the HTTP body"), inner)
    except DecodeError as exc:
        if exchange.status < 400:
            raise
        problem = exc.message
        error_detail = _service_error(_json_or_none(body))
        if error_detail is not None:
            problem = error_detail
        raise DecodeError(
            f"the HTTP response is an error ({exchange.status} {exchange.reason}): {problem}"
        ) from exc


def _from_sse(text: str, context: _Context) -> DecodedResult:
    events = parse_events(text.splitlines())
    rebuilt = reassemble(events)
    inner = context.inside(
        Layer.SSE_STREAM,
        details=(*context.details, f"{rebuilt.event_count} events"),
        notes=(*context.notes, *rebuilt.notes),
    )
    return _from_value(rebuilt.response, inner)


def _from_value(value: Any, context: _Context, string_nesting: int = 0) -> DecodedResult:
    """A parsed JSON value: find which form it is and read it."""
    if isinstance(value, str):
        if string_nesting >= _MAX_STRING_NESTING:
            raise DecodeError("the input is a JSON string nested in strings too many times")
        inner = parse_json(value.strip(), where="the JSON string's content")
        layered = (
            context if Layer.JSON_STRING in context.layers else context.inside(Layer.JSON_STRING)
        )
        return _from_value(inner, layered, string_nesting + 1)
    if isinstance(value, list):
        raise DecodeError(
            "the input is a JSON list, not a response; for many responses use JSON Lines "
            "(one response per line, as `jq -c '.[]'` prints them)"
        )
    if not isinstance(value, dict):
        raise DecodeError(f"the input is {type_name(value)}, not a response or result document")
    if looks_like_document(value):
        return _result(None, document_from_json(value), context)
    problem = _service_error(value)
    if problem is not None:
        raise DecodeError(f"the service returned an error, not a result: {problem}")
    if value.get("object") == "chat.completion.chunk" or str(value.get("type", "")).startswith(
        ("response.", "message_start", "content_block")
    ):
        raise DecodeError(
            "this is one event of a streamed response; pass the whole event stream instead"
        )
    body_session = value.get("session_id")
    if isinstance(body_session, str) and body_session:
        # [doc] The SDK's chat response carries the session id in the body too.
        if context.session_id is None:
            context = dataclasses.replace(
                context, session_id=body_session, session_id_source="response body"
            )
        elif context.session_id != body_session:
            context = dataclasses.replace(
                context,
                notes=(
                    *context.notes,
                    f"the response body names session {body_session}, "
                    f"but the {context.session_id_source} says {context.session_id}",
                ),
            )
    if is_responses_response(value):
        return _from_envelope(read_responses_response(value), context)
    if is_chat_completion(value):
        return _from_envelope(read_chat_completion(value), context)
    if is_anthropic_message(value):
        return _from_envelope(read_anthropic_message(value), context)
    if claims_document_fields(value):  # a document with a bad status: say what is wrong
        return _result(None, document_from_json(value), context)
    keys = ", ".join(list(value)[:6]) or "none"
    raise DecodeError(
        f"not a recognised form: a JSON object with keys {keys} (expected a Chat "
        "Completions, Responses API or Anthropic Messages response, or a result document)"
    )


def _service_error(value: Any) -> str | None:
    """The message of an error body (OpenAI, Anthropic, FastAPI style), if it is one."""
    if not isinstance(value, dict):
        return None
    error = value.get("error")
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    if isinstance(error, str) and "status" not in value:
        return error
    detail = value.get("detail")
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list) and detail:
        return json.dumps(detail[0])[:300]
    if set(value) <= {"message", "code", "type"} and isinstance(value.get("message"), str):
        return str(value["message"])
    return None


def _from_envelope(envelope: Envelope, context: _Context) -> DecodedResult:
    api = _API_TITLES[envelope.form.value]
    where = f"the assistant text of the {api} response"
    document: ResultDocument | None = None
    notes = list(envelope.notes)
    if envelope.content is not None and envelope.content.strip():
        try:
            document = document_from_text(envelope.content, where=where)
        except DecodeError as exc:
            if envelope.tool_calls:
                notes.append(f"the text beside the tool calls is not a result document ({exc})")
            else:
                # [doc] What the service's SDK does (`parse_json_safe`): content that is
                # not a result document is status "unknown", the text kept in `raw`.
                document = ResultDocument(status="unknown", raw=envelope.content)
                notes.append(str(exc))
    elif not envelope.tool_calls:
        ending = f" ({envelope.finish_reason})" if envelope.finish_reason else ""
        raise DecodeError(f"the {api} response carries no assistant text and no tool calls{ending}")
    return _result(envelope, document, context, notes)


def _result(
    envelope: Envelope | None,
    document: ResultDocument | None,
    context: _Context,
    notes: list[str] | None = None,
) -> DecodedResult:
    all_notes = [*context.notes, *(notes or [])]
    session_id, session_source = context.session_id, context.session_id_source
    tool_calls = tuple(envelope.tool_calls) if envelope else ()
    call_sessions = sorted({call.session_id for call in tool_calls if call.session_id})
    if call_sessions:
        if session_id is None:
            session_id, session_source = call_sessions[0], "tool-call ids"
        elif session_id not in call_sessions:
            all_notes.append(
                f"the tool-call ids name session {call_sessions[0]}, "
                f"but the {session_source} says {session_id}"
            )
        if len(call_sessions) > 1:
            all_notes.append(f"the tool-call ids name {len(call_sessions)} different sessions")
    return DecodedResult(
        form=envelope.form if envelope else WireForm.DOCUMENT,
        layers=context.layers,
        form_details=(*(envelope.details if envelope else ()), *context.details),
        document=document,
        source=context.source,
        session_id=session_id,
        session_id_source=session_source,
        model=envelope.model if envelope else None,
        finish_reason=envelope.finish_reason if envelope else None,
        http_status=context.http_status,
        response_id=envelope.response_id if envelope else None,
        tool_calls=tool_calls,
        notes=tuple(all_notes),
    )
