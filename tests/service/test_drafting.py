"""The draft -> check -> repair loop, with the real client against a loopback server."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from sqrt_tools.service.client import PolicyGenRequest, SequrityClient, ServiceSettings
from sqrt_tools.service.drafting import MAX_LISTED_PROBLEMS, draft_policy, repair_description
from sqrt_tools.service.errors import AuthenticationError, ServerError
from sqrt_tools.service.policy_check import check_policy
from sqrt_tools.tools.definitions import parse_tools

ROUTE = "/control/policy-gen/v1/generate"
DESCRIPTION = "Emails may only go to acme-corp.com addresses."
BROKEN = (
    'tool "send_email" {\n    must deny when not to.value in {str like w"*@acme-corp.com"}\n}\n'
)
STILL_BROKEN = (
    'tool "send_email" {\n    must deny when to.value in {str like w"*@acme-corp.com"\n}\n'
)
FIXED = (
    'tool "send_email" {\n    must deny when not to.value in {str like w"*@acme-corp.com"};\n}\n'
)
TOOLS = parse_tools(
    [{"name": "send_email", "inputSchema": {"properties": {"to": {"type": "string"}}}}]
)
REQUEST = PolicyGenRequest(description=DESCRIPTION, model="openai/gpt-5-mini", tools=TOOLS)


def answer(policy: str, tokens: int = 100) -> dict[str, Any]:
    return {"policies": policy, "usage": {"prompt_tokens": tokens, "completion_tokens": 10}}


def sent_descriptions(httpserver: HTTPServer) -> list[str]:
    return [json.loads(request.data)["description"] for request, _ in httpserver.log]


def run(settings: ServiceSettings, **kwargs: Any) -> Any:
    with SequrityClient(settings) as client:
        return draft_policy(client, REQUEST, **kwargs)


def test_a_clean_first_draft_needs_one_request(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(FIXED))

    result = run(settings)

    assert result.clean
    assert result.final.source == FIXED
    assert [draft.number for draft in result.rounds] == [1]
    assert sent_descriptions(httpserver) == [DESCRIPTION]


def test_a_draft_with_syntax_errors_is_repaired(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(BROKEN, 100))
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(FIXED, 250))
    rounds_started: list[int] = []

    result = run(settings, on_round=rounds_started.append)

    assert result.clean and result.final.source == FIXED
    assert [len(draft.errors) for draft in result.rounds] == [1, 0]
    assert rounds_started == [1, 2]
    assert result.usage == {"prompt_tokens": 350, "completion_tokens": 20}
    first, repair = sent_descriptions(httpserver)
    assert first == DESCRIPTION
    assert repair.startswith(DESCRIPTION + "\n\n")
    assert BROKEN.rstrip() in repair
    error = result.rounds[0].errors[0]
    assert f"- line 2, column {error.span.column}: {error.message} (SQ000)" in repair


def test_a_draft_that_stays_broken_is_returned_after_the_last_round(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(BROKEN))
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(STILL_BROKEN))
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(BROKEN))

    result = run(settings, repair_rounds=2)

    assert not result.clean
    assert len(result.rounds) == 3
    assert result.final.source == BROKEN
    assert result.final.errors
    assert len(httpserver.log) == 3
    assert STILL_BROKEN.rstrip() in sent_descriptions(httpserver)[2]


def test_no_repair_rounds_shows_the_first_draft(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(BROKEN))

    result = run(settings, repair_rounds=0)

    assert len(result.rounds) == 1 and result.final.errors
    assert len(httpserver.log) == 1


def test_a_failed_first_request_raises(httpserver: HTTPServer, settings: ServiceSettings) -> None:
    httpserver.expect_request(ROUTE).respond_with_json({"detail": "no"}, status=401)

    with pytest.raises(AuthenticationError):
        run(settings)


def test_a_failed_repair_request_keeps_the_draft(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(BROKEN))
    for _ in range(settings.retry.retries + 1):
        httpserver.expect_ordered_request(ROUTE).respond_with_json({"detail": "down"}, status=503)

    result = run(settings)

    assert result.final.source == BROKEN
    assert isinstance(result.stopped_by, ServerError)


def test_repair_description_lists_a_bounded_number_of_problems() -> None:
    source = "let a = ;\n" * (MAX_LISTED_PROBLEMS + 5)
    problems = check_policy(source)
    assert len(problems) > MAX_LISTED_PROBLEMS

    text = repair_description("Do X.", source, problems)

    assert text.count("\n- line ") == MAX_LISTED_PROBLEMS
    assert f"- and {len(problems) - MAX_LISTED_PROBLEMS} more" in text
    assert text.endswith("with these problems corrected.")


def test_negative_repair_rounds_are_refused(settings: ServiceSettings) -> None:
    with pytest.raises(ValueError, match="repair_rounds"):
        run(settings, repair_rounds=-1)


def test_lint_errors_are_repaired_too(httpserver: HTTPServer, settings: ServiceSettings) -> None:
    undefined = 'tool "send_email" {\n    must deny when not to.value in company;\n}\n'
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(undefined))
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(FIXED))

    result = run(settings)

    assert [error.rule for error in result.rounds[0].errors] == ["undefined-name"]
    assert result.clean
    assert "(SQ101)" in sent_descriptions(httpserver)[1]


def test_warnings_alone_do_not_ask_for_a_repair(
    httpserver: HTTPServer, settings: ServiceSettings
) -> None:
    unanchored = 'tool r"send_.*" {\n    should deny always;\n}\n'
    httpserver.expect_ordered_request(ROUTE).respond_with_json(answer(unanchored))

    result = run(settings)

    assert len(result.rounds) == 1
    assert not result.clean and not result.final.errors
    assert [item.rule for item in result.final.diagnostics] == ["unanchored-tool-regex"]
