"""Policy test files: loading (with located errors), running, and the three reports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sqrt_tools.evaluate import Verdict
from sqrt_tools.evaluate.policytests import (
    FileOutcome,
    PolicyTestFileError,
    discover,
    load_test_file,
    run_test_file,
)
from sqrt_tools.evaluate.policytests.discover import DiscoveryError
from sqrt_tools.present.policytests import render_json, render_junit, render_text
from sqrt_tools.presets import Presets

COUNTER = """\
tool "refund" {
    session before {
        when "attempt1" in @tags { @tags |= {"attempt2"}; }
        @tags |= {"attempt1"};
    }
    hard deny when not "attempt2" in @session.tags;
    hard allow when "attempt2" in @session.tags;
    session after { @tags = {"refunded"}; }
    result { @tags |= {"receipt"}; }
}
"""

PASSING = """\
cases:
  - name: the second attempt is allowed
    calls:
      - tool: refund
        args: {order: A-1}
        expect: {verdict: hard_denied, fired: [6], session: {tags: [attempt1]}}
      - tool: refund
        args: {order: A-1}
        result: {id: R-1}
        expect:
          verdict: hard_allowed
          allowed: true
          fired: ['hard allow when "attempt2" in @session.tags']
          result: {value: {id: R-1}, meta: {tags: [__non_executable, receipt]}}
          session: {tags: [refunded]}
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, tests: str, policy: str = COUNTER) -> FileOutcome:
    write(tmp_path, "refund.sqrt", policy)
    return run_test_file(write(tmp_path, "refund.sqrt-test.yaml", tests))


def test_calls_of_a_case_share_the_session(tmp_path: Path) -> None:
    outcome = run(tmp_path, PASSING)
    assert outcome.error is None and (outcome.passed, outcome.failed) == (1, 0)
    (case,) = outcome.cases
    assert [call.decision.verdict for call in case.calls] == [
        Verdict.HARD_DENIED,
        Verdict.HARD_ALLOWED,
    ]


def test_each_case_starts_afresh_and_a_call_may_set_the_session(tmp_path: Path) -> None:
    tests = """\
cases:
  - name: first
    calls:
      - {tool: refund, expect: {verdict: hard_denied}}
  - name: fresh session again
    calls:
      - {tool: refund, expect: {verdict: hard_denied}}
  - name: set by the case and by a call
    session: {tags: [attempt1]}
    calls:
      - {tool: refund, expect: {verdict: hard_allowed}}
      - tool: refund
        session: {tags: []}
        expect: {verdict: hard_denied}
"""
    assert run(tmp_path, tests).failed == 0


def test_an_allowed_call_without_a_result_still_runs_its_after_blocks(tmp_path: Path) -> None:
    tests = """\
cases:
  - name: null result
    session: {tags: [attempt1]}
    calls:
      - tool: refund
        expect:
          result: {value: null, meta: {tags: [__non_executable, receipt]}}
          session: {tags: [refunded]}
"""
    assert run(tmp_path, tests).failed == 0


def test_failures_record_what_differed(tmp_path: Path) -> None:
    tests = """\
cases:
  - name: wrong expectations
    calls:
      - tool: refund
        expect:
          verdict: hard_allowed
          allowed: true
          fired: [7, 'soft deny always']
          result: {value: 1}
          session: {tags: [x], consumers: ['*']}
"""
    outcome = run(tmp_path, tests)
    assert (outcome.passed, outcome.failed) == (0, 1)
    mismatches = outcome.cases[0].calls[0].mismatches
    assert [(m.what, m.expected, m.actual) for m in mismatches] == [
        ("verdict", "hard_allowed", "hard_denied"),
        ("allowed", True, False),
        ("fired", [7, "soft deny always"], ['6: hard deny when not "attempt2" in @session.tags']),
        ("result.value", 1, "no result: the call did not run"),
        ("session.tags", ["x"], ["attempt1"]),
    ]


def test_the_text_report_looks_like_pytest(tmp_path: Path) -> None:
    write(tmp_path, "a/refund.sqrt", COUNTER)
    write(tmp_path, "a/refund.sqrt-test.yaml", PASSING)
    failing = PASSING.replace("verdict: hard_allowed", "verdict: soft_allowed")
    write(tmp_path, "b/refund.sqrt", COUNTER)
    write(tmp_path, "b/refund.sqrt-test.yaml", failing + PASSING.replace("cases:\n", ""))
    outcomes = [run_test_file(path) for path in discover([str(tmp_path)])]
    lines = render_text(outcomes)
    assert lines[0] == f"{tmp_path}/a/refund.sqrt-test.yaml ."
    assert lines[1] == f"{tmp_path}/b/refund.sqrt-test.yaml F."
    assert f"FAILED {tmp_path}/b/refund.sqrt-test.yaml:2: the second attempt is allowed" in lines
    assert "  call 2: refund (line 7), expected (-) and actual (+):" in lines
    assert "    - verdict: soft_allowed" in lines and "    + verdict: hard_allowed" in lines
    assert lines[-1] == "2 passed, 1 failed"


def test_the_json_report(tmp_path: Path) -> None:
    report = render_json([run(tmp_path, PASSING)])
    json.dumps(report)  # serialisable as it is
    assert (report["passed"], report["failed"]) == (1, 0)
    (file,) = report["files"]
    assert file["policy"].endswith("refund.sqrt")
    (case,) = file["cases"]
    assert case["outcome"] == "passed"
    assert [call["verdict"] for call in case["calls"]] == ["hard_denied", "hard_allowed"]
    assert case["calls"][0]["explanation"][0].startswith("denied by `hard deny when not")


def test_the_junit_report_is_valid_xml_with_the_expected_structure(tmp_path: Path) -> None:
    failing = PASSING.replace("verdict: hard_allowed", "verdict: soft_allowed")
    good = run(tmp_path, PASSING)
    bad = run_test_file(write(tmp_path, "bad.sqrt-test.yaml", "cases: [\n"))
    mixed = run(
        tmp_path / "m",
        failing.replace("name: the second attempt is allowed", 'name: "odd \\e[31m name"')
        + PASSING.replace("cases:\n", ""),
    )
    root = ET.fromstring(render_junit([good, bad, mixed]))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "0")
    suites = root.findall("testsuite")
    assert [s.get("tests") for s in suites] == ["1", "1", "2"]
    assert [s.get("failures") for s in suites] == ["0", "1", "1"]
    cases = [case for suite in suites for case in suite.findall("testcase")]
    assert [case.find("failure") is not None for case in cases] == [False, True, True, False]
    failure = cases[2].find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message") == "call 2: refund (line 7): verdict differ"
    assert "- verdict: soft_allowed" in failure.text
    assert cases[2].get("name") == "odd \\x1b[31m name"  # escaped: valid XML
    assert cases[2].get("line") == "2"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases: [\n", "t.sqrt-test.yaml:2: invalid YAML: expected the node content"),
        ("- 1\n", "t.sqrt-test.yaml:1: file: expected a mapping with policy, presets, cases"),
        ("policy: p.sqrt\ncases: []\n", "t.sqrt-test.yaml:1: cases: expected a non-empty list"),
        (
            "cases:\n  - name: a\n    calls:\n      - tool: t\n        expect: {verdict: nope}\n",
            "t.sqrt-test.yaml:5: cases[0].calls[0].expect.verdict: unknown verdict 'nope' "
            "(expected one of hard_denied, hard_allowed, soft_denied, soft_allowed, "
            "denied_no_allow, default_allowed, default_denied, regex_timeout)",
        ),
        (
            "cases:\n  - name: a\n    calls:\n      - tool: t\n        expect:\n"
            "          verdic: hard_denied\n",
            "t.sqrt-test.yaml:6: cases[0].calls[0].expect: unknown key 'verdic' (expected "
            "verdict, allowed, fired, result, session)",
        ),
        (
            "cases:\n  - name: a\n    calls:\n      - tool: t\n",
            "t.sqrt-test.yaml:4: cases[0].calls[0]: expected an `expect` mapping",
        ),
        (
            "cases:\n  - name: a\n    calls:\n      - tool: t\n        args: {x: {value: 1, "
            "meta: {tag: [a]}}}\n        expect: {allowed: true}\n",
            "t.sqrt-test.yaml:4: cases[0].calls[0].args.x.meta: unknown field 'tag'",
        ),
        (
            "base: &b {tool: t, expect: {allowed: true}}\ncases:\n  - name: a\n    calls: [*b]\n",
            "t.sqrt-test.yaml: invalid YAML: line 4: aliases (*name) are not allowed",
        ),
        (
            "presets: {non_executable_memory: false}\ncases: []\n",
            "t.sqrt-test.yaml:1: presets: unknown preset `non_executable_memory` "
            "(did you mean `enable_non_executable_memory`?)",
        ),
        (
            "presets:\n  llm_blocked_tag_enforcement_level: medium\ncases: []\n",
            "t.sqrt-test.yaml:2: presets: `llm_blocked_tag_enforcement_level`: "
            "expected 'hard' or 'soft'",
        ),
        (
            "cases:\n  - name: a\n    calls:\n      - tool: t\n        expect: {fired: [true]}\n",
            "t.sqrt-test.yaml:5: cases[0].calls[0].expect.fired: expected a rule line or rule "
            "text, found True",
        ),
    ],
)
def test_mistakes_in_test_files_are_located(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "t.sqrt-test.yaml", text)
    with pytest.raises(PolicyTestFileError) as caught:
        load_test_file(path)
    assert str(caught.value).startswith(f"{tmp_path}/{message}")


def test_a_broken_policy_fails_every_case_with_its_location(tmp_path: Path) -> None:
    outcome = run(tmp_path, PASSING, policy='tool "refund" { must deny when x.value in {r"("}; }')
    assert outcome.failed == 1
    error = outcome.cases[0].error
    assert error is not None
    assert error.startswith("the policy cannot be evaluated: ")
    assert f"{tmp_path}/refund.sqrt:1:44: invalid regular expression" in error


def test_the_policy_defaults_to_the_file_named_like_the_tests(tmp_path: Path) -> None:
    path = write(tmp_path, "x.sqrt-test.yaml", PASSING)
    assert load_test_file(path).policy == tmp_path / "x.sqrt"
    outcome = run_test_file(path)
    assert outcome.failed == 1 and outcome.error is not None
    assert "x.sqrt: cannot read the policy" in outcome.error
    named = write(tmp_path, "y.sqrt-test.yaml", "policy: sub/p.sqrt\n" + PASSING)
    assert load_test_file(named).policy == tmp_path / "sub" / "p.sqrt"


def test_discovery(tmp_path: Path) -> None:
    write(tmp_path, "p.sqrt", COUNTER)
    first = write(tmp_path, "p.sqrt-test.yaml", PASSING)
    second = write(tmp_path, "deeper/q.sqrt-test.yml", PASSING)
    write(tmp_path, ".hidden/r.sqrt-test.yaml", PASSING)
    write(tmp_path, "notes.yaml", "x: 1")
    assert discover([str(tmp_path)]) == [second, first]
    assert discover([str(tmp_path / "p.sqrt"), str(first)]) == [first]
    with pytest.raises(DiscoveryError, match="no such file or directory"):
        discover([str(tmp_path / "missing")])
    with pytest.raises(DiscoveryError, match="no test file next to it"):
        discover([str(write(tmp_path, "lonely.sqrt", COUNTER))])
    with pytest.raises(DiscoveryError, match="not a policy test file"):
        discover([str(tmp_path / "notes.yaml")])


def test_unquoted_yaml_dates_stay_strings_as_in_json(tmp_path: Path) -> None:
    policy = 'tool "book" { must deny when day.value in {datetime d"2025-12-24"..d"2025-12-26"}; }'
    tests = """\
cases:
  - name: dates written without quotes
    calls:
      - {tool: book, args: {day: 2025-12-25}, expect: {verdict: hard_denied}}
      - {tool: book, args: {day: 2025-12-27T10:00:00Z}, expect: {verdict: default_allowed}}
"""
    outcome = run(tmp_path, tests, policy=policy)
    assert outcome.failed == 0
    assert outcome.cases[0].calls[0].spec.args["day"].value == "2025-12-25"


AI_PARSER = """\
/// Support tickets hold customer data the quarantined model must not read.
tool "fetch_ticket" -> @tags |= {"__llm_blocked"};
"""

BLOCKED_CALL = """\
      - tool: parse_with_ai
        args:
          query: {value: "Ticket T-88: card ending 4417 declined", meta: {tags: [__llm_blocked]}}
          output_schema: '{"type": "object"}'
"""


def test_the_service_presets_apply_unless_the_file_says_otherwise(tmp_path: Path) -> None:
    default = "cases:\n  - name: blocked\n    calls:\n" + BLOCKED_CALL
    default += "        expect: {verdict: hard_denied}\n"
    assert run(tmp_path, default, policy=AI_PARSER).passed == 1

    soft = "presets: {llm_blocked_tag_enforcement_level: soft}\n" + default.replace(
        "hard_denied", "soft_denied"
    )
    assert run(tmp_path, soft, policy=AI_PARSER).passed == 1

    off = "presets: {enable_llm_blocked_tag: false}\n" + default.replace(
        "hard_denied", "default_allowed"
    )
    assert run(tmp_path, off, policy=AI_PARSER).passed == 1


def test_the_project_presets_and_the_command_line_layer_over_the_file(tmp_path: Path) -> None:
    tests = "presets: {enable_llm_blocked_tag: true}\ncases:\n  - name: blocked\n    calls:\n"
    tests += BLOCKED_CALL + "        expect: {verdict: default_allowed}\n"
    write(tmp_path, "refund.sqrt", AI_PARSER)
    path = write(tmp_path, "refund.sqrt-test.yaml", tests)
    project = Presets().updated({"enable_llm_blocked_tag": False})

    # The file's block overrides the project's presets: the preset is on and denies.
    assert run_test_file(path, project).failed == 1
    # The command line overrides the file.
    assert run_test_file(path, project, {"enable_llm_blocked_tag": False}).passed == 1
    bad = run_test_file(path, project, {"enable_llm_blocked": False})
    assert bad.error is not None and "unknown preset `enable_llm_blocked`" in bad.error
