"""The coverage report of `sqrt tools` as text, JSON or Markdown.

Tool names, descriptions and messages come from files the user may not have written:
text goes through `escape_control`, Markdown through `escape_markdown`, JSON through
`escape_json_text` (the one escaping path, `sqrt_tools.safe_text`).
"""

from __future__ import annotations

import json
from typing import Any

from sqrt_tools.coverage import AppliedPolicy, CoverageReport, Finding, ToolReport
from sqrt_tools.safe_text import escape_control, escape_json_text, escape_markdown
from sqrt_tools.tools.catalog import shown

_VERDICT_WORDS = {
    "hard_denied": "denied (hard)",
    "hard_allowed": "allowed (hard)",
    "soft_denied": "denied (soft)",
    "soft_allowed": "allowed (soft)",
    "denied_no_allow": "denied (no allow rule fired)",
    "default_allowed": "allowed (default_allow)",
    "default_denied": "denied (default_allow off)",
    "regex_timeout": "denied (regex timeout)",
}


def render_text(report: CoverageReport) -> str:
    lines: list[str] = []
    for tool in report.tools:
        lines.append(_text_heading(tool))
        if tool.policies:
            lines.extend(f"  policy  {_policy(p)}" for p in tool.policies)
        else:
            lines.append("  policy  none")
        lines.append(f"  reads   {', '.join(tool.arguments) or 'no argument'}")
        lines.append(f"  default {_verdict(tool.default_verdict)}")
        lines.extend(f"  {f.severity:<7} {_finding(f)}" for f in tool.findings)
        lines.append("")
    if report.unmatched:
        lines.append("Policies for no defined tool:")
        lines.extend(f"  {f.severity:<7} {_finding(f)}" for f in report.unmatched)
        lines.append("")
    lines.append(_summary(report))
    return escape_control("\n".join(lines)) + "\n"


def render_json(report: CoverageReport) -> str:
    document = {
        "tools": [_tool_json(tool) for tool in report.tools],
        "unmatched": [_finding_json(f) for f in report.unmatched],
        "problems": list(report.problems),
        "summary": {
            "tools": len(report.tools),
            "covered": len(report.tools) - len(report.uncovered),
            "uncovered": [tool.tool.name for tool in report.uncovered],
        },
    }
    return escape_json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def render_markdown(report: CoverageReport) -> str:
    out = [
        "## Tool coverage",
        "",
        _summary(report, markdown=True),
        "",
        "| tool | policies | arguments read | default call | findings |",
        "|---|---|---|---|---|",
    ]
    for tool in report.tools:
        policies = "<br>".join(escape_markdown(_policy(p)) for p in tool.policies) or "**none**"
        arguments = ", ".join(escape_markdown(a) for a in tool.arguments) or "none"
        findings = "<br>".join(
            f"{f.severity}: {escape_markdown(f.message)} ({f.code})" for f in tool.findings
        )
        out.append(
            f"| {escape_markdown(tool.tool.name)} | {policies} | {arguments} | "
            f"{escape_markdown(_verdict(tool.default_verdict))} | {findings or 'none'} |"
        )
    if report.unmatched:
        out += ["", "### Policies for no defined tool", ""]
        out += [f"- {escape_markdown(_finding(f))}" for f in report.unmatched]
    if report.problems:
        out += ["", "### Not judged", ""]
        out += [f"- {escape_markdown(problem)}" for problem in report.problems]
    return "\n".join(out) + "\n"


# --- pieces ---------------------------------------------------------------------------


def _text_heading(tool: ToolReport) -> str:
    where = shown(tool.tool.file) if tool.tool.file else ""
    if where and tool.tool.position is not None:
        where += f":{tool.tool.position.line}"
    marks = " [side effects]" if tool.side_effects else ""
    return f"{tool.tool.name}{marks}  ({where})" if where else f"{tool.tool.name}{marks}"


def _policy(policy: AppliedPolicy) -> str:
    how = "regex" if policy.regex else "exact"
    checks = "check rule" if policy.check_rules == 1 else "check rules"
    return (
        f"{policy.path}:{policy.line}  tool {policy.tool_id} ({how}, {policy.check_rules} {checks})"
    )


def _verdict(verdict: str | None) -> str:
    if verdict is None:
        return "not evaluated"
    return _VERDICT_WORDS.get(verdict, verdict)


def _finding(finding: Finding) -> str:
    where = f"{shown(finding.path)}:{finding.line}:{finding.column}" if finding.line else ""
    prefix = f"{where}: " if where else ""
    return f"{prefix}{finding.code} [{finding.rule}] {finding.message}"


def _summary(report: CoverageReport, *, markdown: bool = False) -> str:
    total = len(report.tools)
    uncovered = report.uncovered
    names = ", ".join(escape_markdown(t.tool.name) if markdown else t.tool.name for t in uncovered)
    text = f"{total - len(uncovered)} of {total} tools have a policy"
    if uncovered:
        text += f"; no policy for {names}"
    return text + "."


def _tool_json(tool: ToolReport) -> dict[str, Any]:
    position = tool.tool.position
    return {
        "name": tool.tool.name,
        "description": tool.tool.description,
        "file": tool.tool.file,
        "line": position.line if position else None,
        "side_effects": tool.side_effects,
        "policies": [
            {
                "file": p.path,
                "line": p.line,
                "tool_id": p.tool_id,
                "match": "regex" if p.regex else "exact",
                "check_rules": p.check_rules,
            }
            for p in tool.policies
        ],
        "arguments_read": list(tool.arguments),
        "default_verdict": tool.default_verdict,
        "findings": [_finding_json(f) for f in tool.findings],
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "file": finding.path,
        "line": finding.line,
        "column": finding.column,
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
    }
