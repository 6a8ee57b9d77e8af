"""`sqrt rule`: a rule's documentation, or the list of all rules.

`sqrt rule unused-let` (or `sqrt rule SQ301`) prints what the rule flags, why it
matters, an example and the preferred form; `sqrt rule --all` lists every rule with
its code, category, default severity, whether it runs by default and whether it can
fix what it finds. `--format json` gives the same as data.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from sqrt_tools.lint.rule import Rule


class RuleFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def rule(
    name: Annotated[
        str | None, typer.Argument(help="A rule name (unused-let) or code (SQ301).")
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="List every rule.")] = False,
    output_format: Annotated[
        RuleFormat, typer.Option("--format", help="Output format.")
    ] = RuleFormat.TEXT,
) -> None:
    """Explain a lint rule, or list them all with --all."""
    from sqrt_tools.lint.registry import RULES, lookup
    from sqrt_tools.safe_text import escape_control

    if show_all == (name is not None):
        sys.stderr.write("sqrt rule: give a rule name or code, or --all\n")
        raise typer.Exit(2)
    if show_all:
        if output_format is RuleFormat.JSON:
            sys.stdout.write(json.dumps([rule_json(r) for r in RULES], indent=2) + "\n")
        else:
            sys.stdout.write(rule_table(RULES))
        raise typer.Exit(0)
    assert name is not None
    found = lookup(name)
    if found is None:
        shown = escape_control(name, keep_newlines=False)
        sys.stderr.write(f"sqrt rule: no rule called `{shown}` (see `sqrt rule --all`)\n")
        raise typer.Exit(2)
    if output_format is RuleFormat.JSON:
        sys.stdout.write(json.dumps(rule_json(found), indent=2) + "\n")
    else:
        sys.stdout.write(rule_text(found))
    raise typer.Exit(0)


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "category": str(rule.category),
        "severity": str(rule.severity),
        "enabled_by_default": rule.enabled_by_default,
        "fix": str(rule.fix),
        "fix_safety": None if str(rule.fix) == "none" else str(rule.fix_safety),
        "summary": rule.summary(),
        "options": {
            key: {"default": option.default, "description": option.description}
            for key, option in rule.options.items()
        },
        "documentation": rule.documentation(),
    }


def rule_text(rule: Rule) -> str:
    """The header line and the documentation, as `sqrt rule NAME` prints it."""
    default = "on" if rule.enabled_by_default else "off"
    header = (
        f"{rule.code} {rule.name}\n"
        f"category: {rule.category}   severity: {rule.severity}   "
        f"default: {default}   fix: {rule.fix_description()}\n\n"
    )
    return header + rule.documentation() + "\n"


def rule_table(rules: tuple[Rule, ...]) -> str:
    rows = [("code", "name", "category", "severity", "default", "fix")]
    rows.extend(
        (
            r.code,
            r.name,
            str(r.category),
            str(r.severity),
            "on" if r.enabled_by_default else "off",
            r.fix_description(),
        )
        for r in rules
    )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        + "\n"
        for row in rows
    )


def register(app: typer.Typer) -> None:
    """Add the `rule` command to `app`."""
    app.command("rule")(rule)
