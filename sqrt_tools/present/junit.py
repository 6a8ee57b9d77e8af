"""The one JUnit XML writer, for every command that reports as JUnit (`sqrt check` and
`sqrt test --format junit`).

Callers turn their results into `Suite`s of `Case`s; this module owns the document's
shape, its counts and how outside text is made safe for XML: attribute values on one
line, failure bodies with their line breaks, control characters shown visibly by
`safe_text.escape_control` (XML 1.0 cannot hold most of them even escaped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from sqrt_tools.safe_text import escape_control

# Characters XML 1.0 cannot hold even escaped, beyond the controls `escape_control`
# already makes visible: lone surrogates and the two non-characters.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


def one_line(text: str) -> str:
    """Outside text for an attribute or a one-line message: every control made visible."""
    return _xml_safe(escape_control(text, keep_newlines=False, keep_tabs=False))


def block(text: str) -> str:
    """Outside text for a failure's body: line breaks and tabs kept, other controls visible."""
    return _xml_safe(escape_control(text))


@dataclass(frozen=True, slots=True)
class Failure:
    message: str  # one line
    body: str  # may span lines
    kind: str | None = None  # the `type` attribute, e.g. a rule code


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    classname: str
    file: str | None = None
    line: int | None = None
    failure: Failure | None = None


@dataclass(frozen=True, slots=True)
class Suite:
    name: str
    cases: tuple[Case, ...]


def render(title: str, suites: list[Suite]) -> str:
    """The JUnit document: `<testsuites name=title>`, one `<testsuite>` per suite."""
    total = sum(len(suite.cases) for suite in suites)
    failures = sum(_failures(suite) for suite in suites)
    root = ET.Element(
        "testsuites",
        {"name": title, "tests": str(total), "failures": str(failures), "errors": "0"},
    )
    for suite in suites:
        element = ET.SubElement(
            root,
            "testsuite",
            {
                "name": one_line(suite.name),
                "tests": str(len(suite.cases)),
                "failures": str(_failures(suite)),
                "errors": "0",
                "skipped": "0",
            },
        )
        for case in suite.cases:
            _case(element, case)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _failures(suite: Suite) -> int:
    return sum(case.failure is not None for case in suite.cases)


def _case(suite: ET.Element, case: Case) -> None:
    attributes = {"name": one_line(case.name), "classname": one_line(case.classname)}
    if case.file is not None:
        attributes["file"] = one_line(case.file)
    if case.line is not None:
        attributes["line"] = str(case.line)
    element = ET.SubElement(suite, "testcase", attributes)
    failure = case.failure
    if failure is None:
        return
    failure_attributes = {"message": one_line(failure.message)}
    if failure.kind is not None:
        failure_attributes["type"] = one_line(failure.kind)
    ET.SubElement(element, "failure", failure_attributes).text = block(failure.body)
