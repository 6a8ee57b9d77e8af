"""Print the package-level import graph of sqrt_tools and check its direction.

    python scripts/import_graph.py            # arrows between packages, with their layers
    python scripts/import_graph.py --check    # also exit 1 on a cycle or an upward arrow

A "package" is a subpackage of `sqrt_tools` (`syntax`, `lint`, ...) or one of its
top-level modules (`diagnostics`, `sets`, ...); the package's own `__init__.py` is
`sqrt_tools` itself, the public facade. Every import counts, also one inside a function
(a deferred import is still a dependency) and one under `if TYPE_CHECKING:`.

`LAYERS` below is the one place the layer order is defined (docs/architecture.md
draws it). An arrow may only point to a lower layer: never up, never sideways to a peer
in the same layer. The script reads the files as text, so it needs no import of them.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = "sqrt_tools"
ROOT_NODE = PACKAGE  # the facade: sqrt_tools/__init__.py

# Bottom first. Peers in one layer do not import each other.
LAYERS: list[list[str]] = [
    ["input_limits", "json_numbers"],  # bounded reading and parsing of outside input
    ["_version", "config", "safe_text", "sets"],  # leaves (config reads bounded)
    ["presets"],  # the service's presets model; reads its [tool.sqrt.presets] table from config
    ["syntax"],  # text -> AST + syntax diagnostics; Span and Diagnostic live here
    ["semantics"],  # names, kinds, scopes, the [ours] decisions about them
    ["results"],  # decoding dual-LLM results
    ["evaluate"],  # how the service decides a call (decisions.py), local evaluation
    ["tools", "analysis"],  # the agent's tool definitions; plan analysis over the evaluator
    ["format", "lint"],  # the printer; the rules (some check against the tools)
    ["coverage", "service"],  # which tools the policies cover; the HTTP client, drafting
    ["present"],  # the one presentation layer: every command's text, JSON, SARIF, JUnit...
    ["report"],  # the HTML run report and the dataflow picture, over present's plan JSON
    [ROOT_NODE],  # the public Python API (sqrt_tools/__init__.py)
    ["server"],  # the language server
    ["cli"],  # the typer app; `sqrt lsp` starts the server
    ["__main__"],  # python -m sqrt_tools
]


def node_of(module: str) -> str | None:
    """The graph node of a dotted module name, or None outside the package."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    return parts[1] if len(parts) > 1 else ROOT_NODE


def module_name(path: Path, package_dir: Path) -> str:
    relative = path.relative_to(package_dir.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every module an import statement in `tree` names, relative imports resolved."""
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for statement in ast.walk(tree):
        if isinstance(statement, ast.Import):
            found.update(alias.name for alias in statement.names)
        elif isinstance(statement, ast.ImportFrom):
            if statement.level:
                base = package.split(".")
                base = base[: len(base) - statement.level + 1]
                target = ".".join(base + ([statement.module] if statement.module else []))
            else:
                target = statement.module or ""
            if target != PACKAGE:  # `from sqrt_tools import config` is about `config`
                found.add(target)
            # `from sqrt_tools.syntax import spans` imports the submodule `spans`.
            found.update(f"{target}.{alias.name}" for alias in statement.names)
    return found


def package_graph(package_dir: Path) -> dict[tuple[str, str], list[str]]:
    """(from node, to node) -> the modules whose imports make that arrow."""
    arrows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(package_dir.rglob("*.py")):
        module = module_name(path, package_dir)
        source = node_of(module)
        assert source is not None
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = imported_modules(tree, module, is_package=path.stem == "__init__")
        targets = {_real_node(package_dir, name) for name in names}
        for target in sorted(t for t in targets if t is not None and t != source):
            arrows[(source, target)].append(module)
    return dict(arrows)


def _real_node(package_dir: Path, module: str) -> str | None:
    """The node a module belongs to; `sqrt_tools.parse` (a name, not a module) is the facade."""
    node = node_of(module)
    if node is None or node == ROOT_NODE:
        return node
    if (package_dir / node).is_dir() or (package_dir / f"{node}.py").is_file():
        return node
    return ROOT_NODE


def find_cycles(arrows: dict[tuple[str, str], list[str]]) -> list[list[str]]:
    """Each strongly connected component with more than one node (Tarjan)."""
    edges: dict[str, list[str]] = defaultdict(list)
    for source, target in arrows:
        edges[source].append(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in edges[node]:
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted({n for arrow in arrows for n in arrow}):
        if node not in index:
            visit(node)
    return components


def problems(package_dir: Path) -> list[str]:
    """Every cycle, upward or sideways arrow, and node missing from the layers."""
    arrows = package_graph(package_dir)
    level = {node: height for height, layer in enumerate(LAYERS) for node in layer}
    found = [f"cycle: {' <-> '.join(component)}" for component in find_cycles(arrows)]
    nodes = {n for arrow in arrows for n in arrow} | _all_nodes(package_dir)
    found += [f"{node} is in no layer of LAYERS" for node in sorted(nodes - set(level))]
    for (source, target), modules in sorted(arrows.items()):
        if source in level and target in level and level[target] >= level[source]:
            direction = "upward" if level[target] > level[source] else "sideways"
            found.append(f"{direction} arrow {source} -> {target} (in {', '.join(modules)})")
    return found


def _all_nodes(package_dir: Path) -> set[str]:
    nodes = {ROOT_NODE}
    for entry in package_dir.iterdir():
        if entry.is_dir() and (entry / "__init__.py").is_file():
            nodes.add(entry.name)
        elif entry.suffix == ".py" and entry.stem != "__init__":
            nodes.add(entry.stem)
    return nodes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 on a problem")
    parser.add_argument(
        "--package",
        type=Path,
        default=Path(__file__).resolve().parent.parent / PACKAGE,
        help="the package directory (default: this checkout's sqrt_tools/)",
    )
    options = parser.parse_args(argv)
    package_dir: Path = options.package
    arrows = package_graph(package_dir)
    level = {node: height for height, layer in enumerate(LAYERS) for node in layer}
    print("layers, top first:")
    for height in reversed(range(len(LAYERS))):
        print(f"  {height}: {' '.join(LAYERS[height])}")
    print("arrows (from -> to, layer numbers):")
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, target in sorted(arrows):
        by_source[source].append(f"{target}({level.get(target, '?')})")
    for source in sorted(by_source, key=lambda n: (-level.get(n, -1), n)):
        print(f"  {source}({level.get(source, '?')}) -> {', '.join(by_source[source])}")
    found = problems(package_dir)
    for problem in found:
        print(f"problem: {problem}")
    if not found:
        print("no cycle, no upward or sideways arrow")
    return 1 if options.check and found else 0


if __name__ == "__main__":
    sys.exit(main())
