"""`sqrt check` end to end: exit codes, every output format, fixes, selection flags,
configuration, stdin, and bad input (one line on stderr, exit 2, never a traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from typer.testing import CliRunner

from sqrt_tools.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = ROOT / "tests" / "lint" / "sarif-schema-2.1.0.json"
CLEAN = (
    'let blocked = {"untrusted"};\n'
    'tool "parse_with_ai" {\n    must deny when @args.tags overlaps blocked;\n}\n'
)
# One error (kind-mismatch), one fixable warning (unanchored regex), one fixable info
# (unused let), and a comment that fixes must keep.
FINDINGS = (
    "// Outbound mail.\n"
    'let unused = {"x"};\n'
    'let confidential = {"secret"};\n'
    'tool r"send_.*" {\n'
    "    must deny when confidential; // wrong kind\n"
    "}\n"
)

runner = CliRunner()


def check(*args: str, stdin: str | bytes | None = None, cwd: Path | None = None) -> Any:
    if cwd is not None:
        previous = Path.cwd()
        os.chdir(cwd)
    try:
        return runner.invoke(app, ["check", *args], input=stdin)
    finally:
        if cwd is not None:
            os.chdir(previous)


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def one_line_error(result: Any) -> str:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sqrt check: ")
    return str(lines[0])


# --- exit codes and text output ----------------------------------------------------------


def test_a_clean_policy_exits_0(tmp_path: Path) -> None:
    result = check(str(write(tmp_path, "ok.sqrt", CLEAN)))
    assert result.exit_code == 0
    assert result.stdout == "All checks passed.\n"


def test_findings_exit_1_with_location_rule_source_line_and_caret(tmp_path: Path) -> None:
    path = write(tmp_path, "p.sqrt", FINDINGS)
    result = check(str(path))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:2:5: SQ301 [unused-let] [*] `unused` is never used\n"
        "  |\n"
        '2 | let unused = {"x"};\n'
        "  |     ^^^^^^\n"
        "\n"
        f'{path}:4:6: SQ201 [unanchored-tool-regex] [*] tool-id regex r"send_.*" matches '
        'more tools when searched than when matched whole; write r"^send_.*$"\n'
        "  |\n"
        '4 | tool r"send_.*" {\n'
        "  |      ^^^^^^^^^^\n"
        "\n"
        f"{path}:5:20: SQ104 [kind-mismatch] `confidential` is a set, but a predicate is "
        "needed here; compare it instead, e.g. `x.tags overlaps confidential`\n"
        "  |\n"
        "5 |     must deny when confidential; // wrong kind\n"
        "  |                    ^^^^^^^^^^^^\n"
        "\n"
        "Found 1 error, 1 warning, 1 info in 1 file.\n"
        "[*] 2 fixable with `sqrt check --fix`.\n"
    )


def test_exit_zero_reports_but_succeeds(tmp_path: Path) -> None:
    result = check(str(write(tmp_path, "p.sqrt", FINDINGS)), "--exit-zero")
    assert result.exit_code == 0
    assert "SQ104" in result.stdout


def test_syntax_only_reports_syntax_errors_and_nothing_else(tmp_path: Path) -> None:
    findings = write(tmp_path, "p.sqrt", FINDINGS)
    assert check(str(findings), "--syntax-only").exit_code == 0
    broken = write(tmp_path, "broken.sqrt", "let a = {\n")
    result = check(str(broken), "--syntax-only")
    assert result.exit_code == 1
    assert "SQ000 [syntax-error]" in result.stdout


def test_a_broken_file_gets_its_syntax_errors_only(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.sqrt", 'let unused = {};\ntool "t" { must deny }\n')
    result = check(str(broken), "--format", "json")
    assert result.exit_code == 1
    assert {item["rule"] for item in json.loads(result.stdout)} == {"syntax-error"}


def test_control_characters_from_the_policy_are_escaped(tmp_path: Path) -> None:
    path = write(
        tmp_path, "p.sqrt", 'let a\x1b = {};\ntool "t" { must deny when x.tags overlaps b\x1b[2J; }'
    )
    result = check(str(path))
    assert "\x1b" not in result.stdout
    assert "\\x1b" in result.stdout


# --- paths, stdin and bad input ----------------------------------------------------------


def test_directories_are_searched_for_policies_and_hidden_ones_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a/one.sqrt", CLEAN)
    write(tmp_path, "a/b/two.sqrt", FINDINGS)
    write(tmp_path, "a/.hidden/three.sqrt", "this is not sqrt")
    write(tmp_path, "a/notes.txt", "not a policy")
    result = check(str(tmp_path / "a"), "--format", "json")
    assert result.exit_code == 1
    paths = {item["path"] for item in json.loads(result.stdout)}
    assert paths == {str(tmp_path / "a" / "b" / "two.sqrt")}


def test_no_path_means_the_current_directory(tmp_path: Path) -> None:
    write(tmp_path, "one.sqrt", FINDINGS)
    result = check("--statistics", cwd=tmp_path)
    assert result.exit_code == 1
    assert "SQ104" in result.stdout


def test_stdin_is_checked_under_the_given_name(tmp_path: Path) -> None:
    result = check("-", "--stdin-filename", "policies/mail.sqrt", stdin=FINDINGS)
    assert result.exit_code == 1
    assert result.stdout.startswith("policies/mail.sqrt:2:5: SQ301")
    assert check("-", stdin=CLEAN).stdout == "All checks passed.\n"


def test_stdin_filename_finds_the_configuration_and_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path, "sqrt.toml", '[per-file-ignores]\n"legacy/*" = ["unused-let"]\n')
    name = str(tmp_path / "legacy" / "old.sqrt")
    result = check("-", "--stdin-filename", name, "--format", "json", stdin=FINDINGS)
    assert "unused-let" not in {item["rule"] for item in json.loads(result.stdout)}


def test_a_missing_file_is_one_line_and_the_others_are_still_checked(tmp_path: Path) -> None:
    good = write(tmp_path, "p.sqrt", FINDINGS)
    result = check(str(tmp_path / "missing.sqrt"), str(good))
    assert result.exit_code == 2
    assert (
        one_line_error(result)
        == f"sqrt check: {tmp_path / 'missing.sqrt'}: no such file or directory"
    )
    assert "SQ104" in result.stdout


def test_non_utf8_input_is_one_line_with_the_byte_and_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.sqrt", b'let a = {"caf\xe9"};\n')
    result = check(str(path))
    assert result.exit_code == 2
    assert one_line_error(result) == (
        f"sqrt check: {path}: not valid UTF-8 (byte 0xe9 at offset 13)"
    )
    # The summary must not claim success for a file it could not read.
    assert "All checks passed" not in result.stdout
    assert "1 file could not be checked" in result.stdout


def test_an_unreadable_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.sqrt", CLEAN)
    original = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "secret.sqrt":
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    # Tests may run as root, which reads any file: refuse the read the way the OS would.
    monkeypatch.setattr(Path, "open", refuse)
    result = check(str(path))
    assert result.exit_code == 2
    assert one_line_error(result) == f"sqrt check: {path}: permission denied"


def test_a_directory_named_like_a_policy_is_searched_not_read(tmp_path: Path) -> None:
    (tmp_path / "dir.sqrt").mkdir()
    result = check(str(tmp_path / "dir.sqrt"))
    assert result.exit_code == 0  # a directory is searched, and holds no policies
    assert "no .sqrt files found" in result.stderr


def test_the_real_entry_point_never_shows_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.sqrt", b"\xff\xfe")
    completed = subprocess.run(
        [sys.executable, "-m", "sqrt_tools", "check", str(path), "--select", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr == (
        "sqrt check: unknown rule selector `nope` (use a code, a name or a category)\n"
    )


# --- selection and configuration ---------------------------------------------------------


def rules_reported(result: Any) -> list[str]:
    return [item["rule"] for item in json.loads(result.stdout)]


def test_select_ignore_and_extend_select_take_codes_names_and_categories(tmp_path: Path) -> None:
    path = str(write(tmp_path, "p.sqrt", FINDINGS))
    assert rules_reported(check(path, "--format", "json", "--select", "SQ1")) == ["kind-mismatch"]
    ignored = check(path, "--format", "json", "--ignore", "style,unanchored-tool-regex")
    assert rules_reported(ignored) == ["kind-mismatch"]
    extended = check(path, "--format", "json", "--extend-select", "missing-doc-comment")
    assert "missing-doc-comment" in rules_reported(extended)


def test_an_unknown_selector_is_a_usage_error(tmp_path: Path) -> None:
    result = check(str(write(tmp_path, "p.sqrt", CLEAN)), "--ignore", "SQ999")
    assert result.exit_code == 2
    assert one_line_error(result).endswith(
        "unknown rule selector `SQ999` (use a code, a name or a category)"
    )


def test_configuration_is_found_upward_from_each_file(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.sqrt]\nignore = ["unused-let"]\n')
    path = write(tmp_path, "team/policies/p.sqrt", FINDINGS)
    assert "unused-let" not in rules_reported(check(str(path), "--format", "json"))


def test_config_flag_uses_one_file_for_everything(tmp_path: Path) -> None:
    config = write(tmp_path, "ci.toml", 'select = ["correctness"]\n')
    path = write(tmp_path, "p.sqrt", FINDINGS)
    result = check(str(path), "--config", str(config), "--format", "json")
    assert rules_reported(result) == ["kind-mismatch"]


def test_a_bad_configuration_is_one_line_and_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "sqrt.toml", "select = [\n")
    result = check(str(write(tmp_path, "p.sqrt", CLEAN)))
    assert result.exit_code == 2
    assert one_line_error(result).startswith(f"sqrt check: {tmp_path / 'sqrt.toml'}: invalid TOML")
    missing = check(str(tmp_path / "p.sqrt"), "--config", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 2
    assert "cannot read" in one_line_error(missing)


def test_exclude_skips_files_found_in_directories_but_not_named_ones(tmp_path: Path) -> None:
    write(tmp_path, "sqrt.toml", 'exclude = ["generated/*"]\n')
    generated = write(tmp_path, "generated/out.sqrt", FINDINGS)
    assert check(str(tmp_path)).exit_code == 0
    assert check(str(generated)).exit_code == 1


# --- fixes -------------------------------------------------------------------------------


def test_fix_writes_the_file_keeps_comments_and_reports_what_remains(tmp_path: Path) -> None:
    path = write(tmp_path, "p.sqrt", FINDINGS)
    result = check(str(path), "--fix", "--format", "json")
    assert result.exit_code == 1  # the kind mismatch has no fix
    assert rules_reported(result) == ["kind-mismatch"]
    assert "Fixed 2 findings." in result.stderr
    # The comment line right above the unused `let` describes it: it goes with it.
    assert path.read_text() == (
        'let confidential = {"secret"};\n'
        'tool r"^send_.*$" {\n'
        "    must deny when confidential; // wrong kind\n"
        "}\n"
    )


def test_fix_of_stdin_prints_the_fixed_policy_and_reports_on_stderr() -> None:
    result = check("-", "--fix", stdin='let unused = {};\ntool "t" -> @tags |= {};\n')
    assert result.exit_code == 0
    assert result.stdout == 'tool "t" -> @tags |= {};\n'
    assert "All checks passed." in result.stderr


def test_diff_shows_the_fixes_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "p.sqrt", FINDINGS)
    result = check(str(path), "--diff")
    assert result.exit_code == 1
    assert path.read_text() == FINDINGS
    assert result.stdout == (
        f"--- {path}\n+++ {path}\n@@ -1,6 +1,4 @@\n-// Outbound mail.\n"
        '-let unused = {"x"};\n let confidential = {"secret"};\n'
        '-tool r"send_.*" {\n+tool r"^send_.*$" {\n'
        "     must deny when confidential; // wrong kind\n }\n"
    )
    assert "Would apply 2 fixes." in result.stderr
    clean = check(str(write(tmp_path, "ok.sqrt", CLEAN)), "--diff")
    assert (clean.exit_code, clean.stdout) == (0, "")


def test_a_byte_order_mark_survives_a_fix(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.sqrt", b"\xef\xbb\xbf" + FINDINGS.encode())
    check(str(path), "--fix")
    assert path.read_bytes().startswith(b"\xef\xbb\xbflet confidential")


# --- other formats -----------------------------------------------------------------------

JSON_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["path", "rule", "code", "severity", "message", "range", "fix", "related"],
        "additionalProperties": False,
        "properties": {
            "path": {"type": "string"},
            "rule": {"type": "string", "pattern": "^[a-z]+(-[a-z]+)*$"},
            "code": {"type": "string", "pattern": "^SQ[0-9]{3}$"},
            "severity": {"enum": ["error", "warning", "info"]},
            "message": {"type": "string"},
            "range": {"$ref": "#/$defs/range"},
            "fix": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "required": ["message", "safe", "edits"],
                        "properties": {
                            "edits": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["range", "new_text"],
                                    "properties": {"range": {"$ref": "#/$defs/range"}},
                                },
                            }
                        },
                    },
                ]
            },
            "related": {"type": "array"},
        },
    },
    "$defs": {
        "position": {
            "type": "object",
            "required": ["line", "column"],
            "properties": {"line": {"minimum": 1}, "column": {"minimum": 1}},
        },
        "range": {
            "type": "object",
            "required": ["start", "end"],
            "properties": {
                "start": {"$ref": "#/$defs/position"},
                "end": {"$ref": "#/$defs/position"},
            },
        },
    },
}


def test_json_output_follows_its_schema(tmp_path: Path) -> None:
    path = write(
        tmp_path, "p.sqrt", FINDINGS + 'let x = {};\nlet x = {};\ntool "t" -> @tags |= x;\n'
    )
    items = json.loads(check(str(path), "--format", "json").stdout)
    jsonschema.validate(items, JSON_SCHEMA)
    by_rule = {item["rule"]: item for item in items}
    assert by_rule["unused-let"]["range"] == {
        "start": {"line": 2, "column": 5},
        "end": {"line": 2, "column": 11},
    }
    assert by_rule["unanchored-tool-regex"]["fix"]["safe"] is True
    assert by_rule["duplicate-let"]["related"][0]["message"] == "first defined here"


def test_github_output_is_one_workflow_command_per_finding(tmp_path: Path) -> None:
    path = write(tmp_path, "p,1:%.sqrt", FINDINGS)
    lines = check(str(path), "--format", "github").stdout.splitlines()
    assert len(lines) == 3
    escaped = str(path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert lines[2] == (
        f"::error title=sqrt SQ104 kind-mismatch,file={escaped},line=5,col=20,endLine=5,"
        f"endColumn=32::{str(path).replace('%', '%25')}:5:20: SQ104 `confidential` is a set, "
        "but a predicate is needed here; compare it instead, e.g. `x.tags overlaps confidential`"
    )
    assert lines[0].startswith("::notice ") and lines[1].startswith("::warning ")


def test_sarif_output_is_valid_sarif_2_1_0_with_rule_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "p.sqrt", FINDINGS)
    log = json.loads(check(str(path), "--format", "sarif").stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert {rule["name"] for rule in rules} >= {"kind-mismatch", "unused-let"}
    by_level = {result["ruleId"]: result["level"] for result in run["results"]}
    assert by_level == {"SQ301": "note", "SQ201": "warning", "SQ104": "error"}
    for result in run["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert rule["shortDescription"]["text"].startswith("Flags ")
        assert rule["help"]["markdown"].count("## Example") == 1
    anchored = next(r for r in run["results"] if r["ruleId"] == "SQ201")
    (replacement, *_) = anchored["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == "^"


def test_sarif_of_a_clean_run_is_valid_too(tmp_path: Path) -> None:
    log = json.loads(check(str(write(tmp_path, "ok.sqrt", CLEAN)), "--format", "sarif").stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    assert log["runs"][0]["results"] == []


def test_junit_output_is_a_report_with_a_failure_per_finding(tmp_path: Path) -> None:
    bad = write(tmp_path, "p.sqrt", FINDINGS)
    good = write(tmp_path, "ok.sqrt", CLEAN)
    result = check(str(good), str(bad), "--format", "junit")
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("4", "3")
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == [str(good), str(bad)]
    assert suites[0].find("testcase/failure") is None
    failures = suites[1].findall("testcase/failure")
    assert [failure.get("type") for failure in failures] == ["SQ301", "SQ201", "SQ104"]
    assert failures[2].text == (
        f"{bad}:5:20: SQ104 [kind-mismatch] `confidential` is a set, but a predicate is "
        "needed here; compare it instead, e.g. `x.tags overlaps confidential`"
    )


def test_statistics_count_findings_per_rule(tmp_path: Path) -> None:
    path = write(tmp_path, "p.sqrt", FINDINGS + "let another = {};\n")
    text = check(str(path), "--statistics")
    assert text.exit_code == 1
    assert text.stdout == (
        "2\tSQ301\t[*] unused-let\n"
        "1\tSQ104\t[ ] kind-mismatch\n"
        "1\tSQ201\t[*] unanchored-tool-regex\n"
    )
    as_json = json.loads(check(str(path), "--statistics", "--format", "json").stdout)
    assert as_json[0] == {"code": "SQ301", "name": "unused-let", "count": 2, "fixable": True}


def test_output_file_receives_the_report(tmp_path: Path) -> None:
    path = write(tmp_path, "p.sqrt", FINDINGS)
    report = tmp_path / "report.sarif"
    result = check(str(path), "--format", "sarif", "--output-file", str(report))
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(report.read_text())["version"] == "2.1.0"
    unwritable = check(str(path), "--output-file", str(tmp_path / "no" / "dir" / "r.txt"))
    assert unwritable.exit_code == 2
    assert "cannot write the report" in one_line_error(unwritable)


def test_a_broken_configuration_is_reported_once_for_many_files(tmp_path: Path) -> None:
    write(tmp_path, "sqrt.toml", 'select = ["nope"]\n')
    for name in ("a.sqrt", "b.sqrt", "c.sqrt"):
        write(tmp_path, name, CLEAN)
    result = check(str(tmp_path))
    assert result.exit_code == 2
    assert "unknown rule selector `nope`" in one_line_error(result)


DOUBLED = 'tool r"^fetch_.*$" {\n    must deny when url.value in {r"^https://intra\\\\.example/.*$"};\n}\n'


def test_unsafe_fixes_are_marked_and_applied_only_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "p.sqrt", "let unused = {};\n" + DOUBLED)

    text = check(str(path)).stdout
    assert "SQ301 [unused-let] [*]" in text
    assert "SQ206 [double-escaped-regex] [*unsafe]" in text
    assert (
        "[*] 1 fixable with `sqrt check --fix` (1 more with `--unsafe-fixes`: they may change "
        "the meaning)." in text
    )
    fixes = {d["code"]: d["fix"] for d in json.loads(check(str(path), "--format", "json").stdout)}
    assert fixes["SQ206"]["applicability"] == "unsafe" and fixes["SQ206"]["safe"] is False
    assert fixes["SQ301"]["applicability"] == "safe"

    check(str(path), "--fix")
    assert path.read_text() == DOUBLED  # the safe fix only
    check(str(path), "--fix", "--unsafe-fixes")
    assert path.read_text() == DOUBLED.replace("\\\\.", "\\.")
