"""The JSON forms of arguments, metadata, sessions and results: reading and writing."""

from __future__ import annotations

import math

import pytest

from sqrt_tools.evaluate import InputError, args_from_json, output_from_json, session_from_json
from sqrt_tools.evaluate.jsonform import meta_set_from_json, meta_set_to_json, meta_to_json
from sqrt_tools.sets import UNIVERSAL, ElementSet
from tests.evaluate.helpers import meta


def test_arguments_are_plain_values_or_values_with_metadata() -> None:
    args = args_from_json(
        {
            "to": "bob@acme.com",
            "body": {"value": "hi", "meta": {"tags": ["confidential"], "consumers": ["bob"]}},
            "options": {"value": 1, "retries": 3},  # not the wrapped form: a plain object
            "bare": {"value": None},
        },
        "--args",
    )
    assert args["to"].value == "bob@acme.com" and args["to"].meta == meta()
    assert args["body"].value == "hi"
    assert args["body"].meta == meta(tags=["confidential"], consumers=["bob"])
    assert args["options"].value == {"value": 1, "retries": 3}
    assert args["bare"].value is None and args["bare"].present


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "--args: expected an object of argument names, found a list"),
        (
            {"b": {"value": 1, "meta": {"tag": []}}},
            "--args.b.meta: unknown field 'tag' (expected tags, producers, consumers)",
        ),
        (
            {"b": {"value": 1, "meta": {"tags": "secret"}}},
            "--args.b.meta.tags: expected a list of strings, found a string",
        ),
        (
            {"b": {"value": 1, "meta": {"tags": [1]}}},
            "--args.b.meta.tags[0]: expected a string, found a number",
        ),
        ({"b": math.nan}, "--args.b: nan is not a JSON number"),
        (
            {"b": {"value": 1, "meta": {"consumers": {"all": []}}}},
            '--args.b.meta.consumers: expected a list of strings or {"all_except": [...]}',
        ),
    ],
)
def test_bad_arguments_say_where_they_are(data: object, message: str) -> None:
    with pytest.raises(InputError) as caught:
        args_from_json(data, "--args")
    assert str(caught.value) == message


def test_metadata_sets_round_trip_including_universal_and_all_but() -> None:
    for value in (ElementSet(["b", "a"]), UNIVERSAL, UNIVERSAL.without_element("eve")):
        assert meta_set_from_json(meta_set_to_json(value), "x") == value
    assert meta_set_to_json(UNIVERSAL) == ["*"]
    assert meta_set_to_json(UNIVERSAL.without_element("eve")) == {"all_except": ["eve"]}
    assert meta_set_from_json(["a", "*"], "x") == UNIVERSAL
    assert meta_to_json(meta(tags=["b", "a"])) == {
        "tags": ["a", "b"],
        "producers": [],
        "consumers": ["*"],
    }


def test_sessions_are_metadata_or_the_result_documents_session_meta() -> None:
    assert session_from_json({"tags": ["x"]}, "s") == meta(tags=["x"])
    wire = {"value": None, "meta": {"tags": ["x"], "consumers": ["*"], "producers": []}}
    assert session_from_json(wire, "s") == meta(tags=["x"])
    with pytest.raises(InputError, match="s: expected an object"):
        session_from_json(["x"], "s")


def test_tool_results_may_set_their_own_metadata() -> None:
    plain = output_from_json({"rows": 3}, "--result")
    assert plain.value == {"rows": 3} and plain.meta is None
    own = output_from_json(
        {"value": 3, "meta": {"tags": ["pii"]}, "is_sequrity_var": True, "combine_meta": "replace"},
        "--result",
    )
    assert (own.value, own.meta, own.combine) == (3, meta(tags=["pii"]), "replace")
    with pytest.raises(InputError, match="combine_meta: expected merge, replace or ignore"):
        output_from_json({"value": 1, "combine_meta": "sum"}, "--result")
