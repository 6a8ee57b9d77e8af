"""One test per propagation rule: the metadata a call's argument ends with, computed by
hand from the rules (README, "Plan analysis"), against what the analysis computes.

The policy labels each source tool's result: `source_a` gives tags {a}, producer pa and
consumers {alice, bob}; `source_b` gives tags {b}, producer pb and consumers {bob, carol}.
Non-executable memory (on in dual-LLM) adds `__non_executable` to every tool result.
"""

from __future__ import annotations

from sqrt_tools.evaluate.jsonform import meta_to_json
from sqrt_tools.evaluate.model import Meta
from tests.analysis.helpers import analyse, argument_meta, meta

LABELS = """
tool "source_a" {
    result {
        @tags |= {"a"};
        @producers |= {"pa"};
        @consumers = {"alice", "bob"};
    }
}
tool "source_b" {
    result {
        @tags |= {"b"};
        @producers |= {"pb"};
        @consumers = {"bob", "carol"};
    }
}
"""
NX = "__non_executable"
A = meta((NX, "a"), ("pa",), ("alice", "bob"))
BOTH = meta((NX, "a", "b"), ("pa", "pb"), ("bob",))  # union, union, intersection


def test_a_tool_result_gets_the_presets_tag_then_its_result_blocks() -> None:
    analysis = analyse('x = source_a(q="1")\nsink(data=x)\n', LABELS)
    assert argument_meta(analysis, "sink", "data") == A


def test_a_literal_has_the_default_metadata() -> None:
    analysis = analyse('sink(data="hello", n=3)\n', LABELS)
    assert argument_meta(analysis, "sink", "data") == meta()


def test_a_result_starts_from_its_arguments_metadata() -> None:
    program = "a = source_a()\ny = plain(data=a)\nsink(data=y)\n"
    # plain's result: a's metadata (tags, producers, consumers) plus __non_executable.
    assert argument_meta(analyse(program, LABELS), "sink", "data") == A


def test_containers_carry_their_own_metadata_and_each_elements() -> None:
    program = (
        "a = source_a()\n"
        "b = source_b()\n"
        'box = {"first": a, "second": [1, b]}\n'
        "sink(data=box)\n"
        'sink2(data=box["first"])\n'
    )
    analysis = analyse(program, LABELS)
    assert argument_meta(analysis, "sink", "data") == BOTH
    # An element taken out reads the container whole: b's label is not lost.
    assert argument_meta(analysis, "sink2", "data") == BOTH


def test_an_element_of_a_tool_result_keeps_the_results_label() -> None:
    program = "rows = source_a()\nfirst = rows[0]\nsink(data=first)\n"
    assert argument_meta(analyse(program, LABELS), "sink", "data") == A


def test_comprehensions_read_their_iterable_element_and_filter() -> None:
    program = (
        "a = source_a()\n"
        "b = source_b()\n"
        "picked = [row for row in a if row != b]\n"
        "sink(data=picked)\n"
        "plain = [n * 2 for n in [1, 2, 3]]\n"
        "sink2(data=plain)\n"
    )
    analysis = analyse(program, LABELS)
    assert argument_meta(analysis, "sink", "data") == BOTH  # b only reaches it by the filter
    assert argument_meta(analysis, "sink2", "data") == meta()


def test_f_strings_read_every_value_they_format() -> None:
    program = (
        "a = source_a()\n"
        "b = source_b()\n"
        'text = f"{a}: {b!r:>10}"\n'
        "sink(data=text)\n"
        'fixed = f"{1 + 1} items"\n'
        "sink2(data=fixed)\n"
    )
    analysis = analyse(program, LABELS)
    assert argument_meta(analysis, "sink", "data") == BOTH
    call = next(c for c in analysis.calls if c.tool == "sink2")
    assert call.arguments[0].value == "2 items" and call.arguments[0].value_source == "program"


def test_methods_that_mutate_give_their_object_the_arguments_metadata() -> None:
    program = (
        "a = source_a()\n"
        "b = source_b()\n"
        "items = []\n"
        "items.append(a)\n"
        'box = {"k": 1}\n'
        'box["x"] = b\n'
        "copy = a.strip()\n"
        "sink(items=items, box=box, copy=copy)\n"
    )
    analysis = analyse(program, LABELS)
    assert argument_meta(analysis, "sink", "items") == A
    assert argument_meta(analysis, "sink", "box") == meta((NX, "b"), ("pb",), ("bob", "carol"))
    assert argument_meta(analysis, "sink", "copy") == A  # a method's result reads its object


def test_loops_widen_what_the_body_accumulates() -> None:
    program = (
        'total = ""\n'
        "rows = source_a()\n"
        "for row in rows:\n"
        "    extra = source_b(q=row)\n"
        "    total = total + extra\n"
        "sink(data=total)\n"
    )
    analysis = analyse(program, LABELS)
    # extra = source_b(q=row) starts from row's metadata (a's), then source_b's blocks
    # set the consumers to {bob, carol}; total joins "" with every iteration's extra.
    assert argument_meta(analysis, "sink", "data") == meta(
        (
            NX,
            "a",
            "b",
        ),
        (
            "pa",
            "pb",
        ),
        (
            "bob",
            "carol",
        ),
    )
    assert analysis.loops == (3,)
    assert any("one abstract iteration" in note for note in analysis.notes)


def test_conditions_are_the_context_of_the_calls_inside_not_of_the_values() -> None:
    program = (
        "a = source_a()\n"
        "b = source_b()\n"
        'if a == "x" and b:\n'
        '    sink(data="fixed")\n'
        "else:\n"
        "    other(data=b)\n"
    )
    analysis = analyse(program, LABELS)
    sink = next(call for call in analysis.calls if call.tool == "sink")
    assert argument_meta(analysis, "sink", "data") == meta()
    assert sink.context is not None and sink.context_lines == (3,)
    assert meta_to_json(sink.context) == BOTH
    assert {check.kind for check in analysis.control_flow} == {"if", "and"}


def test_a_branch_the_program_fixes_is_the_only_one_analysed() -> None:
    program = "mode = 'safe'\nif mode == 'safe':\n    one()\nelse:\n    two()\n"
    assert [call.tool for call in analyse(program).calls] == ["one"]


def test_after_an_undecided_if_a_variable_joins_both_branches() -> None:
    program = (
        "a = source_a()\n"
        "b = source_b()\n"
        "if a:\n"
        "    value = a\n"
        "else:\n"
        "    value = b\n"
        "sink(data=value)\n"
    )
    assert argument_meta(analyse(program, LABELS), "sink", "data") == BOTH


def test_session_metadata_is_carried_through_session_blocks_in_program_order() -> None:
    policy = (
        'tool "step" { session before { @tags |= {"seen"}; } '
        'session after { when "seen" in @tags { @tags |= {"after"}; } } }\n'
        'tool "check" { must deny when "after" in @session.tags; }'
    )
    analysis = analyse("check()\nstep()\ncheck()\n", policy)
    first, step, second = analysis.calls
    assert first.prediction.outcome == "allowed"
    assert meta_to_json_tags(step.session) == ["seen"]
    assert second.prediction.outcome == "denied"
    assert meta_to_json_tags(analysis.final_session) == ["after", "seen"]


def meta_to_json_tags(value: Meta) -> object:
    return meta_to_json(value)["tags"]


def test_a_handler_joins_what_the_try_body_may_have_done() -> None:
    program = (
        "value = source_a()\n"
        "try:\n"
        "    value = source_b()\n"
        "except Exception:\n"
        "    sink(data=value)\n"
    )
    # The handler may run before or after the body's assignment: both labels.
    assert argument_meta(analyse(program, LABELS), "sink", "data") == BOTH


def test_a_while_condition_is_the_context_and_its_body_is_widened() -> None:
    program = 'text = ""\nwhile source_a():\n    text = text + source_b()\nsink(data=text)\n'
    analysis = analyse(program, LABELS)
    assert argument_meta(analysis, "sink", "data") == meta((NX, "b"), ("pb",), ("bob", "carol"))
    body_call = next(call for call in analysis.calls if call.tool == "source_b")
    assert body_call.context_lines == (2,) and body_call.loop_line == 2
