"""A real Emacs: Debian's emacs-nox with elpa-eglot, in batch mode, loads our set-up
(lsp/emacs/sqrt.el), opens a policy and works through eglot with `sqrt lsp`:
diagnostics in Flymake, a hover, `eglot-format-buffer`.

`emacs_driver.el` records what Emacs shows and writes it as JSON. The expectations come
from the command line on the same file: `sqrt check --format json` for the diagnostics,
`sqrt fmt -` for the formatted text.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.editors.tools import ROOT, environment, executable, program

SNIPPET = ROOT / "lsp" / "emacs" / "sqrt.el"
DRIVER = Path(__file__).with_name("emacs_driver.el")

# Valid, badly laid out, with a finding; the undefined name follows an emoji (one
# character for Emacs, two UTF-16 code units for LSP), so column conversion shows.
POLICY = """\
/// Labels that must never leave the company.
let  secret={"confidential","internal"} ;
tool "send_email" {  must deny when body.tags overlaps secret ;
 should allow when to.value == "😀" and to.tags overlaps undefined_thing ; }
"""
# `secret` where it is used (1-based line and column).
SECRET_USE = (3, 56)

# Flymake's diagnostic types for LSP severities, as eglot maps them.
FLYMAKE_TYPE = {"error": "eglot-error", "warning": "eglot-warning", "info": "eglot-note"}


def run_emacs(tmp_path: Path, command: str | None = None) -> dict[str, Any]:
    """Runs the driver; `command` (an Emacs Lisp list) replaces `sqrt-command`."""
    emacs = executable(Path("/usr/bin/emacs"), "Debian's emacs-nox")
    policy = tmp_path / "policy.sqrt"
    policy.write_text(POLICY, encoding="utf-8")
    result_file = tmp_path / "result.json"
    completed = subprocess.run(
        # Not -Q: that would skip Debian's site-start, which activates elpa-eglot.
        [str(emacs), "--batch", "-l", str(DRIVER)],
        cwd=tmp_path,
        env=environment(
            HOME=str(tmp_path),  # no personal init files, no state left behind
            SQRT_EMACS_SNIPPET=str(SNIPPET),
            SQRT_EMACS_POLICY=str(policy),
            SQRT_EMACS_RESULT=str(result_file),
            SQRT_EMACS_HOVER_AT=":".join(map(str, SECRET_USE)),
            SQRT_EMACS_TIMEOUT="60",
            **({"SQRT_EMACS_COMMAND": command} if command else {}),
        ),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    context = completed.stdout + completed.stderr
    assert result_file.exists(), f"Emacs wrote no result: {context}"
    result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    assert "error" not in result, f"{result['error']}\n{context}"
    return result


def cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
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


# How eglot reaches the server: the snippet's default (stdio), and eglot's own
# convention for servers that listen on a port it picks (`sqrt lsp --port N`).
TRANSPORTS = {
    "stdio": (None, ["lsp"]),
    "autoport": ('("sqrt" "lsp" "--port" :autoport)', ["lsp", "--port"]),
}


@pytest.fixture(scope="module", params=sorted(TRANSPORTS))
def emacs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Emacs:
    command, arguments = TRANSPORTS[request.param]
    folder = tmp_path_factory.mktemp(f"emacs-{request.param}")
    return Emacs(folder, run_emacs(folder, command), arguments)


@dataclass(frozen=True)
class Emacs:
    folder: Path
    result: dict[str, Any]
    # The server's arguments eglot started it with, up to the port number.
    arguments: list[str]


def test_emacs_eglot_shows_diagnostics_hover_and_formats_like_sqrt_fmt(emacs: Emacs) -> None:
    result, tmp_path = emacs.result, emacs.folder

    assert result["mode"] == "sqrt-mode"
    assert Path(result["command"][0]).name == "sqrt"
    assert result["command"][1 : 1 + len(emacs.arguments)] == emacs.arguments
    found = json.loads(cli("check", "--format", "json", "policy.sqrt", cwd=tmp_path).stdout)
    assert {item["code"] for item in found} >= {"SQ101"}, "the policy must have a finding"
    expected = sorted(
        (
            item["range"]["start"]["line"],
            item["range"]["start"]["column"],
            item["range"]["end"]["line"],
            item["range"]["end"]["column"],
            FLYMAKE_TYPE[item["severity"]],
            f"sqrt [{item['code']}]: {item['message']}",
        )
        for item in found
    )
    shown = sorted(
        (d["line"], d["column"], d["end_line"], d["end_column"], d["type"], d["text"])
        for d in result["diagnostics"]
    )
    assert shown == expected

    assert "Labels that must never leave the company." in result["hover"]
    assert "secret" in result["hover"]

    formatted = cli("fmt", "-", stdin=POLICY, cwd=tmp_path)
    assert formatted.returncode == 0, formatted.stderr
    assert formatted.stdout != POLICY
    assert result["before"] == POLICY
    assert result["after"] == formatted.stdout


def test_readme_names_the_emacs_and_eglot_versions_tested(emacs: Emacs) -> None:
    result = emacs.result
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| Emacs"))
    major_minor = re.match(r"\d+\.\d+", result["emacs"])
    assert major_minor is not None
    assert f"Emacs {major_minor[0]}" in row and f"eglot {result['eglot']}" in row, row
