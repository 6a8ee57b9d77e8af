"""The two private library APIs we read (Lark's LALR tables, `re._parser`) still look
as our adapters expect. A library upgrade that moves them fails here, with a message
naming what moved, before it breaks the parser or a lint rule."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sqrt_tools.syntax import lark_internals, regex_internals
from sqrt_tools.syntax.tables import grammar_text

_TINY_GRAMMAR = """
start: "let" NAME ";"
NAME: /[a-z]+/
%ignore " "
"""


def test_regex_internals_still_have_the_shape_the_lexer_and_linter_walk() -> None:
    regex_internals.verify()


def test_lark_builds_an_automaton_we_can_read() -> None:
    automaton = lark_internals.build_automaton(_TINY_GRAMMAR, "start")
    literals = {terminal.literal for terminal in automaton.terminals}
    assert ";" in literals and "let" in literals
    assert any(
        terminal.name == "NAME" and terminal.literal is None for terminal in automaton.terminals
    )
    assert automaton.start_state in automaton.states
    first_row = automaton.states[automaton.start_state]
    assert first_row["LET"][0] == "shift"


def test_the_shipped_grammar_reads_through_the_adapter() -> None:
    automaton = lark_internals.build_automaton(grammar_text(), "program")
    assert len(automaton.rules) > 50
    assert {"shift", "reduce"} == {
        kind for row in automaton.states.values() for kind, _ in row.values()
    }


def test_a_lark_that_moved_its_tables_fails_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import lark

    real = lark.Lark

    def moved(*args: object, **kwargs: object) -> object:
        built = real(*args, **kwargs)  # type: ignore[arg-type]
        return SimpleNamespace(rules=built.rules, terminals=built.terminals, parser=None)

    monkeypatch.setattr(lark, "Lark", moved)
    with pytest.raises(lark_internals.LarkInternalsChanged, match="no longer where"):
        lark_internals.build_automaton(_TINY_GRAMMAR, "start")


def test_a_changed_regex_parser_fails_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(regex_internals, "parse", lambda pattern, flags=0: [("OTHER", 0)])
    with pytest.raises(regex_internals.RegexInternalsChanged, match="starts with"):
        regex_internals.verify()
