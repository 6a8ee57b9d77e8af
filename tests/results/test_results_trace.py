"""Provenance: which assignments a variable's metadata came from."""

from __future__ import annotations

from typing import Any

from results_builders import meta

from sqrt_tools.results import ResultDocument
from sqrt_tools.results.trace import VariableTrace, trace_variable

PROGRAM = """doc = get_doc(name="q3")
notes = ["draft"]
for item in get_items():
    notes.append(item)
summary = parse_with_ai(query="sum up", data=doc)
final_return_value = summary + helper_value
"""


def document(program: str | None = PROGRAM, **snapshot: dict[str, Any]) -> ResultDocument:
    entries = {name: {"value": None, "meta": entry} for name, entry in snapshot.items()}
    return ResultDocument.model_validate(
        {"status": "success", "program": program, "namespace_snapshot": entries}
    )


def traced(result: VariableTrace | str) -> VariableTrace:
    assert isinstance(result, VariableTrace), result
    return result


def test_tags_are_attributed_to_inputs_and_to_tool_calls() -> None:
    doc = document(
        doc=meta(["secret"], ["alice"], ["get_doc"]),
        summary=meta(["secret", "ai"], ["alice"], ["get_doc", "parse_with_ai"]),
        final_return_value=meta(["secret", "ai"], ["alice"], ["get_doc", "parse_with_ai"]),
    )
    summary = traced(trace_variable(doc, "summary"))

    (binding,) = summary.bindings
    assert binding.binding.line == 5
    assert binding.binding.reads == ("doc",)
    assert binding.binding.calls == ("parse_with_ai",)
    words = {item.field: item.summary for item in binding.attributions}
    assert "secret from doc" in words["tags"]
    assert "ai added by parse_with_ai()" in words["tags"]
    assert words["consumers"].startswith("narrowed by doc")
    assert [child.name for child in binding.inputs] == ["doc"]


def test_names_never_assigned_are_said_to_have_an_unknown_source() -> None:
    doc = document(final_return_value=meta(["x"]), summary=meta(), helper_value=meta(["x"]))
    root = traced(trace_variable(doc, "final_return_value"))

    inputs = {child.name: child for child in root.bindings[0].inputs}
    assert set(inputs) == {"summary", "helper_value"}
    assert inputs["helper_value"].remark is not None
    assert "cannot be determined" in inputs["helper_value"].remark


def test_loops_and_in_place_changes_are_bindings_with_their_context() -> None:
    doc = document(notes=meta(["web"]), item=meta(["web"]))
    notes = traced(trace_variable(doc, "notes"))

    kinds = [(step.binding.line, step.binding.kind) for step in notes.bindings]
    assert kinds == [(2, "assignment"), (4, "in-place change (.append())")]
    assert notes.bindings[1].binding.within == ("for loop (line 3)",)
    assert notes.remark is not None and "assigned in 2 places" in notes.remark
    tags_of_append = {item.field: item.summary for item in notes.bindings[1].attributions}["tags"]
    assert tags_of_append == "web from item"


def test_a_variable_is_expanded_once_even_when_read_twice() -> None:
    program = "a = f()\nb = a\nc = a + b\n"
    root = traced(trace_variable(document(program, a=meta(), b=meta(), c=meta()), "c"))

    children = {child.name: child for child in root.bindings[0].inputs}
    assert children["a"].bindings  # expanded where first met
    nested_a = children["b"].bindings[0].inputs[0]
    assert nested_a.name == "a" and nested_a.remark == "traced above"


def test_programs_that_cannot_be_read_give_a_reason_not_a_crash() -> None:
    unparsable = traced(trace_variable(document("x = (\n", x=meta()), "x"))
    assert unparsable.remark is not None and "cannot be parsed" in unparsable.remark

    missing = traced(trace_variable(document(None, x=meta()), "x"))
    assert missing.remark is not None and "include_program" in missing.remark

    deep = traced(trace_variable(document("x = " + "(" * 5000 + ")" * 5000, x=meta()), "x"))
    assert deep.remark is not None


def test_unknown_variable_lists_the_known_ones() -> None:
    answer = trace_variable(document(doc=meta()), "nope")
    assert isinstance(answer, str)
    assert "no variable 'nope'" in answer and "doc" in answer
