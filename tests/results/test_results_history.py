"""Policy check history of unknown shape, and denials read from message and history."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sqrt_tools.results import ResultDocument
from sqrt_tools.results.history import find_denial, read_policy_checks


def failure(message: str | None, history: list[Any] | None = None) -> ResultDocument:
    return ResultDocument.model_validate(
        {
            "status": "failure",
            "error": {"code": "e", "message": message},
            "policy_check_history": history,
        }
    )


def test_denial_from_the_documented_error_message() -> None:
    message = (
        "Tool call send_email denied by argument checking policies. Check results: "
        "{'final_verdict': 'hard_denied', 'policy_results': [{'policy': 'send_email', "
        "'rule': 'must deny when body.tags overlaps {\"secret\"}', 'outcome': 'deny'}]}"
    )
    denial = find_denial(failure(message))

    assert denial is not None
    assert (denial.tool, denial.verdict, denial.phase) == (
        "send_email",
        "hard_denied",
        "argument checking",
    )
    assert denial.rules == (
        'policy send_email: must deny when body.tags overlaps {"secret"} -> deny',
    )
    assert denial.found_in == ("the error message",)


def test_denial_from_history_alone_names_the_check() -> None:
    history = [
        {"tool_name": "read", "final_verdict": "default_allowed"},
        {
            "tool_call": {"name": "pay", "args": {"amount": 5}},
            "check_result": {"final_verdict": "denied_no_allow"},
        },
    ]
    denial = find_denial(failure("execution failed", history))

    assert denial is not None
    assert (denial.tool, denial.verdict, denial.history_number) == ("pay", "denied_no_allow", 2)
    assert denial.found_in == ("policy check 2",)


def test_message_and_history_are_combined_for_the_same_tool() -> None:
    history = [{"tool": "send_email", "verdict": "soft_denied", "rules": ["should deny always"]}]
    denial = find_denial(
        failure("Tool call send_email denied by argument checking policies.", history)
    )

    assert denial is not None
    assert denial.verdict == "soft_denied"  # the message does not quote one; the history does
    assert denial.rules == ("should deny always",)
    assert denial.found_in == ("the error message", "policy check 1")


def test_failure_without_any_denial_signal_has_no_denial() -> None:
    assert (
        find_denial(
            failure("planner produced invalid code", [{"tool": "x", "verdict": "hard_allowed"}])
        )
        is None
    )


def test_known_keys_are_extracted_from_several_shapes() -> None:
    checks = read_policy_checks(
        [
            {"tool_name": "a", "final_verdict": "hard_allowed", "args": {"x": 1}},
            {"function": "b", "allowed": False},
            "Tool call c denied by argument checking policies. {'final_verdict': 'soft_denied'}",
            {"unrelated": True},
            7,
        ]
    )
    summary = [(check.number, check.tool, check.verdict, check.denied) for check in checks]
    assert summary == [
        (1, "a", "hard_allowed", False),
        (2, "b", "denied", True),
        (3, "c", "soft_denied", True),
        (4, None, None, None),
        (5, None, None, None),
    ]
    assert checks[0].arguments == {"x": 1}
    assert checks[4].raw == 7


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "tool",
                    "tool_name",
                    "verdict",
                    "final_verdict",
                    "rules",
                    "policy_results",
                    "allowed",
                    "args",
                    "check_result",
                    "name",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(json_values, max_size=5), st.text(max_size=80))
def test_no_history_shape_or_message_makes_it_fail(history: list[Any], message: str) -> None:
    document = failure(message, history)
    read_policy_checks(history)
    find_denial(document)
