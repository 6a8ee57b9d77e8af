"""Session ids decoded from `tc-<session uuid>-<call uuid>` tool-call ids."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from sqrt_tools.results import ModelPair, parse_tool_call_id


@given(st.uuids(), st.uuids())
def test_any_two_uuids_come_back_apart(session: uuid.UUID, call: uuid.UUID) -> None:
    parsed = parse_tool_call_id(f"tc-{session}-{call}")
    assert parsed is not None
    assert (parsed.session_id, parsed.call_id) == (str(session), str(call))


def test_ids_of_other_shapes_have_no_session() -> None:
    session = "5b1c8f0e-3a4d-4e2b-9f61-0c7d2a9e4b13"
    assert parse_tool_call_id("call_abc123") is None
    assert parse_tool_call_id(f"tc-{session}") is None  # one UUID only
    assert parse_tool_call_id(f"tc-{session}-{session}-extra") is None
    assert parse_tool_call_id(f"xx-{session}-{session}") is None


def test_model_field_splits_into_planner_and_quarantined() -> None:
    assert ModelPair.from_model_field("openai/gpt-5, openai/gpt-5-mini") == ModelPair(
        "openai/gpt-5", "openai/gpt-5-mini"
    )
    assert ModelPair.from_model_field("gpt-5") == ModelPair("gpt-5", None)
