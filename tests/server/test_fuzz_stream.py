"""Fuzzing the language server with random edit streams mixed with malformed messages:
it never dies, answers every request, shows no pop-up and prints no
traceback."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.server.test_malformed import CASES, answers, message, run_server
from tests.syntax.test_fuzz import FRAGMENTS

URI = "file:///fuzz.sqrt"
START_TEXT = 'let a = x.tags is empty;\ntool "t" { must deny when a; }\n'

positions = st.tuples(st.integers(-2, 6), st.integers(-2, 40))
edits = st.tuples(positions, positions, st.lists(st.sampled_from(FRAGMENTS), max_size=4))
actions = st.one_of(
    st.tuples(st.just("malformed"), st.integers(0, len(CASES) - 1)),
    st.tuples(st.just("edit"), edits),
    st.tuples(st.just("hover"), positions),
    st.tuples(st.just("replace"), st.lists(st.sampled_from(FRAGMENTS), max_size=30)),
)


def position(at: tuple[int, int]) -> dict[str, int]:
    return {"line": at[0], "character": at[1]}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(actions, min_size=5, max_size=40))
def test_random_edits_and_malformed_messages_never_stop_the_server(
    stream: list[tuple[str, object]],
) -> None:
    sent = [
        message(
            method="textDocument/didOpen",
            params={
                "textDocument": {"uri": URI, "languageId": "sqrt", "version": 1, "text": START_TEXT}
            },
        )
    ]
    expected_ids: list[object] = []
    version = 1
    for index, (kind, detail) in enumerate(stream):
        if kind == "malformed":
            _label, raw, request_id, code = CASES[detail]  # type: ignore[index]
            sent.append(raw)
            if code is not None and request_id is not None:
                expected_ids.append(request_id)
        elif kind in ("edit", "replace"):
            version += 1
            if kind == "edit":
                start, end, pieces = detail  # type: ignore[misc]
                change = {
                    "range": {"start": position(start), "end": position(end)},
                    "text": "".join(pieces),
                }
            else:
                change = {"text": "".join(detail)}  # type: ignore[arg-type]
            sent.append(
                message(
                    method="textDocument/didChange",
                    params={
                        "textDocument": {"uri": URI, "version": version},
                        "contentChanges": [change],
                    },
                )
            )
        else:
            request_id = 10_000 + index
            expected_ids.append(request_id)
            sent.append(
                message(
                    id=request_id,
                    method="textDocument/hover",
                    params={"textDocument": {"uri": URI}, "position": position(detail)},  # type: ignore[arg-type]
                )
            )
    done = run_server(b"".join(sent))
    got = answers(done.stdout)
    answered = [a["id"] for a in got if "id" in a and "method" not in a]
    for request_id in expected_ids:
        assert answered.count(request_id) >= 1, (request_id, json.dumps(answered)[:300])
    assert not [a for a in got if a.get("method") == "window/showMessage"]
    assert "Traceback" not in done.stderr.decode()
    assert 101 in answered  # the final shutdown: the server was alive to the end
    assert done.returncode == 0
