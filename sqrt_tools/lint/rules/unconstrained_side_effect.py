"""Flags a tool its definition marks as side-effecting that no check rule constrains.

## Why it matters
MCP tool annotations say what a tool does: `destructiveHint` (it may delete or
overwrite) and `openWorldHint` (it reaches outside the agent: the web, other people),
unless `readOnlyHint` says it changes nothing. While `default_allow` is on (the
dual-LLM default), a call of such a tool that no `allow`/`deny` rule looks at is
allowed whatever data flows into it: the prompt injection the policy was meant to stop.
Only hints written in the definition count. Off by default for the reason
`uncovered-tool` is. The rule reads `default_allow` from the project's presets
(`[tool.sqrt.presets]`, or `[presets]` in `sqrt.toml`, over the dual-LLM default): it is
silent when they turn `default_allow` off. Silent when no tool definitions are configured.

## Example
```sqrt
tool "delete_file" -> @tags |= {"audited"};
```
With the agent's tools (`sqrt check --tools tools.json`):
```json
{"tools": [{"name": "delete_file", "annotations": {"destructiveHint": true},
            "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}}}]}
```

## Instead
```sqrt
tool "delete_file" {
    must deny when path.tags overlaps {"untrusted"};
}
```
There is no automatic fix: only you know what may reach the tool.
"""

from __future__ import annotations

from sqrt_tools.lint.rule import Category, Checker, Rule
from sqrt_tools.lint.rules._agent import covering, side_effects
from sqrt_tools.syntax.diagnostics import Severity
from sqrt_tools.tools.catalog import shown


class UnconstrainedSideEffect(Rule):
    code = "SQ406"
    name = "unconstrained-side-effect"
    category = Category.TOOLS
    severity = Severity.WARNING
    enabled_by_default = False

    def finish(self, check: Checker) -> None:
        catalog = check.tools
        if catalog is None or not _default_allow(check):
            return
        for tool in catalog.tools:
            hints = side_effects(tool)
            if hints is None:
                continue
            if any(scope.check_rules for scope in covering(check.model.tools, catalog, tool)):
                continue
            where = f" ({shown(tool.file)}:{tool.position.line})" if tool.position else ""
            check.report(
                check.span(0, 0),
                f"`{tool.name}`{where} is marked {hints} but no allow or deny rule applies to "
                "it: with default_allow on, every call of it is allowed",
            )


def _default_allow(check: Checker) -> bool:
    """`default_allow` of the project's presets (the one presets model decides the
    default: [doc] on in dual-LLM mode)."""
    from sqrt_tools.presets import DEFAULT_PRESETS

    return (check.presets or DEFAULT_PRESETS).default_allow
