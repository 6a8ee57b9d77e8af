"""The generated rules reference is current; the bundled examples lint clean.

(The speed goal, full lint under three parses, is measured by `bench/lint.py`, not here:
timings belong in benchmarks, where a busy machine cannot fail the build.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sqrt_tools.lint import RULES, lint_source
from sqrt_tools.lint.reference import DEFAULT_PATH, main, render_reference

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.sqrt"))


def test_docs_rules_md_is_generated_from_the_current_docstrings() -> None:
    assert DEFAULT_PATH == ROOT / "docs" / "rules.md"
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render_reference(), (
        "docs/rules.md is stale: run `python -m sqrt_tools.lint.reference`"
    )
    assert main(["--check"]) == 0


def test_the_reference_has_a_section_per_rule_with_its_documentation() -> None:
    text = render_reference()
    for rule in RULES:
        assert f"### {rule.code} {rule.name}\n" in text
        assert rule.summary().split(" ", 3)[1] in text
    assert len(re.findall(r"^### SQ\d{3} ", text, re.M)) == len(RULES)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_examples_are_clean_at_default_settings(path: Path) -> None:
    result = lint_source(path.read_text(encoding="utf-8"), path=str(path))
    assert result.diagnostics == ()


def test_suppressions_in_examples_give_a_reason() -> None:
    for path in EXAMPLES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "sqrt: ignore" in line:
                reason = line.split("]", 1)[1].strip(" -")
                assert len(reason) > 10, f"{path.name}: a suppression needs a reason"
