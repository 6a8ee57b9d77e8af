"""The service's denial wordings: one sample per table entry, and the fallback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sqrt_tools.cli.app import app
from sqrt_tools.results import decode
from sqrt_tools.results.denials import WORDINGS, DenialKind, read_context, read_denial_message
from sqrt_tools.results.history import find_denial

RESULTS = Path(__file__).resolve().parents[2] / "examples" / "results"

# One recorded-style sample (written for this project) per wording of the table.
SAMPLES = {
    "tool-call-to-with-context": "denial-context.chat.json",
    "tool-call-to": "denial-bare.responses.json",
    "tool-call": "denial.chat.json",
    "control-flow-violation": "control-flow.chat.json",
    "control-flow-no-retries": "control-flow-no-retries.anthropic.json",
}

runner = CliRunner()


def message_of(name: str) -> str:
    document = decode((RESULTS / name).read_bytes()).document
    assert document is not None and document.error is not None
    assert document.error.message is not None
    return document.error.message


def test_every_wording_has_a_sample() -> None:
    assert sorted(SAMPLES) == sorted(wording.name for wording in WORDINGS)


@pytest.mark.parametrize(
    ("wording", "kind", "tool"),
    [
        ("tool-call-to-with-context", DenialKind.TOOL_CALL, "post_to_channel"),
        ("tool-call-to", DenialKind.TOOL_CALL, "cancel_subscription"),
        ("tool-call", DenialKind.TOOL_CALL, "send_email"),
        ("control-flow-violation", DenialKind.CONTROL_FLOW, None),
        ("control-flow-no-retries", DenialKind.CONTROL_FLOW, None),
    ],
)
def test_each_wording_gives_what_it_carries(
    wording: str, kind: DenialKind, tool: str | None
) -> None:
    denial = read_denial_message(message_of(SAMPLES[wording]))

    assert denial is not None
    assert (denial.wording, denial.kind, denial.tool) == (wording, kind, tool)
    if kind is DenialKind.TOOL_CALL:
        assert denial.phase == "argument checking"


def test_the_context_gives_each_arguments_value_meta_and_value_type() -> None:
    denial = read_denial_message(message_of("denial-context.chat.json"))

    assert denial is not None and denial.arguments is not None
    by_name = {argument.name: argument for argument in denial.arguments}
    assert list(by_name) == ["channel", "text", "attachments"]
    text = by_name["text"]
    assert text.value == "Draft pricing for Q1: Gold tier 48 EUR/seat (internal only)"
    assert text.value_type == "str"
    assert text.meta == {
        "tags": ["__non_executable", "internal"],
        "consumers": ["sales-team"],
        "producers": ["get_pricing_sheet"],
    }
    assert by_name["attachments"].value == ["pricing-q1.xlsx"]
    assert by_name["attachments"].value_type == "list"


def test_python_literals_become_json_like_data_and_extra_fields_are_kept() -> None:
    context = (
        "{'args': {'ids': {'value': (3, 1), 'meta': {'tags': set(), 'consumers': {'*'}, "
        "'producers': {'crm', 'billing'}}, 'value_type': 'tuple', 'origin': b'x'}, "
        "'limit': 5}}"
    )
    arguments, problem = read_context(context)

    assert problem is None and arguments is not None
    ids, limit = arguments
    assert ids.value == [3, 1] and ids.value_type == "tuple"
    assert ids.meta == {"tags": [], "consumers": ["*"], "producers": ["billing", "crm"]}
    assert ids.other == {"origin": "b'x'"}
    assert (limit.name, limit.value, limit.meta, limit.value_type) == ("limit", 5, None, None)


@pytest.mark.parametrize(
    ("context", "problem"),
    [
        # Cut short, as a log line truncated after 240 characters would be.
        ("{'args': {'to': {'value': 'ops@example.org', 'meta': {'tags': [", "cut short"),
        # Code, not a literal: never run.
        ("{'args': __import__('os').system('touch /tmp/pwned')}", "not a Python literal"),
        ("{'kwargs': {}}", "no `args` mapping"),
    ],
)
def test_a_context_that_cannot_be_read_says_why(context: str, problem: str) -> None:
    arguments, reason = read_context(context)

    assert arguments is None and reason is not None and problem in reason
    assert not Path("/tmp/pwned").exists()


def test_braces_inside_quoted_values_do_not_end_the_context() -> None:
    context = "{'args': {'q': {'value': 'a } b { c', 'meta': {}}}} trailing words"
    arguments, problem = read_context(context)

    assert problem is None and arguments is not None
    assert arguments[0].value == "a } b { c"


def test_an_unrecognised_denial_is_still_shown() -> None:
    message = "Request to 'wire_transfer' was blocked: policy denied the amount."
    denial = read_denial_message(message)

    assert denial is not None and denial.kind is DenialKind.UNRECOGNISED
    document = {"status": "failure", "error": {"code": "blocked", "message": message}}
    result = runner.invoke(
        app, ["inspect", "-"], input=json.dumps(document), env={"COLUMNS": "200"}
    )
    assert "Unrecognised denial" in result.stdout
    assert message in result.stdout


def test_an_ordinary_error_is_not_a_denial() -> None:
    assert read_denial_message("The planner ran out of steps after 12 attempts.") is None


def test_the_history_agrees_with_the_new_wording() -> None:
    document = decode((RESULTS / "denial-context.chat.json").read_bytes()).document
    assert document is not None

    denial = find_denial(document)

    assert denial is not None and denial.tool == "post_to_channel"
    assert denial.wording == "tool-call-to-with-context"


def test_the_inspector_shows_the_quoted_arguments_and_the_control_flow_kind() -> None:
    shown = runner.invoke(
        app, ["inspect", str(RESULTS / "denial-context.chat.json")], env={"COLUMNS": "200"}
    ).stdout
    assert "Arguments of the denied call" in shown
    assert "sales-team" in shown and "get_pricing_sheet" in shown and " str " in shown

    flow = runner.invoke(app, ["inspect", str(RESULTS / "control-flow.chat.json"), "--json"]).stdout
    denial = json.loads(flow)["denial"]
    assert denial["kind"] == "control_flow" and denial["tool"] is None
    assert denial["wording"] == "control-flow-violation"


def test_unknown_status_is_decoded_and_its_raw_text_shown_escaped() -> None:
    document = {"status": "unknown", "raw": "no JSON here \x1b[2J and more"}
    result = runner.invoke(
        app, ["inspect", "-"], input=json.dumps(document), env={"COLUMNS": "200"}
    )

    assert result.exit_code == 0
    assert result.stdout.startswith("UNKNOWN")
    assert "no JSON here \\x1b[2J and more" in result.stdout and "\x1b" not in result.stdout
    strict = runner.invoke(app, ["inspect", "-", "--exit-status"], input=json.dumps(document))
    assert strict.exit_code == 1


def test_the_session_id_in_the_body_and_value_types_are_shown() -> None:
    path = str(RESULTS / "value-types.chat.json")
    shown = runner.invoke(app, ["inspect", path], env={"COLUMNS": "200"}).stdout
    data = json.loads(runner.invoke(app, ["inspect", path, "--json"]).stdout)

    assert "session 9c4e1b7a-03d2-4f6b-a8e5-71d0c3f92b48 (from the response body)" in shown
    assert "value_type int" in shown
    assert data["session_id"] == "9c4e1b7a-03d2-4f6b-a8e5-71d0c3f92b48"
    assert data["value_type"] == "int"
    assert [entry["value_type"] for entry in data["namespace"]] == ["list", "int"]
