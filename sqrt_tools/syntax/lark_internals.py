"""The one door to Lark's internals: the LALR automaton it builds for our grammar.

We use Lark only to build the parse tables (`tables.py`); our own driver runs them.
Lark has no public API for its tables, so this module reads them from where Lark keeps
them (`Lark(...).parser.parser.parser.parse_table`, rule and terminal objects) and
hands back plain data. Nothing else in the project touches a Lark object. When a Lark
release moves something, this raises one `LarkInternalsChanged` naming it (and
`tests/syntax/test_adapters.py` fails) instead of an `AttributeError` elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal


class LarkInternalsChanged(RuntimeError):
    """The installed Lark no longer keeps its LALR tables where we read them."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One grammar rule: the nonterminal it reduces to, its alias and its length."""

    origin: str
    alias: str | None
    size: int


@dataclass(frozen=True, slots=True)
class Terminal:
    """A terminal: its regex, and its text when it is a plain string (`"let"`)."""

    name: str
    regex: str
    literal: str | None


# `("shift", next_state)` or `("reduce", rule_index)`, per symbol (terminals and
# nonterminals alike, as Lark keeps them; a shift on a nonterminal is a goto).
Action = tuple[Literal["shift", "reduce"], int]


@dataclass(frozen=True, slots=True)
class Automaton:
    rules: tuple[Rule, ...]
    states: dict[int, dict[str, Action]]
    start_state: int
    end_state: int
    terminals: tuple[Terminal, ...]
    ignore: tuple[str, ...]


def build_automaton(grammar: str, start: str) -> Automaton:
    """Lark's LALR(1) automaton for `grammar`. Raises `lark.exceptions.GrammarError`
    on conflicts, `LarkInternalsChanged` when Lark's objects are not as we read them."""
    from lark import Lark

    lark = Lark(grammar, parser="lalr", start=start, lexer="contextual")
    try:
        return _read(lark, start)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise LarkInternalsChanged(
            f"Lark's LALR tables are no longer where sqrt-tools reads them "
            f"(sqrt_tools/syntax/lark_internals.py): {type(error).__name__}: {error}"
        ) from error


def _read(lark: Any, start: str) -> Automaton:
    table = lark.parser.parser.parser.parse_table
    rule_index: dict[Any, int] = {}
    rules: list[Rule] = []
    for rule in lark.rules:
        rule_index[rule] = len(rules)
        alias = str(rule.alias) if rule.alias else None
        rules.append(Rule(str(rule.origin.name), alias, len(rule.expansion)))
    states: dict[int, dict[str, Action]] = {}
    for state, row in table.states.items():
        actions: dict[str, Action] = {}
        for symbol, (action, argument) in row.items():
            if action.name == "Shift":
                actions[str(symbol)] = ("shift", int(argument))
            elif action.name == "Reduce":
                actions[str(symbol)] = ("reduce", rule_index[argument])
            else:
                raise ValueError(f"unknown action {action.name!r}")
        states[int(state)] = actions
    terminals = tuple(
        Terminal(
            name=str(terminal.name),
            regex=str(terminal.pattern.to_regexp()),
            literal=str(terminal.pattern.value) if terminal.pattern.type == "str" else None,
        )
        for terminal in lark.terminals
    )
    return Automaton(
        rules=tuple(rules),
        states=states,
        start_state=int(table.start_states[start]),
        end_state=int(table.end_states[start]),
        terminals=terminals,
        ignore=tuple(str(name) for name in lark.ignore_tokens),
    )
