"""The result-document models: metadata sets, defaults, unknown fields, strict types."""

from __future__ import annotations

from typing import Any

import pytest

from sqrt_tools.results import DecodeError, MetaSet, ResultDocument, decode


def test_universal_consumers_are_a_universal_set_not_a_set_holding_a_star() -> None:
    document = ResultDocument.model_validate(
        {
            "status": "success",
            "final_return_value": {"value": 1, "meta": {"consumers": ["*"], "tags": ["a"]}},
        }
    )
    assert document.final_return_value is not None
    consumers = document.final_return_value.meta.consumers
    assert consumers.is_universal
    assert "*" not in consumers.names
    assert "anyone@example.com" in consumers
    assert consumers.to_wire() == ["*"]


def test_a_star_next_to_other_names_is_still_universal() -> None:
    assert MetaSet.from_wire(["alice", "*"]) == MetaSet.universal_set()


def test_missing_meta_fields_take_the_documented_defaults() -> None:
    document = ResultDocument.model_validate(
        {"status": "success", "final_return_value": {"value": 1}}
    )
    assert document.final_return_value is not None
    meta = document.final_return_value.meta
    assert (meta.tags, meta.producers) == (MetaSet(), MetaSet())
    assert meta.consumers.is_universal


def test_unknown_fields_are_kept_in_order_and_round_trip() -> None:
    raw = {
        "status": "failure",
        "retry_after": 3,
        "trace_id": "abc",
        "error": {"code": "x", "message": "m", "hint": "h"},
    }
    document = ResultDocument.model_validate(raw)

    assert document.unknown_fields == {"retry_after": 3, "trace_id": "abc"}
    assert document.error is not None and document.error.model_extra == {"hint": "h"}
    dumped = document.model_dump(mode="json", exclude_none=True)
    assert dumped["retry_after"] == 3 and dumped["error"]["hint"] == "h"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"status": "done"}, "status: expected 'success', 'failure' or 'unknown'"),
        ({"final_return_value": {"value": 1}}, "status: this field is required"),
        (
            {"status": "success", "final_return_value": 5},
            "final_return_value: expected an object, got a number",
        ),
        (
            {"status": "success", "final_return_value": {"meta": {"tags": "secret"}}},
            "final_return_value.meta.tags: expected a list of strings, got a string",
        ),
        ({"status": "success", "program": ["x = 1"]}, "program: expected a string, got a list"),
        (
            {
                "status": "success",
                "namespace_snapshot": {"x": {"value": 1, "meta": {"producers": [1]}}},
            },
            "namespace_snapshot.x.meta.producers: expected a list of strings",
        ),
        (
            {"status": "success", "message_history_mismatch_detected": "yes"},
            "message_history_mismatch_detected: expected a boolean",
        ),
    ],
)
def test_wrong_types_are_reported_with_their_path(document: dict[str, Any], message: str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode(document)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_policy_check_history_accepts_any_entry_shape() -> None:
    entries: list[Any] = [1, "text", None, [1], {"deep": {"deeper": {}}}]
    document = decode({"status": "success", "policy_check_history": entries}).document
    assert document is not None and document.policy_check_history == entries
