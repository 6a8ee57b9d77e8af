"""`sqrt lsp`: run the language server over stdio (or TCP with `--tcp HOST:PORT`).

Standard output carries the protocol, so nothing else is ever printed there; the
server's own log goes to standard error.
"""

from __future__ import annotations

import gc
import logging
import sys
from typing import Annotated

import typer

EXIT_USAGE = 2

_HELP = (
    "Run the SQRT language server.\n\n"
    "Editors start it as `sqrt lsp` and talk LSP over standard input and output. "
    "With --tcp HOST:PORT it listens on a socket instead (for debugging, or editors "
    "that connect to a running server)."
)


def parse_address(value: str) -> tuple[str, int]:
    """`HOST:PORT` (IPv6 hosts in brackets: `[::1]:2087`). Raises ValueError."""
    host, separator, port_text = value.rpartition(":")
    host = host.strip("[]")
    if not separator or not host or not port_text.isdigit():
        raise ValueError(f"--tcp expects HOST:PORT, e.g. 127.0.0.1:2087, not {value!r}")
    port = int(port_text)
    if not 0 < port < 65536:
        raise ValueError(f"--tcp: port {port} is out of range (1-65535)")
    return host, port


class EscapingFormatter(logging.Formatter):
    """Log lines carry client data (URIs, and at debug level whole messages with the
    documents' text): escaped, so none of it can drive the terminal showing the log."""

    def format(self, record: logging.LogRecord) -> str:
        from sqrt_tools.safe_text import escape_control

        return escape_control(super().format(record))


# A parse allocates a tree of tens of thousands of nodes that live as long as the
# document's version; with the default first-generation threshold (700) the collector
# runs dozens of times per analysis, walking the young tree each time.
GC_THRESHOLDS = (20_000, 20, 20)


def tune_garbage_collector() -> None:
    """Fewer collections while analysing (about a tenth off each analysis of a
    2,000-line policy in bench/lsp.py); the modules and grammar tables loaded at
    start-up live as long as the process, so they are frozen out of every collection."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def lsp_command(
    tcp: Annotated[
        str | None,
        typer.Option("--tcp", metavar="HOST:PORT", help="Listen on a TCP socket, not stdio."),
    ] = None,
    log_level: Annotated[
        str,
        typer.Option(
            "--log-level",
            help="Log to standard error from this level: debug, info, warning, error.",
        ),
    ] = "warning",
) -> None:
    """Run the SQRT language server (stdio by default)."""
    from sqrt_tools.safe_text import escape_control

    level = logging.getLevelName(log_level.upper())
    if not isinstance(level, int):
        sys.stderr.write(f"sqrt lsp: unknown log level {escape_control(log_level)!r}\n")
        raise typer.Exit(EXIT_USAGE)
    address: tuple[str, int] | None = None
    if tcp is not None:
        try:
            address = parse_address(tcp)
        except ValueError as exc:
            sys.stderr.write(f"sqrt lsp: {escape_control(str(exc), keep_newlines=False)}\n")
            raise typer.Exit(EXIT_USAGE) from None
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(EscapingFormatter("sqrt lsp: %(levelname)s %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])

    from sqrt_tools.server import create_server

    server = create_server()
    tune_garbage_collector()
    if address is None:
        server.start_io()
        return
    try:
        server.start_tcp(*address)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        sys.stderr.write(f"sqrt lsp: cannot listen on {tcp}: {escape_control(reason)}\n")
        raise typer.Exit(EXIT_USAGE) from None


def register(app: typer.Typer) -> None:
    """Add the `lsp` command to `app`."""
    app.command("lsp", help=_HELP)(lsp_command)
