"""Policy test outcomes as JUnit XML (`sqrt test --format junit`), for CI systems.

One `<testsuite>` per test file, one `<testcase>` per case; a failed case has a
`<failure>` whose text is the same diff the text report shows. A test file that cannot
be read is one failed test case named after the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sqrt_tools.evaluate.policytests.report_text import call_headline, failure_lines
from sqrt_tools.evaluate.policytests.run import CaseOutcome, FileOutcome
from sqrt_tools.safe_text import escape_control

# Characters XML 1.0 cannot hold even escaped, beyond the controls `escape_control`
# already makes visible: lone surrogates and the two non-characters.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _text(text: str) -> str:
    shown = escape_control(text)
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group(0)):04x}", shown)


def _message(case: CaseOutcome) -> str:
    """The failure in one line: the case's error, or what differed in which call."""
    if case.error is not None:
        return case.error
    failed = [call for call in case.calls if not call.passed]
    return "; ".join(
        f"{call_headline(call)}: {', '.join(m.what for m in call.mismatches)} differ"
        for call in failed
    )


def _case_element(suite: ET.Element, outcome: FileOutcome, case: CaseOutcome) -> None:
    element = ET.SubElement(
        suite,
        "testcase",
        classname=_text(str(outcome.path)),
        name=_text(case.name),
        file=_text(str(outcome.path)),
        line=str(case.line),
    )
    if case.passed:
        return
    single = FileOutcome(outcome.path, outcome.policy, (case,))
    failure = ET.SubElement(element, "failure", message=_text(_message(case)))
    failure.text = _text("\n".join(failure_lines(single)))


def render_junit(outcomes: list[FileOutcome]) -> str:
    root = ET.Element("testsuites", name="sqrt test")
    total = failed = 0
    for outcome in outcomes:
        cases = len(outcome.cases) + (outcome.error is not None)
        total += cases
        failed += outcome.failed
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_text(str(outcome.path)),
            tests=str(cases),
            failures=str(outcome.failed),
            errors="0",
            skipped="0",
        )
        if outcome.error is not None:
            element = ET.SubElement(
                suite, "testcase", classname=_text(str(outcome.path)), name="(test file)"
            )
            failure = ET.SubElement(element, "failure", message=_text(outcome.error))
            failure.text = _text(outcome.error)
        for case in outcome.cases:
            _case_element(suite, outcome, case)
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
