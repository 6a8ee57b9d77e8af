"""The TextMate grammar (grammars/sqrt.tmLanguage.json) that VS Code and other editors
use to highlight SQRT.

The assertions live in tests/tmgrammar/*.sqrt (vscode-tmgrammar-test format: a source
line, then `//   ^^^ scope` lines under it) and run on the engine VS Code uses
(vscode-textmate with Oniguruma). The other tests here keep those assertions complete:
every scope the grammar can produce is asserted somewhere, and every keyword and symbol
of the language grammar (grammars/sqrt.lark) is asserted to highlight as itself, and
every policy in examples/ highlights with no character left unscoped or marked invalid.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from sqrt_tools import parse
from tests.editors.tools import ROOT, npm_tool

GRAMMAR = ROOT / "grammars" / "sqrt.tmLanguage.json"
LARK = ROOT / "grammars" / "sqrt.lark"
CASES = sorted((ROOT / "tests" / "tmgrammar").glob("*.sqrt"))
# The one case that is not valid SQRT on purpose: text as it is being typed.
TYPING_CASE = "typing.sqrt"

ASSERTION = re.compile(
    r"^//(?P<pad>\s*)(?:(?P<carets>\^+)|<(?P<tilde>~*)(?P<dashes>-+))\s+(?P<scopes>.+)$"
)


class Assertion(NamedTuple):
    file: str
    text: str  # the source text the assertion points at
    required: tuple[str, ...]  # scopes that must be there
    excluded: tuple[str, ...]  # scopes that must not


def assertions(case: Path) -> Iterator[Assertion]:
    source_line = ""
    for line in case.read_text(encoding="utf-8").splitlines()[1:]:
        match = ASSERTION.match(line)
        if match is None:
            source_line = line
            continue
        if match["carets"]:
            start, length = 2 + len(match["pad"]), len(match["carets"])
        else:
            start, length = len(match["tilde"]), len(match["dashes"])
        required, _, excluded = f" {match['scopes']}".partition(" - ")
        yield Assertion(
            case.name,
            source_line[start : start + length],
            tuple(required.split()),
            tuple(excluded.split()),
        )


def all_assertions() -> list[Assertion]:
    return [item for case in CASES for item in assertions(case)]


def grammar_scopes(node: Any) -> Iterator[str]:
    """Every scope name a rule of the grammar can assign."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"name", "contentName"} and isinstance(value, str):
                yield from value.split()
            else:
                yield from grammar_scopes(value)
    elif isinstance(node, list):
        for item in node:
            yield from grammar_scopes(item)


def test_highlighting_matches_every_assertion() -> None:
    tool = npm_tool("vscode-tmgrammar-test")
    # Run from the repository root, where no package.json points at the built copy:
    # the assertions test the grammar's one source, grammars/sqrt.tmLanguage.json.
    completed = subprocess.run(
        [str(tool), "--compact", "--grammar", str(GRAMMAR), *map(str, CASES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.count("run successfuly") == len(CASES), completed.stdout


def test_every_example_policy_highlights_completely(tmp_path: Path) -> None:
    # The snapshot tool writes `.snap` files beside its inputs: give it copies.
    snap = npm_tool("vscode-tmgrammar-snap")
    examples = sorted((ROOT / "examples").glob("*.sqrt"))
    assert examples
    for example in examples:
        shutil.copy(example, tmp_path / example.name)
    completed = subprocess.run(
        [str(snap), "--updateSnapshot", "--grammar", str(GRAMMAR), "--scope", "source.sqrt"]
        + [str(tmp_path / example.name) for example in examples],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    problems: list[str] = []
    for example in examples:
        source = ""
        for line in (tmp_path / f"{example.name}.snap").read_text(encoding="utf-8").splitlines():
            if line.startswith(">"):
                source = line[1:]
                continue
            token = re.fullmatch(r"#(\s*)(\^+) (.*)", line)
            assert token is not None, line
            text = source[len(token[1]) : len(token[1]) + len(token[2])]
            scopes = token[3].split()
            if "invalid.illegal.character.sqrt" in scopes or (
                text.strip() and scopes == ["source.sqrt"]
            ):
                problems.append(f"{example.name}: {text!r} is {scopes} in: {source}")
    assert problems == []


def test_every_scope_of_the_grammar_is_asserted() -> None:
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    produced = set(grammar_scopes(grammar["patterns"])) | set(grammar_scopes(grammar["repository"]))
    asserted = {scope for item in all_assertions() for scope in item.required}
    excluded = {scope for item in all_assertions() for scope in item.excluded}
    assert produced - asserted == set(), "scopes without a test in tests/tmgrammar/"
    assert asserted - produced == set(), "asserted scopes the grammar never produces"
    # The test tool compares whole scope names: `- comment` would exclude nothing.
    assert excluded - produced == set(), "excluded scopes the grammar never produces"


def language_literals() -> set[str]:
    """The fixed spellings of grammars/sqrt.lark's terminals: keywords and symbols."""
    literals: set[str] = set()
    for line in LARK.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r'[A-Z_]+:\s*("[^"]*"(?:\s*\|\s*"[^"]*")*)', line.strip())
        if match:
            literals.update(re.findall(r'"([^"]*)"', match[1]))
    return literals


def test_every_keyword_and_symbol_of_the_language_is_asserted() -> None:
    literals = language_literals()
    assert {"let", "overlaps", "@result", "..<", "|="} <= literals  # the reader works
    # Highlighted as what it is: not as a bare name, not only as a string or comment.
    not_itself = (
        "variable.other.sqrt",
        "variable.parameter",
        "entity.name",
        "string",
        "comment",
        "invalid",
    )
    highlighted = {
        item.text
        for item in all_assertions()
        if item.required and not any(item.required[0].startswith(s) for s in not_itself)
    }
    assert literals - highlighted == set()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_cases_are_real_sqrt(case: Path) -> None:
    # Highlighting is tested on what users write: valid policies, except the case that
    # shows text being typed, which must really be broken.
    result = parse(case.read_text(encoding="utf-8"))
    assert result.ok == (case.name != TYPING_CASE), [d.message for d in result.diagnostics]


def test_grammar_names_the_language() -> None:
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    assert grammar["scopeName"] == "source.sqrt"
    assert grammar["fileTypes"] == ["sqrt"]
