"""The rules that check policies against the agent's tool definitions.

Each rule on fixture policies against `tests/lint/tools/agent.mcp.json`: one that fires
(with a snapshot of every finding as `line:col code message`, and of the fixed text
where the rule offers a fix) and one that stays silent; and every rule silent when no
tools are configured.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sqrt_tools.lint import LintSettings, lint_source
from sqrt_tools.lint.fixes import apply_edits
from sqrt_tools.lint.selection import SELECTABLE
from sqrt_tools.tools.catalog import load_catalog
from tests.lint.helpers import only

TOOLS = Path(__file__).parent / "tools" / "agent.mcp.json"
CATALOG = load_catalog([str(TOOLS)])


def run(source: str, rule: str, **options: object) -> list[str]:
    settings = replace(only(rule, **{rule: options} if options else {}), tools=CATALOG)
    result = lint_source(source, settings)
    assert result.parse.ok
    return [f"{d.span.line}:{d.span.column} {d.code} {d.message}" for d in result.diagnostics]


def fixed(source: str, rule: str) -> str:
    """The text after applying every fix the rule offers (unsafe ones included)."""
    settings = replace(only(rule), tools=CATALOG)
    edits = [
        edit for d in lint_source(source, settings).diagnostics if d.fix for edit in d.fix.edits
    ]
    return apply_edits(source, edits)


def test_the_fixture_loads() -> None:
    assert CATALOG.errors == ()
    assert CATALOG.names == ("send_email", "send_sms", "delete_file", "read_file")


# --- unknown-tool ----------------------------------------------------------------------

TYPO = 'tool "send_emial" {\n    must deny when body.tags overlaps {"secret"};\n}\n'


def test_unknown_tool_fires_with_a_suggestion_and_an_unsafe_fix() -> None:
    assert run(TYPO, "unknown-tool") == [
        '1:6 SQ401 no tool named "send_emial" among the 4 defined tools; did you mean "send_email"?'
    ]
    assert fixed(TYPO, "unknown-tool") == TYPO.replace("send_emial", "send_email")
    (finding,) = lint_source(TYPO, replace(only("unknown-tool"), tools=CATALOG)).diagnostics
    assert finding.fix is not None and not finding.fix.safe


def test_unknown_tool_without_a_close_name_has_no_fix() -> None:
    source = 'tool "launch_rocket" { must deny always; }'
    assert run(source, "unknown-tool") == [
        '1:6 SQ401 no tool named "launch_rocket" among the 4 defined tools'
    ]
    assert fixed(source, "unknown-tool") == source


def test_unknown_tool_is_silent_for_defined_and_internal_tools() -> None:
    source = (
        'tool "send_email" { must deny always; }\n'
        'tool "parse_with_ai" { must deny when @args.tags overlaps {"__llm_blocked"}; }\n'
        'tool "complete_turn" -> session @tags |= {"done"};\n'
        'tool r"^nothing$" { must deny always; }\n'
    )
    assert run(source, "unknown-tool") == []


# --- regex-matches-no-tool -------------------------------------------------------------


def test_regex_matches_no_tool_fires_for_a_pattern_that_matches_nothing() -> None:
    source = 'tool r"^send_(mail|text)$" { must deny always; }'
    assert run(source, "regex-matches-no-tool") == [
        '1:6 SQ402 tool-id regex r"^send_(mail|text)$" matches none of the 4 defined tools: '
        "the policy applies to nothing"
    ]


def test_regex_matches_no_tool_is_silent_when_a_tool_or_internal_tool_matches() -> None:
    source = (
        'tool r"^send_.*$" { must deny always; }\n'
        'tool r"^parse_with_.*$" { must deny always; }\n'
        'tool r"^(unclosed$" { must deny always; }\n'
    )
    assert run(source, "regex-matches-no-tool") == []


# --- unknown-argument ------------------------------------------------------------------


def test_unknown_argument_fires_with_a_suggestion_and_an_unsafe_fix() -> None:
    source = 'tool "send_email" {\n    must deny when bdy.tags overlaps {"secret"};\n}\n'
    assert run(source, "unknown-argument") == [
        "2:20 SQ403 `send_email` has no parameter `bdy`; did you mean `body`?"
    ]
    assert fixed(source, "unknown-argument") == source.replace("bdy", "body")


def test_unknown_argument_of_a_regex_policy_lists_the_parameters() -> None:
    source = 'tool r"^send_.*$" { must deny when recipient.value in {"x"}; }'
    assert run(source, "unknown-argument") == [
        '1:36 SQ403 none of the 2 tools r"^send_.*$" matches has a parameter `recipient` '
        "(its parameters: `to`, `body`, `priority`, `copies`, `number`, `text`)"
    ]


def test_unknown_argument_is_silent_when_one_matched_tool_has_it() -> None:
    source = (
        'tool r"^send_.*$" { must deny when text.tags overlaps {"x"} or body.tags is empty; }\n'
        'tool "send_emial" { must deny when whatever.tags is empty; }\n'
        'tool "parse_with_ai" { must deny when query.tags is empty; }\n'
        "let shared = other.tags is empty;\n"
    )
    assert run(source, "unknown-argument") == []


# --- value-outside-schema --------------------------------------------------------------

VALUES = """\
tool "send_email" {
    must deny when priority.value in {"urgent", "high", r"crit.*"};
    must deny when copies.value in {int 7..9, 3, "two"};
    must deny when to.value == "not-an-address";
    must deny when body.value in {str matching r".*" length 6000..};
}
tool "send_sms" {
    must deny when number.value in {"0800", "+44800"};
    must deny when text.value in {str like w"*" length 200..300};
    must deny when text.value == true;
}
"""


def test_value_outside_schema_fires_for_each_impossible_element() -> None:
    assert run(VALUES, "value-outside-schema") == [
        '2:39 SQ404 `"urgent"` can never be a value of `priority`: it is not one of its '
        'values ("low", "normal", "high")',
        '2:57 SQ404 `r"crit.*"` can never be a value of `priority`: none of its values '
        '("low", "normal", "high") matches',
        "3:37 SQ404 `int 7..9` can never be a value of `copies`: its range (>= 1, <= 5) "
        "holds none of these numbers",
        '3:50 SQ404 `"two"` can never be a value of `copies`: it takes whole numbers, not strings',
        '4:32 SQ404 `"not-an-address"` can never be a value of `to`: it is not a valid email',
        '5:35 SQ404 `str matching r".*" length 6000..` can never be a value of `body`: its '
        "length limits (maxLength 5000) allow none of these lengths",
        '8:37 SQ404 `"0800"` can never be a value of `number`: it does not match its '
        'pattern "^\\\\+[0-9]+$"',
        '9:35 SQ404 `str like w"*" length 200..300` can never be a value of `text`: its '
        "length limits (minLength 1, maxLength 160) allow none of these lengths",
        "10:34 SQ404 `true` can never be a value of `text`: it takes strings, not booleans",
    ]


def test_value_outside_schema_judges_let_sets_as_a_whole() -> None:
    source = (
        'let levels = {"urgent", "asap"};\n'
        'let mixed = {"urgent", "high"};\n'
        'tool "send_email" {\n'
        "    must deny when priority.value in levels;\n"
        "    must deny when priority.value in mixed;\n"
        "}\n"
    )
    assert run(source, "value-outside-schema") == [
        '4:38 SQ404 no element of `levels` can be a value of `priority`: `"urgent"`: it is '
        'not one of its values ("low", "normal", "high")'
    ]


def test_value_outside_schema_is_silent_for_values_the_schema_allows() -> None:
    source = (
        'tool "send_email" {\n'
        '    must deny when priority.value in {"high", r"(low|normal)", w"hi*"};\n'
        "    must deny when copies.value in {int 4.., 1, float ..1.5};\n"
        '    must deny when to.value == "a@example.com" or "x" == body.value;\n'
        "}\n"
        'tool r"^(send_sms|read_file)$" { must deny when path.value in {"/etc/passwd"}; }\n'
    )
    assert run(source, "value-outside-schema") == []


# --- coverage --------------------------------------------------------------------------

COVERED = """\
tool "send_email" { must deny when body.tags overlaps {"secret"}; }
tool r"^(send_sms|read_file)$" -> @tags |= {"seen"};
"""


def test_uncovered_tool_names_each_tool_without_a_policy() -> None:
    assert run(COVERED, "uncovered-tool") == [
        "1:1 SQ405 no policy applies to the tool `delete_file` "
        f"({TOOLS.relative_to(Path.cwd()) if TOOLS.is_relative_to(Path.cwd()) else TOOLS}:30): "
        "the presets alone decide its calls"
    ]
    assert run(COVERED + 'tool "delete_file" -> @tags |= {"x"};\n', "uncovered-tool") == []


def test_unconstrained_side_effect_warns_for_marked_tools_without_checks() -> None:
    shown = TOOLS.relative_to(Path.cwd()) if TOOLS.is_relative_to(Path.cwd()) else TOOLS
    source = 'tool "send_email" -> @tags |= {"sent"};\n'
    assert run(source, "unconstrained-side-effect") == [
        f"1:1 SQ406 `send_email` ({shown}:4) is marked `openWorldHint` but no allow or deny "
        "rule applies to it: with default_allow on, every call of it is allowed",
        f"1:1 SQ406 `delete_file` ({shown}:30) is marked `destructiveHint` but no allow or "
        "deny rule applies to it: with default_allow on, every call of it is allowed",
    ]
    checked = 'tool r"^(send_email|delete_file)$" { must deny when @args.tags overlaps {"x"}; }\n'
    assert run(checked, "unconstrained-side-effect") == []
    assert run(source, "unconstrained-side-effect", **{"default-allow": False}) == []


# --- without tools ---------------------------------------------------------------------


@pytest.mark.parametrize("source", [TYPO, VALUES, COVERED])
def test_every_tool_rule_is_silent_without_tools(source: str) -> None:
    result = lint_source(source, LintSettings(enabled=frozenset(SELECTABLE)))
    assert [d.code for d in result.diagnostics if d.code.startswith("SQ4")] == []


def test_a_catalog_whose_files_all_failed_keeps_the_rules_silent(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"tools": [', encoding="utf-8")
    catalog = load_catalog([str(broken)])
    assert len(catalog.errors) == 1
    settings = replace(only("unknown-tool"), tools=catalog)
    assert lint_source(TYPO, settings).diagnostics == ()
