"""Looking rules up by code, name or category, as users write them."""

from __future__ import annotations

from sqrt_tools.lint.rule import Rule
from sqrt_tools.lint.rules import ALL_RULES

RULES: tuple[Rule, ...] = ALL_RULES
_BY_KEY: dict[str, Rule] = {}
for _rule in RULES:
    _BY_KEY[_rule.code.upper()] = _rule
    _BY_KEY[_rule.name] = _rule


def lookup(name_or_code: str) -> Rule | None:
    """The rule called `name_or_code` (a code like `SQ101` or a name like `unused-let`)."""
    key = name_or_code.strip()
    return _BY_KEY.get(key.upper()) or _BY_KEY.get(key.lower())


# Rules the linter reports itself rather than through `visit`/`finish`.
SYNTAX_CODE = "SQ000"
SUPPRESSION_CODES = frozenset({"SQ001", "SQ002"})
