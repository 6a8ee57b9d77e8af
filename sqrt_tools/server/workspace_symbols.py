"""Workspace symbols: the `let`s and tool policies of every open and workspace `.sqrt` file.

Open documents are read from the editor's copy; other `.sqrt` files under the
workspace folders from disk, parsed once per modification and remembered.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from sqrt_tools.server.positions import Encoding, Positions
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.server.settings import document_path
from sqrt_tools.syntax import ast, parse

# [ours] Bounds that keep one request short in a huge or odd workspace: folders that
# never hold policies are skipped, and so are files past the limits.
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".mypy_cache"}
)
MAX_FILES = 2_000
MAX_FILE_BYTES = 2_000_000
MAX_RESULTS = 1_000


@dataclass(frozen=True, slots=True)
class Entry:
    """One symbol of one file, with its range already in LSP form."""

    name: str
    kind: types.SymbolKind
    range: types.Range
    container: str | None


def file_symbols(positions: Positions, program: ast.Program) -> list[Entry]:
    entries: list[Entry] = []
    for declaration in program.declarations:
        if isinstance(declaration, ast.LetDecl):
            span = declaration.name.span
            entries.append(
                Entry(
                    declaration.name.text,
                    types.SymbolKind.Variable,
                    positions.range(span.start, span.end),
                    None,
                )
            )
        elif isinstance(declaration, ast.ToolPolicy | ast.ToolShorthand):
            span = declaration.tool_id.span
            entries.append(
                Entry(
                    declaration.tool_id.raw,
                    types.SymbolKind.Function,
                    positions.range(span.start, span.end),
                    "tool policy",
                )
            )
    return entries


def matches(query: str, name: str) -> bool:
    """Fuzzy match: the query's characters appear in the name in order (any case)."""
    if not query:
        return True
    remaining = iter(name.casefold())
    return all(char in remaining for char in query.casefold())


class WorkspaceIndex:
    """Symbols of the `.sqrt` files on disk, cached by modification time and size."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], list[Entry]]] = {}

    def files(self, roots: list[Path]) -> list[Path]:
        found: list[Path] = []
        for root in roots:
            for directory, subdirectories, names in os.walk(root):
                subdirectories[:] = sorted(
                    name
                    for name in subdirectories
                    if name not in SKIPPED_DIRECTORIES and not name.startswith(".")
                )
                for name in sorted(names):
                    if name.endswith(".sqrt"):
                        found.append(Path(directory) / name)
                        if len(found) >= MAX_FILES:
                            return found
        return found

    def symbols(self, path: Path, encoding: Encoding) -> list[Entry]:
        try:
            stat = path.stat()
        except OSError:
            return []
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        if stat.st_size > MAX_FILE_BYTES:
            return []
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return []
        entries = file_symbols(Positions(text, encoding), parse(text).program)
        self._cache[path] = (key, entries)
        return entries


def workspace_roots(server: SqrtServer) -> list[Path]:
    roots: list[Path] = []
    for folder in server.workspace.folders.values():
        path = document_path(folder.uri)
        if path is not None:
            roots.append(path)
    if not roots and server.workspace.root_uri:
        path = document_path(server.workspace.root_uri)
        if path is not None:
            roots.append(path)
    return [root for root in roots if root.is_dir()]


def register(server: SqrtServer) -> None:
    index = WorkspaceIndex()

    @server.handle(types.WORKSPACE_SYMBOL, [])
    def workspace_symbols(params: types.WorkspaceSymbolParams) -> list[types.SymbolInformation]:
        results: list[types.SymbolInformation] = []
        seen: set[str] = set()

        def add(uri: str, entries: list[Entry]) -> None:
            for entry in entries:
                if matches(params.query, entry.name) and len(results) < MAX_RESULTS:
                    results.append(
                        types.SymbolInformation(
                            name=entry.name,
                            kind=entry.kind,
                            location=types.Location(uri, entry.range),
                            container_name=entry.container,
                        )
                    )

        for document in server.documents:
            analysis = document.analysis
            seen.add(document.uri)
            add(document.uri, file_symbols(analysis.positions, analysis.program))
        for path in index.files(workspace_roots(server)):
            uri = from_fs_path(str(path))
            if uri is None or uri in seen:
                continue
            add(uri, index.symbols(path, server.documents.encoding))
        return results
