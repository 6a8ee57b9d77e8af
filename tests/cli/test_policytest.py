"""`sqrt test` end to end: output like pytest, formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sqrt_tools.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
POLICY = 'tool "t" {\n    must deny when x.value == "bad";\n}\n'
TESTS = """\
cases:
  - name: good values pass
    calls:
      - {tool: t, args: {x: good}, expect: {verdict: default_allowed}}
  - name: bad values are denied
    calls:
      - {tool: t, args: {x: bad}, expect: {verdict: hard_denied, fired: [2]}}
"""

runner = CliRunner()


def sqrt_test(*args: str) -> Any:
    return runner.invoke(app, ["test", *args], env={"COLUMNS": "100"})


def project(tmp_path: Path, tests: str = TESTS) -> Path:
    (tmp_path / "p.sqrt").write_text(POLICY)
    (tmp_path / "p.sqrt-test.yaml").write_text(tests)
    return tmp_path


def test_passing_tests_print_dots_and_the_counts(tmp_path: Path) -> None:
    result = sqrt_test(str(project(tmp_path)))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{tmp_path}/p.sqrt-test.yaml ..",
        "",
        "2 passed, 0 failed",
    ]


def test_a_failing_case_shows_a_diff_and_exits_one(tmp_path: Path) -> None:
    result = sqrt_test(str(project(tmp_path, TESTS.replace("hard_denied", "soft_denied"))))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path}/p.sqrt-test.yaml .F",
        "",
        f"FAILED {tmp_path}/p.sqrt-test.yaml:5: bad values are denied",
        "  call 1: t (line 7), expected (-) and actual (+):",
        "    - verdict: soft_denied",
        "    + verdict: hard_denied",
        f'    denied by `must deny when x.value == "bad"` at {tmp_path}/p.sqrt:2 because '
        'x.value = "bad" equals "bad"',
        "",
        "1 passed, 1 failed",
    ]


def test_json_and_junit_formats(tmp_path: Path) -> None:
    project(tmp_path)
    data = json.loads(sqrt_test(str(tmp_path), "--format", "json").stdout)
    assert (data["passed"], data["failed"]) == (2, 0)
    junit = sqrt_test(str(tmp_path), "--format", "junit")
    assert junit.exit_code == 0
    root = ET.fromstring(junit.stdout)
    assert [case.get("name") for case in root.iter("testcase")] == [
        "good values pass",
        "bad values are denied",
    ]


def test_a_policy_file_stands_for_its_tests(tmp_path: Path) -> None:
    project(tmp_path)
    assert sqrt_test(str(tmp_path / "p.sqrt")).stdout.endswith("2 passed, 0 failed\n")


def test_missing_paths_are_usage_errors_and_nothing_found_fails(tmp_path: Path) -> None:
    missing = sqrt_test(str(tmp_path / "missing"))
    assert missing.exit_code == 2
    assert missing.stderr == f"sqrt test: {tmp_path}/missing: no such file or directory\n"
    empty = sqrt_test(str(tmp_path))
    assert empty.exit_code == 1
    assert empty.stderr == "sqrt test: no policy test files (*.sqrt-test.yaml) found\n"
    assert empty.stdout.splitlines()[-1] == "0 passed, 0 failed"


def test_a_broken_test_file_is_a_located_failure_not_a_crash(tmp_path: Path) -> None:
    project(tmp_path, "cases:\n  - name: x\n    calls: oops\n")
    result = sqrt_test(str(tmp_path))
    assert result.exit_code == 1
    assert f"  error: {tmp_path}/p.sqrt-test.yaml:2: cases[0].calls: expected a non-empty list" in (
        result.stdout
    )
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("report", ["text", "json", "junit"])
def test_hostile_names_are_escaped_in_every_format(tmp_path: Path, report: str) -> None:
    hostile = TESTS.replace("good values pass", '"\\e]0;pwned\\a \\x9b name"')
    project(tmp_path, hostile.replace("default_allowed", "soft_denied"))  # fails: shown
    result = sqrt_test(str(tmp_path), "--format", report)
    assert result.exit_code == 1
    for raw in ("\x1b", "\x07", "\x9b"):
        assert raw not in result.stdout
    assert "pwned" in result.stdout


def test_the_examples_pass_with_the_installed_command() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "sqrt_tools", "test", "examples/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout
    assert completed.stdout.splitlines()[-1].endswith(" passed, 0 failed")


def test_presets_on_the_command_line_override_the_files(tmp_path: Path) -> None:
    tests = (
        "presets: {enable_llm_blocked_tag: false}\n"
        "cases:\n  - name: the parser may read the ticket\n    calls:\n"
        "      - tool: parse_with_ai\n"
        "        args: {query: {value: 'Ticket T-88', meta: {tags: [__llm_blocked]}}}\n"
        "        expect: {verdict: default_allowed}\n"
    )
    project(tmp_path, tests)

    assert sqrt_test(str(tmp_path)).exit_code == 0
    assert sqrt_test(str(tmp_path), "--presets", '{"enable_llm_blocked_tag": true}').exit_code == 1
    bad = sqrt_test(str(tmp_path), "--presets", '{"enable_llm": true}')
    assert bad.exit_code == 2
    assert "sqrt test: --presets: unknown preset `enable_llm`" in bad.stderr
