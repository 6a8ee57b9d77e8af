"""Linter settings: enabled rules, severities, options, per-file ignores, excludes.

Read from the top level of `sqrt.toml` or `[tool.sqrt]` in `pyproject.toml`:

    select = ["correctness", "suspicious"]     # replaces the default set
    extend-select = ["let-naming"]            # adds to it
    ignore = ["SQ206"]                        # removes from it
    exclude = ["generated/*.sqrt"]           # skipped when searching directories
    [per-file-ignores]
    "legacy/*.sqrt" = ["unused-let"]
    [rules.unanchored-tool-regex]
    severity = "error"                       # error | warning | info
    [rules.let-naming]
    pattern = "^[a-z][a-z0-9_]*$"             # a rule option
    tools = ["tools/", "mcp/*.json"]          # the agent's tool definitions (the `tools` rules)
    [presets]
    default_allow = false                    # the service's presets (the `tools` rules read them)

Patterns are matched (fnmatch: `*` also crosses `/`) against the path relative to the
configuration file's directory, and patterns without `/` also against the file name.
Tool files (files, directories or globs) are resolved relative to that directory too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from sqrt_tools.config import ConfigError, ConfigFile
from sqrt_tools.lint.registry import lookup
from sqrt_tools.lint.rule import Rule
from sqrt_tools.lint.selection import (
    DEFAULT_ENABLED,
    SelectionLayer,
    SelectorError,
    parse_selectors,
    resolve,
)
from sqrt_tools.syntax.diagnostics import Severity

if TYPE_CHECKING:
    from sqrt_tools.presets import Presets
    from sqrt_tools.tools.catalog import ToolCatalog


@dataclass(frozen=True, slots=True)
class LintSettings:
    enabled: frozenset[str] = DEFAULT_ENABLED
    severities: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    exclude: tuple[str, ...] = ()
    root: Path | None = None
    tools: ToolCatalog | None = None  # None: no tools configured
    # The project's presets (`[tool.sqrt.presets]` over the dual-LLM defaults); None:
    # the service's dual-LLM defaults.
    presets: Presets | None = None

    def enabled_for(self, path: str | None) -> frozenset[str]:
        """The rules that run on `path` (per-file ignores applied)."""
        if path is None or not self.per_file_ignores:
            return self.enabled
        ignored: set[str] = set()
        for pattern, codes in self.per_file_ignores:
            if self._matches(pattern, path):
                ignored |= codes
        return self.enabled - ignored

    def is_excluded(self, path: str) -> bool:
        return any(self._matches(pattern, path) for pattern in self.exclude)

    def severity_of(self, rule: Rule) -> Severity:
        return self.severities.get(rule.code, rule.severity)

    def options_for(self, rule: Rule) -> Mapping[str, Any]:
        chosen = self.options.get(rule.code, {})
        return {name: chosen.get(name, option.default) for name, option in rule.options.items()}

    def _matches(self, pattern: str, path: str) -> bool:
        pure = PurePath(path)
        relative = pure
        if self.root is not None:
            try:
                relative = Path(path).resolve().relative_to(self.root.resolve())
            except (ValueError, OSError):
                relative = pure
        candidates = [relative.as_posix(), pure.as_posix()]
        if "/" not in pattern:
            candidates.append(pure.name)
        return any(fnmatchcase(candidate, pattern) for candidate in candidates)


def build_settings(
    config: ConfigFile,
    command_line: SelectionLayer | None = None,
    *,
    tools: Sequence[str] | None = None,
) -> LintSettings:
    """Settings from a configuration file plus command-line selection. Raises ConfigError.

    `tools` (tool files named on the command line, relative to the working directory)
    replaces the configuration's `tools` list [ours: as any command-line option does].
    """
    where = str(config.path) if config.path is not None else "configuration"
    data = config.settings
    try:
        layer = SelectionLayer(
            select=(parse_selectors(_strings(data, "select", where)) if "select" in data else None),
            extend_select=parse_selectors(_strings(data, "extend-select", where)),
            ignore=parse_selectors(_strings(data, "ignore", where)),
        )
        per_file = tuple(
            (pattern, frozenset().union(*(s.codes for s in parse_selectors(selectors))))
            for pattern, selectors in _table_of_lists(data, "per-file-ignores", where).items()
        )
    except SelectorError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    layers = [layer] if command_line is None else [layer, command_line]
    severities, options = _rule_tables(data, where)
    return LintSettings(
        enabled=resolve(layers),
        severities=severities,
        options=options,
        per_file_ignores=per_file,
        exclude=tuple(_strings(data, "exclude", where)),
        root=config.root,
        tools=_tool_catalog(data, where, config.root, tools),
        presets=_presets(config),
    )


def _presets(config: ConfigFile) -> Presets:
    # Loaded here, not at import: `sqrt fmt` reads settings without needing presets.
    from sqrt_tools.presets import PresetsError, configured_presets

    try:
        return configured_presets(config)
    except PresetsError as exc:
        raise ConfigError(str(exc)) from None


def _tool_catalog(
    data: Mapping[str, Any], where: str, root: Path | None, command_line: Sequence[str] | None
) -> ToolCatalog | None:
    from sqrt_tools.tools.catalog import load_catalog

    if command_line:
        return load_catalog(command_line, Path.cwd())
    entries = _strings(data, "tools", where)
    return load_catalog(entries, root) if entries else None


def _strings(data: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    return value


def _table_of_lists(data: Mapping[str, Any], key: str, where: str) -> dict[str, list[str]]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: `{key}` must be a table")
    for pattern, items in value.items():
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise ConfigError(f'{where}: `{key}."{pattern}"` must be a list of rule selectors')
    return value


def _rule_tables(
    data: Mapping[str, Any], where: str
) -> tuple[dict[str, Severity], dict[str, dict[str, Any]]]:
    tables = data.get("rules", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{where}: `rules` must be a table of rule tables")
    severities: dict[str, Severity] = {}
    options: dict[str, dict[str, Any]] = {}
    for name, table in tables.items():
        rule = lookup(name)
        if rule is None:
            raise ConfigError(f"{where}: `rules.{name}`: no such rule")
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: `rules.{name}` must be a table")
        for key, value in table.items():
            if key == "severity":
                try:
                    severities[rule.code] = Severity(value)
                except ValueError:
                    raise ConfigError(
                        f'{where}: `rules.{name}.severity` must be "error", "warning" or "info"'
                    ) from None
                continue
            option = rule.options.get(key)
            if option is None:
                known = ", ".join(["severity", *rule.options]) or "severity"
                raise ConfigError(f"{where}: `rules.{name}.{key}`: unknown option (known: {known})")
            problem = option.validate(value)
            if problem is not None:
                raise ConfigError(f"{where}: `rules.{name}.{key}` {problem}")
            options.setdefault(rule.code, {})[key] = value
    return severities, options
