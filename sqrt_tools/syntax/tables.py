"""The LALR(1) tables for `grammars/sqrt.lark`, built by Lark and kept as plain data.

Lark builds the tables from the grammar; our own driver (`parser.py`) runs them, with
our own context-dependent lexer. Building takes about 0.1 s and importing Lark more, so
the tables are also generated into `tables.json`, keyed by the SHA-256 of the grammar:
a process whose grammar file matches loads that file (a few milliseconds, and no byte
code to compile), otherwise it builds the tables with Lark once and keeps them for the
process.

Regenerate after editing the grammar: `python -m sqrt_tools.syntax.regenerate`.
A test fails when the generated module is stale.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqrt_tools.syntax.lark_internals import Terminal

GRAMMAR_FILE = "sqrt.lark"
_GENERATED = Path(__file__).with_name("tables.json")
_FORMAT = 2  # 2: terminals' fixed texts (`texts`)


@dataclass(frozen=True, slots=True)
class Tables:
    """Everything the driver needs, as plain Python data.

    `actions[state][terminal]` is `(True, next_state)` for a shift, `(False, rule)` for a
    reduce; `gotos[state][nonterminal]` is the state after reducing to `nonterminal`.
    `rules[i]` is `(builder name, number of symbols, splice)`: `splice` rules hand their
    children to the parent instead of building a node.
    `terminals[name]` is a terminal's regex; `texts[name]` the fixed texts it matches
    (`("let",)` for a keyword, the words of a word list such as `BOOL`, empty for
    `NAME` or `STRING`), worked out once from the grammar so nothing reads them back
    out of regexes.
    """

    actions: tuple[dict[str, tuple[bool, int]], ...]
    gotos: tuple[dict[str, int], ...]
    rules: tuple[tuple[str, int, bool, str], ...]
    start_state: int
    end_state: int
    terminals: dict[str, str]
    literals: tuple[str, ...]
    ignore: tuple[str, ...]
    texts: dict[str, tuple[str, ...]]


def grammar_text() -> str:
    """The grammar shipped with the package (wheel), or the repository's copy (source)."""
    packaged = resources.files("sqrt_tools").joinpath("grammars", GRAMMAR_FILE)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    repository_copy = Path(__file__).resolve().parents[2] / "grammars" / GRAMMAR_FILE
    return repository_copy.read_text(encoding="utf-8")


def grammar_digest(text: str) -> str:
    return hashlib.sha256(f"{_FORMAT}\n{text}".encode()).hexdigest()


def build_tables(text: str) -> Tables:
    """Build the tables with Lark (LALR). Raises `lark.exceptions.GrammarError` on conflicts."""
    from sqrt_tools.syntax.lark_internals import build_automaton

    automaton = build_automaton(text, "program")
    rules: list[tuple[str, int, bool, str]] = [
        (
            rule.alias or rule.origin,
            rule.size,
            not rule.alias and rule.origin.startswith("_"),
            rule.origin,
        )
        for rule in automaton.rules
    ]
    nonterminals = {rule.origin for rule in automaton.rules}
    state_count = len(automaton.states)
    actions: list[dict[str, tuple[bool, int]]] = [{} for _ in range(state_count)]
    gotos: list[dict[str, int]] = [{} for _ in range(state_count)]
    for state, row in automaton.states.items():
        for symbol, (kind, argument) in row.items():
            if kind == "shift" and symbol in nonterminals:
                gotos[state][symbol] = argument
            else:  # a terminal (including the declared-only ERROR): shift or reduce
                actions[state][symbol] = (kind == "shift", argument)
    actions, gotos, start, end = _renumber(
        actions, gotos, automaton.start_state, automaton.end_state
    )
    terminals = {
        terminal.name: terminal.regex
        for terminal in automaton.terminals
        if terminal.name != "ERROR"
    }
    literals = tuple(
        sorted(terminal.name for terminal in automaton.terminals if terminal.literal is not None)
    )
    return Tables(
        actions=tuple(actions),
        gotos=tuple(gotos),
        rules=tuple(rules),
        start_state=start,
        end_state=end,
        terminals=terminals,
        literals=literals,
        ignore=automaton.ignore,
        texts={
            terminal.name: _fixed_texts(terminal)
            for terminal in automaton.terminals
            if terminal.name != "ERROR"
        },
    )


def _fixed_texts(terminal: Terminal) -> tuple[str, ...]:
    """The texts a terminal matches, when they are a few fixed ones.

    A string terminal (`"let"`) has its text; a word list (`BOOL: "true" | "false"`)
    reaches us as the alternation `(?:false|true)`, whose words are read here.
    """
    if terminal.literal is not None:
        return (terminal.literal,)
    pattern = terminal.regex
    if pattern.startswith("(?:") and pattern.endswith(")"):
        options = pattern[3:-1].split("|")
        if all(option.isalpha() for option in options):
            return tuple(sorted(options))
    return ()


def _renumber(
    actions: list[dict[str, tuple[bool, int]]], gotos: list[dict[str, int]], start: int, end: int
) -> tuple[list[dict[str, tuple[bool, int]]], list[dict[str, int]], int, int]:
    """Number states in breadth-first order from the start state, by symbol name.

    Lark numbers states in an order that changes from run to run; the automaton itself
    does not, so a canonical numbering makes the generated module reproducible.
    """
    order = [start]
    seen = {start}
    for state in order:
        successors = [
            *(target for _name, (shift, target) in sorted(actions[state].items()) if shift),
            *(target for _name, target in sorted(gotos[state].items())),
        ]
        for target in successors:
            if target not in seen:
                seen.add(target)
                order.append(target)
    for state in range(len(actions)):  # unreachable states, if any, keep a stable place
        if state not in seen:
            order.append(state)
    new_number = {old: new for new, old in enumerate(order)}
    new_actions = [
        {
            name: (shift, new_number[argument] if shift else argument)
            for name, (shift, argument) in sorted(actions[old].items())
        }
        for old in order
    ]
    new_gotos = [
        {name: new_number[target] for name, target in sorted(gotos[old].items())} for old in order
    ]
    return new_actions, new_gotos, new_number[start], new_number[end]


@cache
def load_tables() -> Tables:
    """The tables for the shipped grammar, built or loaded once per process."""
    text = grammar_text()
    digest = grammar_digest(text)
    try:
        stored = json.loads(_GENERATED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = None
    if isinstance(stored, dict) and stored.get("digest") == digest:
        return _from_json(stored["tables"])
    return build_tables(text)


def _from_json(data: dict[str, Any]) -> Tables:
    return Tables(
        actions=tuple(
            {name: (bool(shift), int(arg)) for name, (shift, arg) in row.items()}
            for row in data["actions"]
        ),
        gotos=tuple(dict(row) for row in data["gotos"]),
        rules=tuple(
            (str(n), int(size), bool(splice), str(o)) for n, size, splice, o in data["rules"]
        ),
        start_state=int(data["start_state"]),
        end_state=int(data["end_state"]),
        terminals=dict(data["terminals"]),
        literals=tuple(data["literals"]),
        ignore=tuple(data["ignore"]),
        texts={name: tuple(words) for name, words in data["texts"].items()},
    )


def render_json(text: str) -> str:
    """The content of `tables.json` for grammar `text`: one state per line, sorted keys."""
    tables = build_tables(text)
    rows = [
        ("actions", tables.actions),
        ("gotos", tables.gotos),
        ("rules", tables.rules),
    ]
    parts = ['{"digest": ' + json.dumps(grammar_digest(text)) + ', "tables": {']
    for name, items in rows:
        lines = ",\n".join(json.dumps(item, sort_keys=True) for item in items)
        parts.append(f'"{name}": [\n{lines}\n],')
    scalars = {
        "start_state": tables.start_state,
        "end_state": tables.end_state,
        "terminals": tables.terminals,
        "literals": tables.literals,
        "ignore": tables.ignore,
        "texts": tables.texts,
    }
    parts.append(json.dumps(scalars, sort_keys=True, indent=1)[1:-1].strip() + "}}")
    return "\n".join(parts) + "\n"


def main() -> int:
    """Regenerate `tables.json` from the grammar."""
    text = grammar_text()
    _GENERATED.write_text(render_json(text), encoding="utf-8")
    sys.stdout.write(f"wrote {_GENERATED}\n")
    return 0
