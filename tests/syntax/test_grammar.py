"""The grammar is LALR(1) without conflicts, and the shipped tables match it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lark import Lark
from lark.exceptions import GrammarError
from lark.parsers.lalr_analysis import LALR_Analyzer

from sqrt_tools.syntax import tables
from sqrt_tools.syntax.builder import Builder
from sqrt_tools.syntax.spans import LineIndex


def _analyse_strictly(grammar: str) -> None:
    lark = Lark(grammar, parser="lalr", start="program")
    LALR_Analyzer(lark.parser.parser_conf, strict=True).compute_lalr()


def test_grammar_has_no_conflicts() -> None:
    _analyse_strictly(tables.grammar_text())


def test_conflict_check_catches_an_ambiguous_rule() -> None:
    # The check above must be able to fail: a bare name that is both a predicate and
    # the neutral `ambiguous` node is a reduce/reduce conflict.
    broken = tables.grammar_text().replace(
        "_predicate: or_strict | ambiguous", "_predicate: or_strict | ambiguous | NAME"
    )
    with pytest.raises(GrammarError, match="Reduce/Reduce"):
        _analyse_strictly(broken)


def test_generated_tables_match_the_grammar() -> None:
    # Regenerating (in a fresh process) must reproduce the shipped module exactly.
    script = (
        "import sys; from sqrt_tools.syntax import tables; "
        "sys.stdout.write(tables.render_json(tables.grammar_text()))"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    shipped = Path(tables.__file__).with_name("tables.json").read_text(encoding="utf-8")
    assert fresh == shipped, (
        "run `python -m sqrt_tools.syntax.regenerate` after editing the grammar"
    )


def test_shipped_tables_are_the_ones_built_from_the_grammar() -> None:
    import json

    stored = json.loads(Path(tables.__file__).with_name("tables.json").read_text("utf-8"))
    assert stored["digest"] == tables.grammar_digest(tables.grammar_text())
    assert stored["digest"] != tables.grammar_digest(tables.grammar_text() + "\n// edited")
    tables.load_tables.cache_clear()
    assert tables.load_tables() == tables.build_tables(tables.grammar_text())


def test_every_rule_has_a_builder_or_passes_its_child_through() -> None:
    builder = Builder(LineIndex(""))
    built = tables.load_tables()
    for name, size, splice, _origin in built.rules:
        if splice or name in builder.handlers:
            continue
        # Unnamed rules must hold exactly one child, handed to the parent as is.
        assert size == 1, f"rule {name!r} has {size} children and no builder"
