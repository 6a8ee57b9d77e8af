"""Every rule documents itself, and its documentation is a test: the example fires the
rule and the preferred form does not."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from sqrt_tools.lint import RULES, LintSettings, Rule, lint_source
from sqrt_tools.lint.selection import SELECTABLE
from sqrt_tools.tools.catalog import ToolCatalog
from sqrt_tools.tools.definitions import parse_tools_text

BLOCK = re.compile(r"^## (Example|Instead)\n```sqrt\n(.*?)^```", re.M | re.S)
# The tool rules' examples name the agent's tools in a JSON block after the policy.
TOOLS_BLOCK = re.compile(r"^## Example\n.*?^```json\n(.*?)^```", re.M | re.S)


def settings_for(rule: Rule) -> LintSettings:
    """Every rule, with the tools the rule's example names (if it names any)."""
    every_rule = LintSettings(enabled=frozenset(SELECTABLE))
    found = TOOLS_BLOCK.search(rule.documentation())
    if found is None:
        return every_rule
    tools = parse_tools_text(found.group(1), source="tools.json", yaml=False)
    return replace(every_rule, tools=ToolCatalog(tools))


def blocks(rule: Rule) -> dict[str, str]:
    return dict(BLOCK.findall(rule.documentation()))


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_the_documentation_has_its_four_parts(rule: Rule) -> None:
    documentation = rule.documentation()
    assert rule.summary().startswith("Flags "), "what it flags comes first"
    assert rule.section("Why it matters")
    assert set(blocks(rule)) == {"Example", "Instead"}
    instead = rule.section("Instead")
    says_fix = "--fix" in instead
    assert says_fix == (str(rule.fix) != "none"), "the Instead part says whether --fix helps"
    assert documentation.index("## Why it matters") < documentation.index("## Example")


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_the_example_fires_and_the_preferred_form_is_silent(rule: Rule) -> None:
    every_rule = settings_for(rule)
    example, instead = blocks(rule)["Example"], blocks(rule)["Instead"]
    assert rule.code in {d.code for d in lint_source(example, every_rule).diagnostics}
    silent = lint_source(instead, every_rule)
    assert silent.parse.ok
    # The preferred form is clean under every rule, except that most examples do not
    # bother with doc comments (an off-by-default style rule).
    leftover = [d for d in silent.diagnostics if d.rule != "missing-doc-comment"]
    assert leftover == []


def test_codes_and_names_are_unique_and_grouped_by_category() -> None:
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    prefixes = {"syntax": "SQ0", "suppression": "SQ0", "correctness": "SQ1"}
    prefixes |= {"suspicious": "SQ2", "style": "SQ3", "tools": "SQ4"}
    for rule in RULES:
        assert rule.code.startswith(prefixes[rule.category]), rule.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name


def test_tool_rules_give_their_example_tools_and_are_silent_without_tools() -> None:
    for rule in RULES:
        if str(rule.category) != "tools":
            continue
        assert TOOLS_BLOCK.search(rule.documentation()), rule.name
        example = blocks(rule)["Example"]
        no_tools = lint_source(example, LintSettings(enabled=frozenset(SELECTABLE)))
        assert rule.code not in {d.code for d in no_tools.diagnostics}, rule.name


def test_style_rules_are_off_or_informational_by_default() -> None:
    for rule in RULES:
        if str(rule.category) == "style":
            assert not rule.enabled_by_default or str(rule.severity) == "info", rule.name
