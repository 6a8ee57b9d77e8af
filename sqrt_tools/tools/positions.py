"""Where things are in a tool definition file: JSON paths to line and column.

The loader reads values with `json` (or PyYAML's safe loader) and knows each tool and
parameter by its JSON path (`$.tools[2].inputSchema.properties.to`). For go-to-definition
and for error messages we also want the line, so the text is composed a second time
into PyYAML's node tree, which keeps the start mark of every node; JSON is read the same
way, since (the odd escape aside) JSON text is YAML. Positions are a convenience: text
the composer cannot read simply has none, and loading never fails because of them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_STEP = re.compile(r'\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


@dataclass(frozen=True, slots=True, order=True)
class SourcePosition:
    """A place in a file: 1-based line and column (code points), as people count."""

    line: int
    column: int


class PositionIndex:
    """The positions of the nodes of one composed document."""

    def __init__(self, root: Any) -> None:
        self._root = root

    def position(self, json_path: str, *, key: bool = False) -> SourcePosition | None:
        """The start of the value at `json_path` (with `key`: of its key in the mapping)."""
        if self._root is None or not json_path.startswith("$"):
            return None
        node = self._root
        key_node: Any = None
        rest = json_path[1:]
        while rest:
            step = _STEP.match(rest)
            if step is None:
                return None
            rest = rest[step.end() :]
            name, index, quoted = step.groups()
            if index is not None:
                items = node.value if _is(node, "SequenceNode") else None
                if items is None or int(index) >= len(items):
                    return None
                node, key_node = items[int(index)], None
                continue
            wanted = name if name is not None else json.loads(quoted)
            found = _member(node, wanted)
            if found is None:
                return None
            key_node, node = found
        chosen = key_node if key and key_node is not None else node
        mark = chosen.start_mark
        return SourcePosition(mark.line + 1, mark.column + 1)


def index_text(text: str) -> PositionIndex:
    """Compose `text` (JSON or YAML); an index without positions when that fails."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return PositionIndex(yaml.compose(text, Loader=loader))
    except (yaml.YAMLError, RecursionError, ValueError):
        return PositionIndex(None)


def _is(node: Any, kind: str) -> bool:
    return type(node).__name__ == kind


def _member(node: Any, wanted: str) -> tuple[Any, Any] | None:
    """The (key node, value node) of `wanted` in a mapping node; the last one wins, as
    in the loaded value."""
    if not _is(node, "MappingNode"):
        return None
    found: tuple[Any, Any] | None = None
    for key_node, value_node in node.value:
        if _is(key_node, "ScalarNode") and key_node.value == wanted:
            found = (key_node, value_node)
    return found
