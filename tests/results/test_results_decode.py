"""Each wire form is recognised by itself, read correctly, and named in the result."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from results_builders import (
    CALL,
    EXAMPLES,
    SESSION,
    chat_completion,
    sse,
    success_document,
)

from sqrt_tools.results import (
    DecodedResult,
    DecodeError,
    Layer,
    MultipleResultsError,
    Undecodable,
    WireForm,
    decode,
    decode_all,
    decode_stream,
)


def test_chat_completions_response_yields_the_document_and_the_models() -> None:
    response = chat_completion(
        json.dumps(success_document("done")), model="openai/gpt-5,openai/gpt-5-mini"
    )

    result = decode(json.dumps(response))

    assert result.form is WireForm.CHAT_COMPLETIONS
    assert result.layers == ()
    assert result.outcome == "success"
    assert result.document is not None
    assert result.document.final_return_value is not None
    assert result.document.final_return_value.value == "done"
    assert result.models is not None
    assert (result.models.planner, result.models.quarantined) == (
        "openai/gpt-5",
        "openai/gpt-5-mini",
    )
    assert "Chat Completions response (finish_reason: stop)" in result.form_description


def test_chat_completions_tool_calls_turn_reports_calls_and_session() -> None:
    other_call = "e5a29c04-1f7b-4d3e-9c68-4b0d7f2a1e95"
    calls = [
        {
            "id": f"tc-{SESSION}-{CALL}",
            "type": "function",
            "function": {"name": "get_events", "arguments": '{"day": "mon"}'},
        },
        {
            "id": f"tc-{SESSION}-{other_call}",
            "type": "function",
            "function": {"name": "search", "arguments": "not json"},
        },
    ]
    result = decode(chat_completion(None, finish_reason="tool_calls", tool_calls=calls))

    assert result.outcome == "tool_calls"
    assert result.document is None
    assert result.session_id == SESSION
    assert result.session_id_source == "tool-call ids"
    assert [call.name for call in result.tool_calls] == ["get_events", "search"]
    assert result.tool_calls[0].arguments == {"day": "mon"}
    assert result.tool_calls[1].arguments == "not json"  # kept as sent when not JSON
    assert [call.call_id for call in result.tool_calls] == [CALL, other_call]


def test_responses_api_output_text_and_function_calls() -> None:
    response = {
        "id": "resp_1",
        "object": "response",
        "status": "completed",
        "model": "a,b",
        "output": [
            {"type": "reasoning", "summary": []},
            {
                "type": "message",
                "role": "assistant",
                "content": [{"type": "output_text", "text": json.dumps(success_document(5))}],
            },
        ],
    }
    result = decode(response)

    assert result.form is WireForm.RESPONSES
    assert result.document is not None and result.document.status == "success"
    assert result.finish_reason == "completed"


def test_responses_api_function_call_turn_decodes_the_session() -> None:
    response = {
        "object": "response",
        "status": "completed",
        "model": "a,b",
        "output": [
            {
                "type": "function_call",
                "call_id": f"tc-{SESSION}-{CALL}",
                "name": "send",
                "arguments": "{}",
            }
        ],
    }
    result = decode(response)

    assert result.outcome == "tool_calls"
    assert result.session_id == SESSION


def test_anthropic_messages_text_blocks_are_joined_and_tool_use_read() -> None:
    text = json.dumps(success_document("hi"))
    middle = len(text) // 2
    response = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-a,claude-b",
        "content": [
            {"type": "text", "text": text[:middle]},
            {"type": "text", "text": text[middle:]},
        ],
        "stop_reason": "end_turn",
    }
    result = decode(response)

    assert result.form is WireForm.ANTHROPIC_MESSAGES
    assert result.document is not None and result.document.final_return_value is not None
    assert result.document.final_return_value.value == "hi"
    assert any("2 text blocks" in note for note in result.notes)


def test_bare_document_and_json_string_holding_it() -> None:
    document = success_document([1, 2])

    bare = decode(json.dumps(document))
    as_string = decode(json.dumps(json.dumps(document)))

    assert bare.form is WireForm.DOCUMENT and bare.layers == ()
    assert as_string.form is WireForm.DOCUMENT and as_string.layers == (Layer.JSON_STRING,)
    assert "encoded as a JSON string" in as_string.form_description
    assert bare.document == as_string.document


def test_chat_content_that_is_itself_a_json_string_is_unwrapped() -> None:
    response = chat_completion(json.dumps(json.dumps(success_document())))

    assert decode(response).outcome == "success"


def test_http_exchange_with_request_reads_the_response_session_header() -> None:
    body = json.dumps(chat_completion(json.dumps(success_document())))
    exchange = (
        "POST /v1/chat/completions HTTP/1.1\r\nHost: api.example\r\n"
        "X-Session-ID: 00000000-0000-0000-0000-000000000000\r\n\r\n"
        '{"messages": []}\r\n\r\n'
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        f"X-Session-ID: {SESSION}\r\n\r\n{body}"
    )
    result = decode(exchange)

    assert result.layers == (Layer.HTTP_EXCHANGE,)
    assert result.http_status == 200
    assert result.session_id == SESSION
    assert result.session_id_source == "X-Session-ID response header"


def test_http_exchange_skips_interim_responses_and_undoes_chunking() -> None:
    body = json.dumps(success_document())
    chunked = f"{len(body[:10]):x}\n{body[:10]}\n{len(body[10:]):x}\n{body[10:]}\n0\n\n"
    exchange = f"HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n{chunked}"

    result = decode(exchange)

    assert result.http_status == 200
    assert result.outcome == "success"
    assert result.session_id is None


def test_http_error_response_is_explained() -> None:
    exchange = (
        'HTTP/1.1 401 Unauthorized\ncontent-type: application/json\n\n{"detail": "Invalid API key"}'
    )

    with pytest.raises(
        DecodeError, match=r"HTTP response is an error \(401 Unauthorized\): Invalid API key"
    ):
        decode(exchange)


def test_chat_completions_stream_is_reassembled_with_tool_call_deltas() -> None:
    text = json.dumps(success_document("streamed"))
    chunks: list[Any] = [
        {
            "object": "chat.completion.chunk",
            "model": "p,q",
            "choices": [{"index": 0, "delta": {"content": text[:20]}}],
        },
        {
            "object": "chat.completion.chunk",
            "model": "p,q",
            "choices": [{"index": 0, "delta": {"content": text[20:]}}],
        },
        {
            "object": "chat.completion.chunk",
            "model": "p,q",
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        },
        "[DONE]",
    ]
    result = decode(sse(chunks))

    assert result.layers == (Layer.SSE_STREAM,)
    assert result.document is not None and result.document.final_return_value is not None
    assert result.document.final_return_value.value == "streamed"
    assert "4 events" in result.form_description

    call_chunks: list[Any] = [
        {
            "object": "chat.completion.chunk",
            "choices": [
                {
                    "index": 0,
                    "delta": {
                        "tool_calls": [
                            {
                                "index": 0,
                                "id": f"tc-{SESSION}-{CALL}",
                                "function": {"name": "send", "arguments": '{"to"'},
                            }
                        ]
                    },
                }
            ],
        },
        {
            "object": "chat.completion.chunk",
            "choices": [
                {
                    "index": 0,
                    "delta": {"tool_calls": [{"index": 0, "function": {"arguments": ': "x"}'}}]},
                    "finish_reason": "tool_calls",
                }
            ],
        },
    ]
    turn = decode(sse(call_chunks))
    assert turn.outcome == "tool_calls"
    assert turn.tool_calls[0].arguments == {"to": "x"}
    assert turn.session_id == SESSION


def test_responses_stream_uses_the_final_event_or_rebuilds_from_deltas() -> None:
    text = json.dumps(success_document(1))
    final = {
        "object": "response",
        "status": "completed",
        "model": "a,b",
        "output": [{"type": "message", "content": [{"type": "output_text", "text": text}]}],
    }
    complete = [
        {
            "type": "response.created",
            "response": {"object": "response", "status": "in_progress", "output": []},
        },
        {"type": "response.output_text.delta", "delta": text},
        {"type": "response.completed", "response": final},
    ]
    assert (
        decode(
            sse(
                complete,
                events=["response.created", "response.output_text.delta", "response.completed"],
            )
        ).form
        is WireForm.RESPONSES
    )

    cut_short = complete[:2]
    rebuilt = decode(sse(cut_short))
    assert rebuilt.outcome == "success"
    assert any("rebuilt" in note for note in rebuilt.notes)


def test_anthropic_stream_example_is_reassembled() -> None:
    result = decode((EXAMPLES / "stream.anthropic.sse").read_bytes())

    assert result.form is WireForm.ANTHROPIC_MESSAGES
    assert result.layers == (Layer.SSE_STREAM,)
    assert result.outcome == "failure"
    assert result.finish_reason == "end_turn"


def test_json_lines_give_one_result_per_line_and_go_on_after_a_bad_one() -> None:
    lines = [
        json.dumps(chat_completion(json.dumps(success_document()))),
        "{not json",
        "",
        json.dumps(success_document()),
    ]
    results = list(decode_all("\n".join(lines) + "\n", source="log.jsonl"))

    assert [type(result) for result in results] == [DecodedResult, Undecodable, DecodedResult]
    assert [result.source for result in results] == ["log.jsonl:1", "log.jsonl:2", "log.jsonl:4"]
    first = results[0]
    assert isinstance(first, DecodedResult) and first.layers == (Layer.JSON_LINES,)


def test_json_lines_are_read_lazily_one_record_at_a_time() -> None:
    record = (json.dumps(success_document()) + "\n").encode()

    class OnlyLines(io.RawIOBase):
        """A stream that counts the lines handed out and refuses to be read whole."""

        def __init__(self) -> None:
            self.lines_read = 0

        def readline(self, size: int | None = -1) -> bytes:
            self.lines_read += 1
            return record if self.lines_read <= 1000 else b""

        def read(self, size: int | None = -1) -> bytes:
            raise AssertionError("JSON Lines must not be read whole")

    stream = OnlyLines()
    results = decode_stream(stream)  # type: ignore[arg-type]
    next(results)
    next(results)
    assert stream.lines_read <= 3  # the first two records need at most one line of look-ahead
    assert sum(1 for _ in results) == 998


def test_concatenated_pretty_json_values_are_each_decoded() -> None:
    text = (
        json.dumps(success_document(), indent=2) + "\n" + json.dumps(success_document(2), indent=2)
    )

    results = list(decode_all(text, source="jq-output"))

    assert len(results) == 2
    assert all(isinstance(result, DecodedResult) for result in results)
    assert (
        results[1].source
        == f"jq-output:{json.dumps(success_document(), indent=2).count(chr(10)) + 2}"
    )


def test_decode_refuses_several_results_and_points_to_decode_all() -> None:
    text = json.dumps(success_document()) + "\n" + json.dumps(success_document()) + "\n"

    with pytest.raises(MultipleResultsError, match="decode_all"):
        decode(text)


def test_bytes_with_utf8_or_utf16_byte_order_marks() -> None:
    text = json.dumps(success_document("héllo"))

    assert decode(b"\xef\xbb\xbf" + text.encode()).outcome == "success"
    assert decode(text.encode("utf-16")).outcome == "success"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {"error": {"message": "model overloaded", "type": "server_error"}},
            "service returned an error",
        ),
        (
            {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
            "Overloaded",
        ),
        ({"object": "chat.completion.chunk", "choices": []}, "one event of a streamed response"),
        ({"hello": "world"}, "not a recognised form: a JSON object with keys hello"),
        ([1, 2], "JSON list"),
        (42, "a number"),
    ],
)
def test_unrecognised_inputs_say_what_they_are(payload: Any, expected: str) -> None:
    with pytest.raises(DecodeError, match=expected):
        decode(payload)


def test_plain_text_content_is_an_unknown_outcome_as_the_sdk_reads_it() -> None:
    decoded = decode(chat_completion("The total is 97."))

    assert decoded.outcome == "unknown"
    assert decoded.document is not None and decoded.document.raw == "The total is 97."
    assert any("plain text, not a dual-LLM result document" in note for note in decoded.notes)


def test_every_example_decodes_to_its_documented_form() -> None:
    expected = {
        "success-tags.chat.json": ("chat_completions", (), "success"),
        "denial.chat.json": ("chat_completions", (), "failure"),
        "tool-calls.chat.json": ("chat_completions", (), "tool_calls"),
        "success.responses.json": ("responses", (), "success"),
        "llm-blocked.anthropic.json": ("anthropic_messages", (), "failure"),
        "document.json": ("document", (), "success"),
        "document-as-string.json": ("document", ("json_string",), "success"),
        "exchange.http": ("chat_completions", ("http_exchange",), "success"),
        "stream.chat.sse": ("chat_completions", ("sse_stream",), "success"),
        "stream.anthropic.sse": ("anthropic_messages", ("sse_stream",), "failure"),
    }
    for name, (form, layers, outcome) in expected.items():
        result = decode((EXAMPLES / name).read_bytes(), source=name)
        assert (
            result.form.value,
            tuple(layer.value for layer in result.layers),
            result.outcome,
        ) == (form, layers, outcome), name

    runs = list(decode_all((EXAMPLES / "runs.jsonl").read_bytes()))
    assert [result.outcome for result in runs if isinstance(result, DecodedResult)] == [
        "success",
        "tool_calls",
        "failure",
        "success",
    ]
    assert isinstance(
        next(decode_all((EXAMPLES / "malformed-truncated.json").read_bytes())), Undecodable
    )
