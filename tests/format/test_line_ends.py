"""One definition of a line everywhere: `\\n`, `\\r\\n` or a lone `\\r` (the LSP's).

Issue 18: on a file with lone CR line ends `sqrt check` counted one line while the
language server counted several, and `sqrt fmt` rewrote the CRs (and lost the blank
lines between declarations)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sqrt_tools import format_source, lint_source
from sqrt_tools.cli.app import app
from sqrt_tools.server.positions import Positions
from sqrt_tools.syntax.spans import LineIndex

LINES = [
    "let a = x.tags is empty;",
    "",
    "let b=  x.tags  is empty;",
    'tool "t" { must deny when c; }',
]


def joined(newline: str) -> str:
    return newline.join(LINES) + newline


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_check_and_the_language_server_agree_on_every_finding_line(newline: str) -> None:
    text = joined(newline)
    positions = Positions(text)
    findings = lint_source(text).diagnostics
    assert findings
    for finding in findings:
        lsp = positions.position(finding.span.start)
        assert (finding.span.line, finding.span.column) == (lsp.line + 1, lsp.character + 1)
    assert [f.span.line for f in findings] == [1, 3, 4]


def test_sqrt_check_reports_lines_of_a_lone_cr_file(tmp_path: Path) -> None:
    policy = tmp_path / "cr.sqrt"
    policy.write_bytes(joined("\r").encode())
    result = CliRunner().invoke(app, ["check", str(policy)])
    assert f"{policy}:3:5:" in result.output
    assert f"{policy}:4:27:" in result.output


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_formatter_keeps_the_file_line_ending_and_its_blank_lines(newline: str) -> None:
    formatted = format_source(joined(newline))
    others = {"\n", "\r\n", "\r"} - {newline}
    assert formatted.split(newline)[:3] == [
        "let a = x.tags is empty;",
        "",
        "let b = x.tags is empty;",
    ]
    if newline != "\r\n":
        assert not any(other in formatted for other in others if other != "\r\n")
    assert len(re.findall(r"\r\n|\r|\n", formatted)) == formatted.count(newline)


def test_sqrt_fmt_writes_lone_cr_back(tmp_path: Path) -> None:
    policy = tmp_path / "cr.sqrt"
    policy.write_bytes(joined("\r").encode())
    CliRunner().invoke(app, ["fmt", str(policy)])
    written = policy.read_bytes()
    assert b"\n" not in written
    assert written.startswith(b"let a = x.tags is empty;\r\rlet b = x.tags is empty;\r")


def test_line_text_and_offsets_use_the_same_lines() -> None:
    text = "a\rb\r\nc\nd"
    index = LineIndex(text)
    assert [index.line_text(line) for line in range(1, 5)] == ["a", "b", "c", "d"]
    assert index.offset(2, 1) == 2 and index.offset(3, 1) == 5 and index.offset(4, 1) == 7
