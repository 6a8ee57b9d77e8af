"""The semantic model: names, kinds, contexts, tools and static set values."""

from __future__ import annotations

import pytest

from sqrt_tools import parse
from sqrt_tools.semantics import Expect, Kind, Place, SemanticModel, analyze
from sqrt_tools.syntax import ast


def model_of(source: str) -> SemanticModel:
    result = parse(source)
    assert result.ok, [d.message for d in result.diagnostics]
    return analyze(result.program)


def let_value(model: SemanticModel, name: str) -> ast.Node:
    return model.lets[name].decl.value


# --- names -------------------------------------------------------------------------------


def test_a_use_resolves_to_the_first_definition_and_duplicates_point_back() -> None:
    model = model_of('let a = {"x"}; let a = {"y"}; tool "t" { must deny when b.tags overlaps a; }')
    (reference,) = model.references
    assert reference.symbol is model.lets["a"]
    assert reference.symbol.decl.span.start == 0
    first, second = model.let_symbols
    assert not first.is_duplicate and second.first is first


def test_undefined_and_forward_references_are_told_apart() -> None:
    model = model_of(
        'tool "t" { must deny when x.tags overlaps later or x.tags overlaps nowhere; }\n'
        'let later = {"a"};\n'
        "let own = own;"
    )
    by_name = {r.node.name: r for r in model.references}
    assert by_name["later"].symbol is not None and by_name["later"].before_definition
    assert by_name["nowhere"].symbol is None and not by_name["nowhere"].before_definition
    assert by_name["own"].before_definition  # a let cannot use itself


def test_uses_lists_every_reference_of_a_name() -> None:
    model = model_of('let s = {"a"}; let t = s | s; tool "x" { must deny when y.tags overlaps t; }')
    assert len(model.uses("s")) == 2
    assert len(model.uses("t")) == 1
    assert model.uses("nothing") == []


# --- kinds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ('x.tags overlaps {"a"}', Kind.PREDICATE),
        ("not p", Kind.PREDICATE),
        ('{"a"} | {"b"}', Kind.SET),
        ("@result.tags", Kind.SET),
        ("int 1..5", Kind.DOMAIN),
        ('str matching r"^a$"', Kind.DOMAIN),
        ("(((p)))", Kind.PREDICATE),
        ("s", Kind.SET),
        ("d", Kind.DOMAIN),
        ("undefined_name", Kind.UNKNOWN),
    ],
)
def test_kind_of_a_let_value_follows_names(value: str, kind: Kind) -> None:
    model = model_of(
        f'let p = x.tags is empty; let s = {{"a"}}; let d = bool true; let subject = {value};'
    )
    assert model.let_kind(model.lets["subject"]) is kind


def test_a_cycle_of_names_has_unknown_kind_and_does_not_hang() -> None:
    model = model_of("let a = b; let b = a;")
    assert model.let_kind(model.lets["a"]) is Kind.UNKNOWN
    assert model.let_kind(model.lets["b"]) is Kind.UNKNOWN


def test_each_position_says_what_kind_it_expects() -> None:
    model = model_of(
        "let p = x.tags is empty; let s = {}; let d = int 1;\n"
        'tool "t" { must deny when p and y.value in d;\n'
        "  result { @tags |= s | s; } }"
    )
    expected = {(r.node.name, r.expect) for r in model.references}
    assert expected == {("p", Expect.PREDICATE), ("d", Expect.VALUE_SET), ("s", Expect.SET)}


def test_mismatched_reports_only_kinds_the_position_rejects() -> None:
    model = model_of(
        "let s = {}; let d = int 1; let p = x.tags is empty;\n"
        'tool "t" { must deny when s or d; must deny when y.value in d; }\n'
        'let q = p | {"a"};'
    )
    found = [(r.node.name, model.mismatched(r)) for r in model.references]
    assert found == [
        ("s", Kind.SET),  # a set where a predicate is needed
        ("d", Kind.DOMAIN),  # a domain where a predicate is needed
        ("d", None),  # a domain on the right of `in`: fine
        ("p", Kind.PREDICATE),  # a predicate inside a set operation
    ]


# --- contexts ----------------------------------------------------------------------------


def contexts_of(model: SemanticModel, cls: type[ast.Node]) -> list[Place]:
    return [context.place for _, context in model.nodes_of(cls)]


def test_places_of_result_accessors_and_what_result_means_there() -> None:
    model = model_of(
        'tool "t" {\n'
        "  must deny when @result.tags is empty;\n"
        "  result { @tags |= @result.tags; }\n"
        "  session before { @tags |= @result.tags; }\n"
        "  session after { @tags |= @result.tags; }\n"
        "}\n"
        'tool "u" -> session before @tags |= @result.tags;\n'
        'tool "v" -> session @tags |= @result.tags;\n'
        'tool "w" -> @tags |= @result.tags;'
    )
    pairs = [(c.place, c.result_available) for _, c in model.nodes_of(ast.ResultMeta)]
    assert pairs == [
        (Place.CHECK, False),
        (Place.RESULT, True),
        (Place.SESSION_BEFORE, False),
        (Place.SESSION_AFTER, True),
        (Place.SESSION_BEFORE, False),
        (Place.SESSION_AFTER, True),
        (Place.RESULT, True),
    ]


def test_the_block_subject_is_the_result_or_the_session_and_nothing_in_checks() -> None:
    model = model_of(
        'tool "t" { must deny when @tags is empty; result { @tags |= {}; }'
        " session after { @tags |= {}; } }"
    )
    subjects = [context.subject for _, context in model.nodes_of(ast.SubjectMeta)]
    assert subjects == [None, "result", "session"]


def test_result_access_through_a_chain_of_lets_names_every_step() -> None:
    model = model_of(
        'let raw = @result.tags overlaps {"x"};\n'
        "let middle = raw and x.tags is empty;\n"
        "let top = not middle;\n"
        "let clean = x.tags is empty;"
    )
    access = model.result_access(model.lets["top"])
    assert access is not None
    assert isinstance(access.node, ast.ResultMeta)
    assert [symbol.name for symbol in access.via] == ["top", "middle", "raw"]
    assert model.result_access(model.lets["clean"]) is None


def test_subject_access_through_a_let() -> None:
    model = model_of('let seen = "x" in @tags; let other = "x" in @session.tags;')
    assert model.subject_access(model.lets["seen"]) is not None
    assert model.subject_access(model.lets["other"]) is None


# --- tools -------------------------------------------------------------------------------


def test_tool_scopes_know_priority_rules_and_key() -> None:
    model = model_of(
        'tool "a" { priority 5; must deny always; should allow when x.value == 1; }\n'
        'tool r"^b$" [3] -> @tags |= {"x"};\n'
        'tool "c" { priority 1; priority 2; }'
    )
    first, second, third = model.tools
    assert (first.priority, len(first.check_rules), first.key) == (5, 2, (False, "a"))
    assert (second.priority, second.is_regex, second.key) == (3, True, (True, "^b$"))
    assert third.priority == 2  # the last `priority` member wins


def test_argument_names_come_from_the_policy_and_the_lets_it_uses() -> None:
    model = model_of(
        'let guard = recipient.value in {"a"} and body.tags is empty;\n'
        'tool "send" { must deny when guard or cc.value == "x"; result { to.tags |= {}; } }\n'
        'tool "other" { must deny when path.value == "/"; }'
    )
    send, other = model.tools
    assert model.arguments(send) == {"recipient", "body", "cc", "to"}
    assert model.arguments(other) == {"path"}


# --- static set values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "empty", "universal"),
    [
        ("{}", True, False),
        ('{"*"}', False, True),
        ('{"a"} & {"b"}', True, False),
        ('{"a"} - {"a", "b"}', True, False),
        ('{"*"} - {}', False, True),
        ('{"*"} ^ {"*"}', True, False),
        ('{"a"} ^ {"*"}', False, False),
        ('({"*"} - {"a"}) | {"a"}', False, True),
        ('({"*"} - {"a"}) & {"a"}', True, False),
        ('{"a"} without "a"', True, False),
        ("named", True, False),
        ("x.tags & {}", None, None),
    ],
)
def test_static_set_values_over_finite_and_cofinite_sets(
    expression: str, empty: bool | None, universal: bool | None
) -> None:
    model = model_of(f'let named = {{"a"}} - {{"a"}}; let subject = {expression};')
    value = model.static_set(let_value(model, "subject"))
    if empty is None:
        assert value is None
    else:
        assert value is not None
        assert (value.is_empty, value.is_universal) == (empty, universal)


# --- depth -------------------------------------------------------------------------------


def test_thousands_of_nested_parentheses_are_analysed_without_recursion() -> None:
    depth = 5000
    source = (
        f"let p = {'(' * depth}x.tags is empty{')' * depth};\nlet q = {'(' * depth}p{')' * depth};"
    )
    model = model_of(source)
    assert model.let_kind(model.lets["q"]) is Kind.PREDICATE


def test_a_very_long_set_expression_is_evaluated_without_recursion() -> None:
    chain = " | ".join(f'{{"e{index % 3}"}}' for index in range(5000))
    model = model_of(f"let s = {chain};")
    value = model.static_set(let_value(model, "s"))
    assert value is not None and len(value.elements) == 3


def test_sets_too_large_to_track_have_no_static_value() -> None:
    chain = " | ".join(f'{{"e{index}"}}' for index in range(600))
    model = model_of(f"let s = {chain};")
    assert model.static_set(let_value(model, "s")) is None
