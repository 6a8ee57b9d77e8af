"""Hostile and broken inputs give one-line reasons, never exceptions of other kinds."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqrt_tools.results import DecodedResult, DecodeError, Undecodable, decode, decode_all


def test_truncated_json_says_it_looks_truncated() -> None:
    text = json.dumps({"status": "success", "final_return_value": {"value": "x" * 50}})
    with pytest.raises(DecodeError, match="was it truncated"):
        decode(text[: len(text) // 2])


def test_ten_thousand_deep_nesting_is_refused_in_one_line() -> None:
    deep = "[" * 10_000 + "]" * 10_000
    with pytest.raises(DecodeError, match="nested too deeply"):
        decode(deep)
    with pytest.raises(DecodeError, match="nested too deeply"):
        decode(
            json.dumps({"status": "success", "final_return_value": {"value": 1}})[:-1]
            + ',"x":'
            + deep
            + "}"
        )


def test_moderately_deep_values_inside_a_document_are_refused_before_rendering() -> None:
    value: object = 1
    for _ in range(300):
        value = [value]
    with pytest.raises(DecodeError, match="nested too deeply"):
        decode({"status": "success", "final_return_value": {"value": value}})


def test_invalid_utf8_names_the_byte_and_offset() -> None:
    data = b'{"status": "success", "program": "x = \xff"}'
    offset = data.index(b"\xff")
    with pytest.raises(DecodeError, match=rf"not valid UTF-8 \(byte 0xff at offset {offset}\)"):
        decode(data)


def test_a_fifty_megabyte_value_is_refused_in_one_line_by_default() -> None:
    document = {"status": "success", "final_return_value": {"value": "v" * 50_000_000}}
    with pytest.raises(DecodeError, match=r"larger than the 16 MiB limit") as raised:
        decode(json.dumps(document))
    assert "\n" not in str(raised.value)


def test_a_fifty_megabyte_value_decodes_when_the_limit_allows() -> None:
    document = {"status": "success", "final_return_value": {"value": "v" * 50_000_000}}
    text = json.dumps(document)
    result = decode(text, max_bytes=64 * 1024 * 1024)
    assert result.document is not None and result.document.final_return_value is not None
    assert len(result.document.final_return_value.value) == 50_000_000


def test_empty_and_blank_inputs() -> None:
    with pytest.raises(DecodeError, match="empty"):
        decode(b"")
    with pytest.raises(DecodeError, match="empty"):
        decode("\n\n   \n")


def test_malformed_event_streams_are_reported() -> None:
    with pytest.raises(DecodeError, match="not a Chat Completions, Responses or Anthropic"):
        decode('data: {"foo": 1}\n\n')
    with pytest.raises(DecodeError, match="unexpected shape"):
        decode(
            'data: {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": 5}]}\n\n'
        )
    with pytest.raises(DecodeError, match="no data events"):
        decode("data: [DONE]\n\n")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise_anything_but_decode_errors(data: bytes) -> None:
    for result in decode_all(data):
        assert isinstance(result, (DecodedResult, Undecodable))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "status",
                "choices",
                "output",
                "content",
                "type",
                "object",
                "error",
                "final_return_value",
                "model",
            ]
        ),
        json_values,
        max_size=5,
    )
)
def test_arbitrary_json_objects_never_raise_anything_but_decode_errors(
    obj: dict[str, object],
) -> None:
    for result in decode_all(json.dumps(obj)):
        assert isinstance(result, (DecodedResult, Undecodable))
        if isinstance(result, Undecodable):
            assert "\n" not in result.message
