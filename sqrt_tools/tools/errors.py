"""A tool definition file that cannot be used, as one line with its location."""

from __future__ import annotations


class ToolDefinitionError(Exception):
    """A tool definition file that cannot be used: the file, the JSON path, the reason."""

    def __init__(self, source: str, path: str, reason: str) -> None:
        super().__init__(f"{source}: {path}: {reason}" if path else f"{source}: {reason}")
        self.source = source
        self.path = path
        self.reason = reason
