"""What the tool rules share: the tools a policy applies to, close names, SQRT quoting."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from sqrt_tools.semantics import ToolScope
from sqrt_tools.syntax import ast
from sqrt_tools.tools.catalog import ToolCatalog
from sqrt_tools.tools.definitions import Parameter, ToolDefinition

# How alike two names must be to suggest one for the other (difflib's ratio): close
# enough for a swapped, missing or doubled letter in names of five letters or more.
_CLOSE = 0.75


def applying(
    catalog: ToolCatalog, policy: ast.ToolPolicy | ast.ToolShorthand
) -> tuple[ToolDefinition, ...]:
    """The defined tools `policy` applies to (exact id or full-match regex)."""
    tool_id = policy.tool_id
    return catalog.applying(tool_id.value, regex=tool_id.kind == "r")


def scope_tools(catalog: ToolCatalog, scope: ToolScope) -> tuple[ToolDefinition, ...]:
    return applying(catalog, scope.policy)


def close_name(name: str, candidates: Iterable[str]) -> str | None:
    """The one candidate close to `name`; None when none is, or when several are."""
    unique = sorted(set(candidates))
    matches = difflib.get_close_matches(name, unique, n=2, cutoff=_CLOSE)
    return matches[0] if len(matches) == 1 else None


def parameter(tool: ToolDefinition, name: str) -> Parameter | None:
    return tool.parameter(name)


def sqrt_string(text: str) -> str:
    """`text` as a plain SQRT string literal (the inverse of `ast.decode_string`)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped.replace(chr(10), chr(92) + "n").replace(chr(9), chr(92) + "t")}"'


def accepts_any_argument(tool: ToolDefinition) -> bool:
    """True when the schema lets a call carry arguments it does not list."""
    extra = tool.input_schema.get("additionalProperties")
    return extra is True or isinstance(extra, dict) or "patternProperties" in tool.input_schema


def side_effects(tool: ToolDefinition) -> str | None:
    """Why the definition marks `tool` as side-effecting; None when it does not.

    [ours] Only hints written in the definition count: MCP's defaults (a tool without
    annotations is destructive and open-world) would mark every tool of every other
    shape, which has no annotations at all.
    """
    annotations = tool.raw.get("annotations")
    if not isinstance(annotations, dict) or annotations.get("readOnlyHint") is True:
        return None
    hints = [hint for hint in ("destructiveHint", "openWorldHint") if annotations.get(hint) is True]
    return " and ".join(f"`{hint}`" for hint in hints) or None


def covering(
    scopes: Iterable[ToolScope], catalog: ToolCatalog, tool: ToolDefinition
) -> list[ToolScope]:
    """The policies of a program that apply to `tool`."""
    return [scope for scope in scopes if tool in scope_tools(catalog, scope)]
