"""Flags a tool of the agent that no policy in the file applies to.

## Why it matters
A call of a tool with no policy is decided by the presets alone (with the dual-LLM
defaults: allowed). That may be what you want for a harmless tool, but a tool added
to the agent after the policy was written gets no review at all. Off by default: a
policy set is often split over several files, and this rule judges each file alone;
turn it on (`extend-select = ["uncovered-tool"]`) when one file is the agent's whole
policy, or use `sqrt tools`, which judges every file together. Silent when no tool
definitions are configured.

## Example
```sqrt
tool "send_email" {
    must deny when body.tags overlaps {"secret"};
}
```
With the agent's tools (`sqrt check --tools tools.json`):
```json
[{"name": "send_email", "input_schema": {"type": "object", "properties": {
    "body": {"type": "string"}}}},
 {"name": "read_inbox", "input_schema": {"type": "object", "properties": {}}}]
```

## Instead
```sqrt
tool "send_email" {
    must deny when body.tags overlaps {"secret"};
}

tool "read_inbox" -> @tags |= {"untrusted"};
```
There is no automatic fix: what the policy for the tool should say is yours to decide.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.lint.rules._agent import covering
from sqrt_tools.syntax.diagnostics import Severity
from sqrt_tools.tools.catalog import shown


class UncoveredTool(Rule):
    code = "SQ405"
    name = "uncovered-tool"
    category = Category.TOOLS
    severity = Severity.INFO
    enabled_by_default = False

    def finish(self, check: Checker) -> None:
        catalog = check.tools
        if catalog is None:
            return
        for tool in catalog.tools:
            if covering(check.model.tools, catalog, tool):
                continue
            where = f" ({shown(tool.file)}:{tool.position.line})" if tool.position else ""
            check.report(
                check.span(0, 0),
                f"no policy applies to the tool `{tool.name}`{where}: the presets alone "
                "decide its calls",
            )
