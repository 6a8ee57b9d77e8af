"""JUnit reports are read correctly by a JUnit consumer (junitparser), as CI systems read them."""

from __future__ import annotations

from pathlib import Path

from junitparser import Failure, JUnitXml
from typer.testing import CliRunner

from sqrt_tools.cli.app import app

runner = CliRunner()

CLEAN = 'tool "send_email" {\n    must deny when body.tags overlaps {"secret"};\n}\n'
FINDINGS = 'let unused = {"a"};\ntool r"send_.*" {\n    must deny always;\n}\n'


def test_sqrt_check_junit_report_counts_each_finding_as_a_failed_case(tmp_path: Path) -> None:
    good = tmp_path / "good.sqrt"
    good.write_text(CLEAN, encoding="utf-8")
    bad = tmp_path / "bad.sqrt"
    bad.write_text(FINDINGS, encoding="utf-8")
    report = tmp_path / "report.xml"
    result = runner.invoke(
        app, ["check", str(good), str(bad), "--format", "junit", "--output-file", str(report)]
    )
    assert result.exit_code == 1
    xml = JUnitXml.fromfile(str(report))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {str(good), str(bad)}
    assert suites[str(good)].failures == 0
    failed = [case for case in suites[str(bad)] if any(isinstance(r, Failure) for r in case.result)]
    codes = sorted(r.type for case in failed for r in case.result if isinstance(r, Failure))
    assert codes == ["SQ201", "SQ301"]


def test_sqrt_test_junit_report_has_a_case_per_policy_test(tmp_path: Path) -> None:
    (tmp_path / "p.sqrt").write_text(
        'tool "t" {\n    must deny when x.value == "bad";\n}\n', encoding="utf-8"
    )
    (tmp_path / "p.sqrt-test.yaml").write_text(
        "cases:\n"
        "  - name: good passes\n"
        "    calls: [{tool: t, args: {x: ok}, expect: {verdict: default_allowed}}]\n"
        "  - name: bad is allowed (wrong on purpose)\n"
        "    calls: [{tool: t, args: {x: bad}, expect: {verdict: default_allowed}}]\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.xml"
    result = runner.invoke(app, ["test", str(tmp_path), "--format", "junit"])
    assert result.exit_code == 1
    report.write_text(result.stdout, encoding="utf-8")
    cases = [case for suite in JUnitXml.fromfile(str(report)) for case in suite]
    outcomes = {case.name: case.is_passed for case in cases}
    assert outcomes == {"good passes": True, "bad is allowed (wrong on purpose)": False}
