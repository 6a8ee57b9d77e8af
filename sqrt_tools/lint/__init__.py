"""The SQRT linter: rules, selection, suppressions and fixes.

`lint_source(source, settings)` parses and lints one policy and never raises;
`build_settings(find_config(path))` reads `sqrt.toml` / `[tool.sqrt]`; `fix_source`
applies safe fixes and proves the result still parses and keeps its comments.
"""

from sqrt_tools.lint.fixes import FixOutcome, fix_source
from sqrt_tools.lint.linter import LintResult, lint, lint_source
from sqrt_tools.lint.registry import RULES, lookup
from sqrt_tools.lint.rule import Category, Rule
from sqrt_tools.lint.settings import LintSettings, build_settings

__all__ = [
    "RULES",
    "Category",
    "FixOutcome",
    "LintResult",
    "LintSettings",
    "Rule",
    "build_settings",
    "fix_source",
    "lint",
    "lint_source",
    "lookup",
]
