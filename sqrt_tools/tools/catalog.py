"""The agent's tools: every definition read from the configured files, by name.

`load_catalog(entries, root)` reads tool files named as files, directories (their
`*.json`, `*.yaml` and `*.yml`, recursively) or glob patterns, relative to `root`.
A file that cannot be read is one error line with its location, and the other files
still load. Loading is cached by each file's modification time and size, so the
language server can ask on every edit and only reads a file again when it changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqrt_tools.tools.definitions import ToolDefinition, load_tools
from sqrt_tools.tools.errors import ToolDefinitionError
from sqrt_tools.tools.internal import INTERNAL_TOOL_NAMES

if TYPE_CHECKING:
    from sqrt_tools.evaluate.bounded_regex import BoundedPattern

TOOL_FILE_SUFFIXES = (".json", ".yaml", ".yml")
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class ToolCatalog:
    """The tools of one agent, the files they came from, and the files that failed."""

    tools: tuple[ToolDefinition, ...]
    files: tuple[Path, ...] = ()
    errors: tuple[str, ...] = ()
    _by_name: dict[str, ToolDefinition] = field(default_factory=dict, compare=False, repr=False)
    # Which tools each policy id applies to: asked for every argument a rule reads.
    _applying: dict[tuple[str, bool], tuple[ToolDefinition, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for tool in self.tools:
            self._by_name.setdefault(tool.name, tool)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def get(self, name: str) -> ToolDefinition | None:
        return self._by_name.get(name)

    def is_known(self, name: str) -> bool:
        """True for a defined tool and for the service's internal tools [doc]."""
        return name in self._by_name or name in INTERNAL_TOOL_NAMES

    def applying(self, tool_id: str, *, regex: bool) -> tuple[ToolDefinition, ...]:
        """The defined tools a policy with this id applies to, matched as the evaluator
        matches (none for a regex that does not compile)."""
        if not regex:
            tool = self.get(tool_id)
            return (tool,) if tool is not None else ()
        known = self._applying.get((tool_id, regex))
        if known is None:
            known = self._applying[(tool_id, regex)] = self._matching(tool_id)
        return known

    def internal_applying(self, tool_id: str, *, regex: bool) -> tuple[str, ...]:
        """The service's internal tools a policy with this id applies to."""
        if not regex:
            return (tool_id,) if tool_id in INTERNAL_TOOL_NAMES else ()
        pattern = bounded(tool_id)
        if pattern is None:
            return ()
        return tuple(name for name in INTERNAL_TOOL_NAMES if _matches(pattern, name))

    def _matching(self, tool_id: str) -> tuple[ToolDefinition, ...]:
        pattern = bounded(tool_id)
        if pattern is None:
            return ()
        return tuple(tool for tool in self.tools if _matches(pattern, tool.name))

    @property
    def internal_names(self) -> tuple[str, ...]:
        return tuple(name for name in INTERNAL_TOOL_NAMES if name not in self._by_name)


def bounded(tool_id: str) -> BoundedPattern | None:
    """A regex tool id compiled as the evaluator compiles it; None when it does not."""
    from sqrt_tools.evaluate.bounded_regex import BoundedPattern

    try:
        re.compile(tool_id)
        return BoundedPattern(tool_id, text=f'r"{tool_id}"', where="tool id")
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def _matches(pattern: BoundedPattern, name: str) -> bool:
    # Imported here: the evaluator package loads all of itself, and `sqrt check`
    # imports this module whether or not tool definitions are configured.
    from sqrt_tools.evaluate.bounded_regex import RegexTimeout
    from sqrt_tools.evaluate.decisions import tool_id_matches

    try:
        return tool_id_matches(pattern, name)
    except RegexTimeout:
        return False  # [ours] too slow to decide: not counted (redos-regex warns)


def load_catalog(entries: Sequence[str], root: Path | None = None) -> ToolCatalog:
    """The tools of every file `entries` name; never raises (problems are in `errors`)."""
    base = root if root is not None else Path.cwd()
    errors: list[str] = []
    files: list[Path] = []
    for entry in entries:
        found = _expand(entry, base)
        if not found:
            errors.append(f"{entry}: no tool definition file matches")
        files.extend(path for path in found if path not in files)
    tools: list[ToolDefinition] = []
    first_file: dict[str, str] = {}
    for path in files:
        loaded, problem = _load_one(path)
        if problem is not None:
            errors.append(problem)
            continue
        for tool in loaded:
            first = next((t for t in tools if t.name == tool.name), None)
            if first is not None and _same(first, tool):
                # [ours] One tool written in two shapes (for two providers) is one tool.
                continue
            if tool.name in first_file:
                where = shown(tool.file)
                where += f":{tool.position.line}" if tool.position else ""
                errors.append(
                    f"{where}: a second, different tool named {tool.name!r}; the one in "
                    f"{shown(first_file[tool.name])} is used"
                )
                continue
            first_file[tool.name] = tool.file
            tools.append(tool)
    return ToolCatalog(tuple(tools), tuple(files), tuple(errors))


def shown(path: str) -> str:
    """A tool file's path for messages: relative to the working directory when inside it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _same(first: ToolDefinition, second: ToolDefinition) -> bool:
    return (first.description, first.input_schema) == (second.description, second.input_schema)


def clear_cache() -> None:
    """Forget every file read (the language server calls this when a tool file changes)."""
    _CACHE.clear()


def is_tool_file(path: str) -> bool:
    return path.lower().endswith(TOOL_FILE_SUFFIXES)


def _expand(entry: str, base: Path) -> list[Path]:
    path = Path(entry).expanduser()
    if not path.is_absolute():
        path = base / path
    if _GLOB_CHARACTERS & set(entry):
        anchor = Path(path.anchor)
        relative = str(path.relative_to(anchor))
        return sorted(p for p in anchor.glob(relative) if p.is_file())
    if path.is_dir():
        return sorted(p for p in _walk(path) if p.is_file())
    return [path]


def _walk(directory: Path) -> Iterable[Path]:
    for suffix in TOOL_FILE_SUFFIXES:
        yield from directory.rglob(f"*{suffix}")


_CACHE: dict[Path, tuple[tuple[int, int], tuple[ToolDefinition, ...] | str]] = {}


def _load_one(path: Path) -> tuple[tuple[ToolDefinition, ...], str | None]:
    try:
        status = path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
    except OSError:
        stamp = (-1, -1)
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == stamp and stamp != (-1, -1):
        value = cached[1]
        return ((), value) if isinstance(value, str) else (value, None)
    try:
        loaded: tuple[ToolDefinition, ...] | str = load_tools(path)
    except ToolDefinitionError as exc:
        loaded = str(exc)
    _CACHE[path] = (stamp, loaded)
    return ((), loaded) if isinstance(loaded, str) else (loaded, None)
