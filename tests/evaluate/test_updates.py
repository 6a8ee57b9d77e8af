"""Update blocks: every operator and target, and the order blocks run in."""

from __future__ import annotations

from functools import partial

import pytest

from sqrt_tools.evaluate import Presets, ToolOutput, Verdict
from sqrt_tools.presets import AgentArch
from sqrt_tools.sets import UNIVERSAL, ElementSet
from tests.evaluate import helpers
from tests.evaluate.helpers import arg, meta, sorted_names

RAN = ToolOutput("done")
# These tests look at what blocks do to metadata: without the `__non_executable` tag
# that the service's default non-executable memory adds to every result (tested below).
PLAIN = Presets(enable_non_executable_memory=False)
decide = partial(helpers.decide, presets=PLAIN)


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("=", ["b", "c"]),
        ("|=", ["a", "b", "c"]),
        ("&=", ["b"]),
        ("-=", ["a"]),
        ("^=", ["a", "c"]),
    ],
)
def test_every_assignment_operator(operator: str, expected: list[str]) -> None:
    source = f'tool "t" {{ session before {{ @tags {operator} {{"b", "c"}}; }} }}'
    decision = decide(source, "t", session=meta(tags=["a", "b"]))
    assert sorted_names(decision.session.tags) == expected


def test_every_target_in_every_block() -> None:
    source = """
    tool "t" {
        session before {
            @tags |= {"s1"};
            @session.producers |= {"s2"};
            x.tags |= {"x1"};
        }
        result {
            @tags |= {"r1"};
            @result.producers |= {"r2"};
            @session.tags |= {"from_result_block"};
            x.tags |= {"x2"};
        }
        session after {
            @consumers &= {"alice", "bob"};
            @result.tags |= {"r3"};
            x.producers |= {"x3"};
        }
    }
    """
    decision = decide(source, "t", {"x": "v"}, output=RAN)
    assert sorted_names(decision.session.tags) == ["s1"]
    assert sorted_names(decision.session.producers) == ["s2"]
    assert sorted_names(decision.args["x"].meta.tags) == ["x1"]  # the checks saw this
    assert decision.result is not None
    assert sorted_names(decision.result.meta.tags) == ["r1", "r3", "x1"]
    assert sorted_names(decision.result.meta.producers) == ["r2"]
    after = decision.session_after
    assert after is not None
    assert sorted_names(after.tags) == ["from_result_block", "s1"]
    assert sorted_names(after.consumers) == ["alice", "bob"]
    assert decision.args_after is not None
    assert sorted_names(decision.args_after["x"].meta.tags) == ["x1", "x2"]
    assert sorted_names(decision.args_after["x"].meta.producers) == ["x3"]


def test_argument_updates_before_the_call_reach_the_checks() -> None:
    source = """
    tool "t" {
        session before { body.tags |= {"marked"}; }
        must deny when body.tags overlaps {"marked"};
    }
    """
    assert decide(source, "t", {"body": "x"}).verdict is Verdict.HARD_DENIED


def test_aggregates_over_arguments_see_argument_updates() -> None:
    source = """
    tool "t" {
        session before { when @args.tags is empty { x.tags |= {"marked"}; } }
        must deny when @args.tags overlaps {"marked"};
        result { when @args.tags overlaps {"marked"} { x.tags |= {"again"}; } }
        session after { when @args.tags superset of {"again"} { @tags |= {"seen"}; } }
    }
    """
    decision = decide(source, "t", {"x": 1})
    assert decision.verdict is Verdict.HARD_DENIED
    allowed = decide(source.replace("must deny", "should allow"), "t", {"x": 1}, output=RAN)
    assert allowed.session_after is not None
    assert sorted_names(allowed.session_after.tags) == ["seen"]


def test_updating_consumers_of_the_universal_set() -> None:
    source = 'tool "t" { result { @consumers -= {"eve"}; } }'
    decision = decide(source, "t", output=RAN)
    assert decision.result is not None
    assert decision.result.meta.consumers == UNIVERSAL.without_element("eve")
    reset = 'tool "t" { result { @consumers = {"*"}; } }'
    restricted = decide(reset, "t", {"x": arg(1, consumers=["bob"])}, output=RAN)
    assert restricted.result is not None and restricted.result.meta.consumers == UNIVERSAL


def test_session_before_blocks_run_in_source_order_across_blocks_and_policies() -> None:
    source = """
    tool "t" {
        session before { @tags |= {"first"}; }
        session before { when "first" in @tags { @tags |= {"second"}; } }
    }
    tool r"^t$" {
        session before {
            when "second" in @tags { @tags |= {"third"}; }
            when "third" in @tags { @tags |= {"fourth"}; }
        }
    }
    tool "t" -> session before @tags |= {"fifth"} when "fourth" in @session.tags;
    """
    decision = decide(source, "t")
    assert sorted_names(decision.session.tags) == ["fifth", "first", "fourth", "second", "third"]


def test_when_blocks_see_the_statements_before_them() -> None:
    # The refund counter: the highest attempt is checked first, so each call adds one tag.
    source = """
    tool "refund" {
        session before {
            when "attempt2" in @tags { @tags |= {"attempt3"}; }
            when "attempt1" in @tags { @tags |= {"attempt2"}; }
            @tags |= {"attempt1"};
        }
    }
    """
    session = meta()
    seen = []
    for _ in range(3):
        decision = decide(source, "refund", session=session)
        session = decision.final_session
        seen.append(sorted_names(session.tags))
    assert seen == [["attempt1"], ["attempt1", "attempt2"], ["attempt1", "attempt2", "attempt3"]]


def test_all_result_blocks_run_before_any_session_after_block() -> None:
    source = """
    tool "t" { session after { when @result.tags overlaps {"late"} { @tags |= {"saw_late"}; } } }
    tool r"^t$" { result { @tags |= {"late"}; } }
    """
    decision = decide(source, "t", output=RAN)
    assert decision.session_after is not None
    assert sorted_names(decision.session_after.tags) == ["saw_late"]


def test_the_result_starts_with_its_arguments_metadata_combined() -> None:
    args = {
        "a": arg(1, tags=["t1"], producers=["p1"], consumers=["alice", "bob"]),
        "b": arg(2, tags=["t2"], producers=["p2"], consumers=["bob", "carol"]),
    }
    decision = decide('tool "t" { result { @tags |= {"r"}; } }', "t", args, output=RAN)
    assert decision.result is not None
    assert sorted_names(decision.result.meta.tags) == ["r", "t1", "t2"]
    assert sorted_names(decision.result.meta.producers) == ["p1", "p2"]
    assert sorted_names(decision.result.meta.consumers) == ["bob"]


@pytest.mark.parametrize(
    ("combine", "tags"),
    [("merge", ["from_arg", "own"]), ("replace", ["own"]), ("ignore", ["from_arg"])],
)
def test_a_tool_that_sets_its_own_metadata(combine: str, tags: list[str]) -> None:
    output = ToolOutput("v", meta(tags=["own"]), combine)  # type: ignore[arg-type]
    decision = decide('tool "t" { }', "t", {"x": arg(1, tags=["from_arg"])}, output=output)
    assert decision.result is not None
    assert sorted_names(decision.result.meta.tags) == tags


def test_non_executable_memory_tags_results_by_default() -> None:
    decision = helpers.decide('tool "t" { }', "t", {"a": arg("x", tags=["pii"])}, output=RAN)
    assert decision.result is not None
    assert sorted_names(decision.result.meta.tags) == ["__non_executable", "pii"]


def test_single_llm_defaults_leave_results_unmarked() -> None:
    presets = Presets.for_mode(AgentArch.SINGLE_LLM)
    decision = helpers.decide('tool "t" { }', "t", output=RAN, presets=presets)
    assert decision.result is not None
    assert sorted_names(decision.result.meta.tags) == []


def test_a_result_block_sees_the_tag_and_may_remove_it() -> None:
    source = """tool "t" {
        result { when "__non_executable" in @tags { @tags -= {"__non_executable"}; } }
    }"""
    decision = helpers.decide(source, "t", output=RAN)
    assert decision.result is not None
    assert sorted_names(decision.result.meta.tags) == []


def test_a_denied_call_does_not_run_but_keeps_its_session_before_changes() -> None:
    source = """
    tool "t" {
        session before { @tags |= {"counted"}; }
        must deny always;
        result { @tags |= {"never"}; }
        session after { @tags |= {"never"}; }
    }
    """
    decision = decide(source, "t", output=RAN)
    assert decision.verdict is Verdict.HARD_DENIED
    assert decision.result is None and decision.session_after is None
    assert sorted_names(decision.final_session.tags) == ["counted"]


def test_without_a_result_an_allowed_call_stops_after_the_checks() -> None:
    source = 'tool "t" { session after { @tags |= {"ran"}; } }'
    decision = decide(source, "t")
    assert decision.allowed and decision.result is None and decision.session_after is None
    assert decide(source, "t", output=RAN).session_after is not None


@pytest.mark.parametrize(
    ("policy", "in_result", "in_session_before", "in_session_after"),
    [
        ('tool "t" -> @tags |= {"x"};', True, False, False),
        ('tool "t" -> result @tags |= {"x"};', True, False, False),
        ('tool "t" -> session @tags |= {"x"};', False, False, True),
        ('tool "t" -> session after @tags |= {"x"};', False, False, True),
        # what `session before` does stays in the session after the call
        ('tool "t" -> session before @tags |= {"x"};', False, True, True),
    ],
)
def test_shorthand_targets(
    policy: str, in_result: bool, in_session_before: bool, in_session_after: bool
) -> None:
    decision = decide(policy, "t", output=RAN)
    assert decision.result is not None and decision.session_after is not None
    x = ElementSet(["x"])
    assert (decision.result.meta.tags == x) is in_result
    assert (decision.session.tags == x) is in_session_before
    assert (decision.session_after.tags == x) is in_session_after


def test_shorthand_conditions_priorities_and_dynamic_values() -> None:
    source = """
    let sensitive = {str like w"/legal/*"};
    tool "get_doc" [5] -> session before @tags |= {"reading_sensitive"}
        when path.value in sensitive;
    tool "login_sso" -> session after @producers = @result.producers;
    """
    hit = decide(source, "get_doc", {"path": "/legal/nda.pdf"})
    assert sorted_names(hit.session.tags) == ["reading_sensitive"]
    assert hit.policies[0].priority == 5
    miss = decide(source, "get_doc", {"path": "/public/a.md"})
    assert sorted_names(miss.session.tags) == []
    login = decide(
        source, "login_sso", output=ToolOutput("token", meta(producers=["okta"]), "replace")
    )
    assert login.session_after is not None
    assert sorted_names(login.session_after.producers) == ["okta"]


def test_pattern_elements_assigned_to_metadata_become_names() -> None:
    source = 'tool "t" { session before { @tags |= {r"secret.*", 5, "plain"}; } }'
    assert sorted_names(decide(source, "t").session.tags) == ["5", "plain", "secret.*"]
