"""Rule selection (codes, prefixes, names, categories, ALL; layers), configuration
files (severity, options, per-file ignores, excludes) and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqrt_tools.config import ConfigError, ConfigFile, find_config
from sqrt_tools.lint import build_settings, lint_source, lookup
from sqrt_tools.lint.selection import (
    DEFAULT_ENABLED,
    SelectionLayer,
    SelectorError,
    parse_selector,
    parse_selectors,
    resolve,
)
from sqrt_tools.syntax.diagnostics import Severity


def layer(
    select: list[str] | None = None, extend: tuple[str, ...] = (), ignore: tuple[str, ...] = ()
) -> SelectionLayer:
    return SelectionLayer(
        select=parse_selectors(select) if select is not None else None,
        extend_select=parse_selectors(extend),
        ignore=parse_selectors(ignore),
    )


def test_defaults_leave_the_opt_in_style_rules_off() -> None:
    assert "SQ101" in DEFAULT_ENABLED and "SQ301" in DEFAULT_ENABLED
    assert not {"SQ304", "SQ305", "SQ306"} & DEFAULT_ENABLED
    assert "SQ000" not in DEFAULT_ENABLED  # syntax errors are not a selectable rule


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("SQ101", {"SQ101"}),
        ("undefined-name", {"SQ101"}),
        ("sq10", {f"SQ10{n}" for n in range(1, 10)}),
        ("suspicious", {f"SQ20{n}" for n in range(1, 7)}),
        ("STYLE", {f"SQ30{n}" for n in range(1, 7)}),
    ],
)
def test_a_selector_names_codes_names_prefixes_or_categories(
    selector: str, expected: set[str]
) -> None:
    assert parse_selector(selector).codes == expected


@pytest.mark.parametrize("selector", ["SQ9", "nonsense", "SQ000", "syntax"])
def test_unknown_selectors_and_syntax_errors_cannot_be_selected(selector: str) -> None:
    if selector in ("SQ000", "syntax"):
        assert parse_selector(selector).codes == frozenset()
    else:
        with pytest.raises(SelectorError, match="unknown rule selector"):
            parse_selector(selector)


def test_select_replaces_extend_adds_ignore_removes() -> None:
    assert resolve([layer(["correctness"])]) == parse_selector("correctness").codes
    assert resolve([layer(extend=("let-naming",))]) == DEFAULT_ENABLED | {"SQ305"}
    assert resolve([layer(ignore=("style",))]) == DEFAULT_ENABLED - parse_selector("style").codes


def test_the_more_specific_selector_wins_and_ignore_wins_a_tie() -> None:
    assert resolve([layer(["style"], ignore=("SQ3",))]) == frozenset()  # prefix beats category
    assert resolve([layer(["unused-let"], ignore=("style",))]) == {"SQ301"}
    assert resolve([layer(["SQ301"], ignore=("unused-let",))]) == frozenset()


def test_a_later_layer_that_selects_starts_over() -> None:
    config = layer(["ALL"], ignore=("SQ206",))
    command_line = layer(["SQ2"])
    assert resolve([config, command_line]) == parse_selector("SQ2").codes
    assert "SQ206" not in resolve([config, layer(extend=("SQ101",))])


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_configuration_from_pyproject_sets_selection_severity_and_options(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pyproject.toml",
        "[tool.sqrt]\n"
        'extend-select = ["let-naming"]\n'
        'ignore = ["unused-let"]\n'
        "[tool.sqrt.rules.unanchored-tool-regex]\n"
        'severity = "error"\n'
        "[tool.sqrt.rules.let-naming]\n"
        'pattern = "^[a-z]+$"\n',
    )
    policy = write(tmp_path, "p.sqrt", 'let bad_name = {};\ntool r"a.*" -> @tags |= bad_name;\n')
    settings = build_settings(find_config(policy))
    result = lint_source(policy.read_text(), settings, path=str(policy))
    found = [(d.rule, d.severity) for d in result.diagnostics]
    assert found == [("let-naming", Severity.INFO), ("unanchored-tool-regex", Severity.ERROR)]


def test_per_file_ignores_and_excludes_match_paths_relative_to_the_config(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        "sqrt.toml",
        'exclude = ["generated/*"]\n[per-file-ignores]\n"legacy/*.sqrt" = ["style"]\n',
    )
    settings = build_settings(find_config(config))
    (tmp_path / "legacy").mkdir()
    legacy = str(tmp_path / "legacy" / "old.sqrt")
    fresh = str(tmp_path / "new.sqrt")
    assert "SQ301" not in settings.enabled_for(legacy)
    assert "SQ301" in settings.enabled_for(fresh)
    assert settings.is_excluded(str(tmp_path / "generated" / "x.sqrt"))
    assert not settings.is_excluded(fresh)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('select = "SQ1"', "`select` must be a list of strings"),
        ('select = ["SQ999"]', "unknown rule selector `SQ999`"),
        ('[rules.nope]\nseverity = "error"', "`rules.nope`: no such rule"),
        ('[rules.unused-let]\nseverity = "fatal"', '`rules.unused-let.severity` must be "error"'),
        ("[rules.let-naming]\npattern = 3", "`rules.let-naming.pattern` must be a string"),
        ('[rules.let-naming]\npattern = "("', "`rules.let-naming.pattern` is not a valid regular"),
        ("[rules.unused-let]\ncolour = 1", "`rules.unused-let.colour`: unknown option"),
        ('[per-file-ignores]\n"*.sqrt" = "style"', "must be a list of rule selectors"),
    ],
)
def test_bad_configuration_is_one_error_naming_the_file(
    tmp_path: Path, toml: str, message: str
) -> None:
    config = write(tmp_path, "sqrt.toml", toml + "\n")
    with pytest.raises(ConfigError) as raised:
        build_settings(find_config(config))
    assert str(raised.value).startswith(str(config.resolve()))
    assert message in str(raised.value)


def test_rule_options_default_when_not_configured() -> None:
    settings = build_settings(ConfigFile(None))
    rule = lookup("keyword-synonym")
    assert rule is not None
    assert settings.options_for(rule) == {"enforcement": "must", "set-operators": "symbols"}
