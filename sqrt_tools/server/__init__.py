"""The SQRT language server (pygls): LSP requests mapped onto the parser, the semantic
model, the linter and the formatter. Start it with `sqrt lsp` (stdio) or
`sqrt lsp --tcp HOST:PORT` (or `--tcp --port PORT`); from Python, `create_server()`
builds a configured server.
"""

from __future__ import annotations

from sqrt_tools.server import (
    code_actions,
    completion,
    configuration,
    diagnostics,
    formatting,
    hover,
    navigation,
    semantic_tokens,
    structure,
    symbols,
    workspace_symbols,
)
from sqrt_tools.server.server import SqrtServer, register_sync

_FEATURES = (
    diagnostics,
    configuration,
    hover,
    completion,
    navigation,
    symbols,
    workspace_symbols,
    structure,
    semantic_tokens,
    code_actions,
    formatting,
)


def create_server() -> SqrtServer:
    """A language server with every capability registered, ready to start."""
    server = SqrtServer()
    register_sync(server)
    for feature in _FEATURES:
        feature.register(server)
    return server


__all__ = ["SqrtServer", "create_server"]
