"""The set-up snippets for Helix, Emacs (eglot) and Sublime Text LSP, checked as far as
this machine allows: they parse, they start the real server command, and what they
say about SQRT (file type, comments, grammar scope, indentation) matches the project.
"""

from __future__ import annotations

import json
import plistlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.editors.tools import ROOT, environment, program

LSP = ROOT / "lsp"
GRAMMAR = json.loads((ROOT / "grammars" / "sqrt.tmLanguage.json").read_text(encoding="utf-8"))


def helix() -> dict[str, Any]:
    return tomllib.loads((LSP / "helix" / "languages.toml").read_text(encoding="utf-8"))


def sublime() -> dict[str, Any]:
    settings: dict[str, Any] = json.loads(
        (LSP / "sublime" / "LSP.sublime-settings").read_text(encoding="utf-8")
    )
    return settings


def elisp_forms(text: str) -> list[str]:
    """The top-level forms of Emacs Lisp source; fails on unbalanced parentheses.

    Knows what can hide a parenthesis: `;` comments, strings with backslash escapes
    and character literals such as `?\\(` or `?/`.
    """
    forms: list[str] = []
    depth, start, index = 0, 0, 0
    while index < len(text):
        char = text[index]
        if char == ";":
            index = text.find("\n", index)
            index = len(text) if index < 0 else index
        elif char == '"':
            index += 1
            while text[index] != '"':
                index += 2 if text[index] == "\\" else 1
        elif char == "?":
            index += 2 if text[index + 1] == "\\" else 1
        elif char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")":
            depth -= 1
            assert depth >= 0, f"unmatched `)` at offset {index}"
            if depth == 0:
                forms.append(text[start : index + 1])
        index += 1
    assert depth == 0, f"{depth} unclosed `(`"
    return forms


def emacs_server_command(forms: list[str]) -> list[str]:
    (custom,) = [form for form in forms if form.startswith("(defcustom sqrt-command")]
    match = re.search(r"'\(((?:\"[^\"]*\"\s*)+)\)", custom)
    assert match is not None
    return re.findall(r'"([^"]*)"', match[1])


def server_commands() -> dict[str, list[str]]:
    language_server = helix()["language-server"]["sqrt"]
    elisp = elisp_forms((LSP / "emacs" / "sqrt.el").read_text(encoding="utf-8"))
    return {
        "helix": [language_server["command"], *language_server["args"]],
        "sublime": sublime()["clients"]["sqrt"]["command"],
        "emacs": emacs_server_command(elisp),
    }


@pytest.mark.parametrize("editor", ["helix", "sublime", "emacs"])
def test_snippet_starts_the_real_language_server(editor: str) -> None:
    command = server_commands()[editor]
    assert command == ["sqrt", "lsp"]
    completed = subprocess.run(
        [program("sqrt"), *command[1:], "--help"],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "language server" in completed.stdout


def test_helix_language_entry_matches_sqrt() -> None:
    (language,) = helix()["language"]
    assert language["name"] == "sqrt"
    assert language["file-types"] == ["sqrt"]
    assert language["scope"] == GRAMMAR["scopeName"]
    assert language["language-servers"] == ["sqrt"]
    assert language["comment-token"] == "//"
    assert language["block-comment-tokens"] == {"start": "/*", "end": "*/"}


def test_helix_indentation_is_the_formatters() -> None:
    (language,) = helix()["language"]
    formatted = subprocess.run(
        [program("sqrt"), "fmt", "-"],
        input='tool "t" { must deny always; }\n',
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    member = next(line for line in formatted.splitlines() if "must deny" in line)
    assert member[: len(member) - len(member.lstrip())] == language["indent"]["unit"]
    assert language["indent"]["tab-width"] == len(language["indent"]["unit"])


def test_sublime_client_selects_the_grammars_scope() -> None:
    client = sublime()["clients"]["sqrt"]
    assert client["enabled"] is True
    assert client["selector"] == GRAMMAR["scopeName"]


def test_sublime_syntax_is_the_repository_grammar_as_a_property_list(tmp_path: Path) -> None:
    target = tmp_path / "Packages" / "SQRT" / "SQRT.tmLanguage"
    completed = subprocess.run(
        [sys.executable, str(LSP / "sublime" / "tmlanguage_plist.py"), str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    with target.open("rb") as plist:
        converted = plistlib.load(plist)
    assert converted == GRAMMAR
    assert converted["fileTypes"] == ["sqrt"]


def test_sublime_syntax_converter_explains_its_usage() -> None:
    completed = subprocess.run(
        [sys.executable, str(LSP / "sublime" / "tmlanguage_plist.py")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stderr == "usage: tmlanguage_plist.py OUTPUT.tmLanguage\n"


def test_sublime_comment_settings_toggle_line_comments() -> None:
    with (LSP / "sublime" / "Comments.tmPreferences").open("rb") as plist:
        preferences = plistlib.load(plist)
    assert preferences["scope"] == GRAMMAR["scopeName"]
    variables = {item["name"]: item["value"] for item in preferences["settings"]["shellVariables"]}
    assert variables["TM_COMMENT_START"] == "// "
    assert (variables["TM_COMMENT_START_2"], variables["TM_COMMENT_END_2"]) == ("/*", "*/")


def test_emacs_mode_is_balanced_and_wires_eglot() -> None:
    forms = elisp_forms((LSP / "emacs" / "sqrt.el").read_text(encoding="utf-8"))
    heads = [form.split()[0].lstrip("(") for form in forms]
    assert heads[0] == "require" and heads[-1] == "provide"
    assert "define-derived-mode" in heads
    wiring = " ".join(forms)
    assert "(add-to-list 'eglot-server-programs `(sqrt-mode . ,sqrt-command))" in wiring
    assert "(add-to-list 'auto-mode-alist '(\"\\\\.sqrt\\\\'\" . sqrt-mode))" in wiring


def test_emacs_reader_catches_unbalanced_source() -> None:
    # The check above is only as good as the reader: it must see through strings,
    # comments and character literals, and reject a missing parenthesis.
    assert elisp_forms('(a "(" ?\\( ?) ; )\n)') == ['(a "(" ?\\( ?) ; )\n)']
    with pytest.raises(AssertionError):
        elisp_forms("(defun f () (g)")


def readme_editor_blocks(language: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Editor setup\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"^```{language}\n(.*?)^```", section, re.MULTILINE | re.DOTALL)


def test_readme_shows_the_helix_snippet_as_it_is() -> None:
    snippet = (LSP / "helix" / "languages.toml").read_text(encoding="utf-8")
    # The file starts with a comment on where to paste it; the README says so in words.
    body = snippet.split("\n\n", 1)[1]
    assert readme_editor_blocks("toml") == [body]


def test_readme_shows_the_sublime_client_as_it_is() -> None:
    shown = [json.loads(block) for block in readme_editor_blocks("json")]
    assert sublime() in shown
